import { FilePdfOutlined } from '@ant-design/icons';
import { Button, Empty, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { planPdfUrl, usePlanDiff, type PlanSource } from '../../api/pilot-plan-queries';
import type { PlanChange, PlanSection, PlanStatus, PlanVersionInfo } from '../../api/pilot-plan-types';
import { ProblemAlert } from '../../components/problem-alert';
import { pickMessage, useLocale } from '../../i18n';
import { formatDateTime } from '../pilots/pilot-labels';

const STATUS_COLORS: Record<PlanStatus, string> = { draft: 'default', published: 'success', closed: 'default' };

export function PlanStatusTag({ status }: { status: PlanStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="plan-status">
      {t(`plans.statuses.${status}`)}
    </Tag>
  );
}

/** The plan as the employees read it: the Chinese text of a published version, section by section. */
export function PlanDocument({ title, subtitle, sections }: { title: string; subtitle?: string; sections: PlanSection[] }) {
  return (
    <article className="plan-document" lang="zh-CN" data-testid="plan-document" style={{ maxWidth: 820, margin: '0 auto', fontSize: 15, lineHeight: 1.9 }}>
      <Typography.Title level={3} style={{ textAlign: 'center' }}>
        {title}
      </Typography.Title>
      {subtitle ? <Typography.Paragraph style={{ textAlign: 'center', color: '#666' }}>{subtitle}</Typography.Paragraph> : null}
      {sections.map((section) => (
        <section key={section.heading}>
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {section.heading}
          </Typography.Title>
          {section.paragraphs.map((paragraph, index) => (
            <Typography.Paragraph key={index} style={{ textIndent: '2em', marginBottom: 6 }}>
              {paragraph}
            </Typography.Paragraph>
          ))}
        </section>
      ))}
    </article>
  );
}

/** What changed from one version to the next, field by field. */
export function PlanDiffTable({ source, planId, from, to }: { source: PlanSource; planId: string; from: number; to: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const diff = usePlanDiff(source, planId, from, to);
  if (diff.isError) return <ProblemAlert error={diff.error} onRetry={() => void diff.refetch()} />;
  const value = (text: string | null) => (text === null ? <Typography.Text type="secondary">{t('planEditor.versions.none')}</Typography.Text> : text);
  return (
    <Table<PlanChange>
      size="small"
      rowKey="path"
      loading={diff.isPending}
      dataSource={diff.data?.changes ?? []}
      pagination={false}
      locale={{ emptyText: t('planEditor.versions.noChanges') }}
      title={() => (from === 0 ? t('planEditor.versions.firstVersion') : t('planEditor.versions.changes', { from, to }))}
      columns={[
        { title: t('planEditor.versions.field'), key: 'label', width: 220, render: (_: unknown, row) => pickMessage(row.label, locale) },
        { title: t('planEditor.versions.before'), key: 'before', render: (_: unknown, row) => <span className="plan-diff-before">{value(row.before)}</span> },
        { title: t('planEditor.versions.after'), key: 'after', render: (_: unknown, row) => <span className="plan-diff-after">{value(row.after)}</span> },
      ]}
      data-testid="plan-diff"
    />
  );
}

/** The published versions: who published them and why, each with its PDF and what changed from the one before. */
export function PlanVersionList({
  source,
  planId,
  versions,
  onView,
}: {
  source: PlanSource;
  planId: string;
  versions: PlanVersionInfo[];
  onView?: (version: number) => void;
}) {
  const { t } = useTranslation();
  const [compared, setCompared] = useState<number | null>(versions.at(-1)?.version ?? null);
  if (!versions.length) return <Empty description={t('planEditor.versions.empty')} />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Table<PlanVersionInfo>
        size="small"
        rowKey="version"
        pagination={false}
        dataSource={[...versions].reverse()}
        data-testid="plan-versions"
        columns={[
          { title: t('plans.version'), key: 'version', width: 100, render: (_: unknown, row) => t('plans.versionValue', { version: row.version }) },
          { title: t('plans.publishedAt'), key: 'publishedAt', width: 160, render: (_: unknown, row) => formatDateTime(row.publishedAt) },
          { title: t('planEditor.versions.publishedBy'), dataIndex: 'publishedByName', key: 'by', width: 140, render: (value: string | null) => value ?? '—' },
          { title: t('planEditor.versions.note'), dataIndex: 'changeNote', key: 'note', render: (value: string | null) => value ?? '—' },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 260,
            render: (_: unknown, row) => (
              <Space size={4} wrap>
                {onView ? (
                  <Button size="small" type="link" onClick={() => onView(row.version)}>
                    {t('planEditor.versions.view')}
                  </Button>
                ) : null}
                <Button size="small" type="link" icon={<FilePdfOutlined />} href={planPdfUrl(source, planId, row.version)} target="_blank" data-testid={`plan-pdf-${row.version}`}>
                  {t('planEditor.versions.pdf')}
                </Button>
                <Button size="small" type="link" onClick={() => setCompared(row.version)} data-testid={`plan-compare-${row.version}`}>
                  {t('planEditor.versions.compare')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {compared ? <PlanDiffTable source={source} planId={planId} from={compared - 1} to={compared} /> : null}
    </Space>
  );
}
