import { EyeOutlined, FileImageOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Button, Empty, Modal, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { fileUrl } from '../../api/application-queries';
import type { EvidenceRef, Localized, PlanBrief } from '../../api/application-types';
import { usePlans } from '../../api/pilot-plan-queries';
import type { PlanSummary } from '../../api/pilot-plan-types';
import { pickMessage, useLocale } from '../../i18n';
import { punct } from '../../i18n/punctuation';
import { chinaTime } from '../../clock';

const STATUS_COLOURS: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  ineligible: 'error',
  eligible: 'success',
  disqualified: 'error',
};

export function ApplicationStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status] ?? 'blue'} data-testid="application-status">
      {t(`appCommon.statuses.${status}` as 'appCommon.statuses.draft', { defaultValue: status })}
    </Tag>
  );
}

export function useLocalized() {
  const locale = useLocale();
  return (text: Localized | null | undefined) => pickMessage(text ?? undefined, locale) ?? '';
}

export function formatTime(value: string | null | undefined): string {
  return value ? chinaTime(value) : '—';
}

export function planTitle(plan: Pick<PlanBrief | PlanSummary, 'title' | 'year'>, t: (key: 'appCommon.planTitleFallback', options: { year: number }) => string): string {
  return plan.title ?? t('appCommon.planTitleFallback', { year: plan.year });
}

/**
 * The published plan a screening page works on, chosen in a select and kept in the address
 * (`?plan=`), so that a reload or a shared link shows the same plan.
 */
export function usePlanChoice() {
  const [params, setParams] = useSearchParams();
  const plans = usePlans({ status: 'published' });
  const chosen = params.get('plan') ?? undefined;
  const list = plans.data ?? [];
  const planId = chosen && list.some((plan) => plan.id === chosen) ? chosen : list[0]?.id;
  const choose = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('plan', id);
    setParams(next, { replace: true });
  };
  return { plans, list, planId, choose };
}

export function PlanSelect({ list, value, onChange }: { list: PlanSummary[]; value: string | undefined; onChange: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <Select
      style={{ minWidth: 320 }}
      value={value}
      placeholder={t('appCommon.choosePlan')}
      onChange={onChange}
      aria-label={t('appCommon.choosePlan')}
      data-testid="plan-select"
      options={list.map((plan) => ({ value: plan.id, label: `${planTitle(plan, t)}${punct().paren(plan.enterpriseName)}` }))}
    />
  );
}

export function NoPlans() {
  const { t } = useTranslation();
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appCommon.noPlans')} />;
}

function isImage(name: string) {
  return /\.(jpe?g|png)$/i.test(name);
}

/** Opens a PDF or an image inside the page. */
export function EvidencePreview({ file, onClose }: { file: EvidenceRef | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={Boolean(file)} title={file?.name} onCancel={onClose} footer={null} width={880} destroyOnHidden>
      {file ? (
        isImage(file.name) ? (
          <img src={fileUrl(file.fileId, true)} alt={file.name} style={{ maxWidth: '100%', display: 'block', margin: '0 auto' }} />
        ) : (
          <iframe title={file.name} src={fileUrl(file.fileId, true)} style={{ width: '100%', height: '70vh', border: 0 }} data-testid="evidence-frame" />
        )
      ) : null}
      {file ? (
        <Typography.Link href={fileUrl(file.fileId)} style={{ display: 'inline-block', marginTop: 8 }}>
          {t('appCommon.download')}
        </Typography.Link>
      ) : null}
    </Modal>
  );
}

/** A list of evidence files, each opening in the preview. */
export function EvidenceList({ files, onRemove }: { files: EvidenceRef[]; onRemove?: (file: EvidenceRef) => void }) {
  const { t } = useTranslation();
  const [previewed, setPreviewed] = useState<EvidenceRef | null>(null);
  if (!files.length) return <Typography.Text type="secondary">{t('applicationReview.noEvidence')}</Typography.Text>;
  return (
    <>
      <Space wrap size={[8, 8]}>
        {files.map((file) => (
          <Tag
            key={file.fileId}
            icon={isImage(file.name) ? <FileImageOutlined /> : <FilePdfOutlined />}
            closable={Boolean(onRemove)}
            onClose={(event) => {
              event.preventDefault();
              onRemove?.(file);
            }}
            // A long file name wraps inside its tag (tags and buttons do not wrap by default): on a phone
            // it pushed the application's page sideways.
            style={{ padding: '2px 8px', whiteSpace: 'normal', maxWidth: '100%' }}
          >
            <Tooltip title={t('appCommon.preview')}>
              <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setPreviewed(file)} style={{ padding: 0, height: 'auto', whiteSpace: 'normal', overflowWrap: 'anywhere', textAlign: 'left' }} data-testid="evidence-preview">
                {file.name}
              </Button>
            </Tooltip>
          </Tag>
        ))}
      </Space>
      <EvidencePreview file={previewed} onClose={() => setPreviewed(null)} />
    </>
  );
}
