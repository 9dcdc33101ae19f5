import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, DatePicker, Empty, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { CancelNoticeButton } from './cancel-notice-button';
import { phaseColours, type Notice, type NoticePreview, type NoticeSummary } from './notice-types';
import { serverDayjs } from '../../clock';

interface PlanSummary {
  id: string;
  title: string | null;
  year: number;
  status: string;
  enterpriseName: string;
}

export const noticesKey = ['notices'] as const;

/** 公示管理: start a notice of a plan's recommended list (dates computed in working days), and the notices held. */
export default function NoticeAdminPage() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const problemText = useProblemText();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [planId, setPlanId] = useState<string>();
  const [start, setStart] = useState<Dayjs | null>(serverDayjs());
  const [contact, setContact] = useState('');
  const [publicLink, setPublicLink] = useState(false);
  const [summaries, setSummaries] = useState<Record<string, string>>({});
  const startDate = start?.format('YYYY-MM-DD');

  const plans = useQuery({
    queryKey: ['plans', 'for-notice'],
    queryFn: ({ signal }) => api.get<{ items: PlanSummary[] }>('/plans', undefined, signal),
    select: (data) => data.items.filter((plan) => plan.status !== 'draft'),
  });
  const notices = useQuery({ queryKey: noticesKey, queryFn: ({ signal }) => api.get<{ items: NoticeSummary[] }>('/notices', undefined, signal) });
  const preview = useQuery({
    queryKey: ['notices', 'preview', planId, startDate],
    enabled: Boolean(planId && startDate),
    queryFn: ({ signal }) => api.get<NoticePreview>(`/notice-plans/${planId}/preview`, { start: startDate }, signal),
  });
  const startNotice = useMutation({
    mutationFn: () => api.post<Notice>('/notices', { planId, startDate, contact, publicLink, summaries: Object.keys(summaries).length ? summaries : undefined }),
    onSuccess: (notice) => {
      void queryClient.invalidateQueries({ queryKey: noticesKey });
      message.success(t('notices.started'));
      void navigate(`/notices/${notice.id}`);
    },
    onError: (error) => message.error(problemText(error)),
  });

  const candidates = preview.data?.candidates ?? [];
  const canStart = Boolean(planId && startDate && contact.trim().length >= 2 && preview.data && candidates.length > 0);
  const askStart = () =>
    modal.confirm({
      title: t('notices.confirmStart'),
      content: t('notices.confirmStartBody', { count: candidates.length, start: preview.data?.startDate, end: preview.data?.endDate }),
      okText: t('notices.start'),
      onOk: () => startNotice.mutateAsync(),
    });

  const columns: TableColumnsType<NoticeSummary> = [
    { title: t('notices.plan'), key: 'plan', render: (_, row) => <Link to={`/notices/${row.id}`}>{row.planTitle ?? `${row.enterpriseName} ${row.planYear}`}</Link> },
    { title: t('notices.period'), key: 'period', render: (_, row) => t('notices.periodValue', { start: row.startDate, end: row.endDate, days: row.workingDays }) },
    { title: t('notices.candidates'), dataIndex: 'candidateCount', width: 100 },
    { title: t('notices.openObjections'), dataIndex: 'openObjections', width: 110 },
    { title: t('notices.status'), key: 'phase', width: 150, render: (_, row) => <Tag color={phaseColours[row.phase]}>{t(`notices.phases.${row.phase}`)}</Tag> },
    {
      title: t('common.actions'),
      key: 'open',
      width: 180,
      render: (_, row) => (
        <Space>
          <Link to={`/notices/${row.id}`}>{t('notices.open')}</Link>
          {row.status === 'open' && (row.phase === 'not-started' || row.phase === 'running') ? <CancelNoticeButton noticeId={row.id} size="small" /> : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('notices.adminTitle')} description={t('notices.adminIntro')} />
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Card title={t('notices.start')} data-testid="notice-start">
          <Form layout="vertical" style={{ maxWidth: 720 }}>
            <Form.Item label={t('notices.plan')} required htmlFor="notice-plan">
              <Select
                id="notice-plan"
                data-testid="notice-plan"
                placeholder={t('notices.planPlaceholder')}
                loading={plans.isPending}
                value={planId}
                onChange={(value: string) => {
                  setPlanId(value);
                  setSummaries({});
                }}
                options={(plans.data ?? []).map((plan) => ({ value: plan.id, label: plan.title ?? `${plan.enterpriseName} ${plan.year}` }))}
              />
            </Form.Item>
            <Form.Item label={t('notices.startDate')} required extra={t('sanctions.notice.startHint')} htmlFor="notice-start-date">
              <DatePicker id="notice-start-date" data-testid="notice-start-date" value={start} onChange={(value) => setStart(value)} allowClear={false} disabledDate={(day) => day.isBefore(serverDayjs(), 'day')} />
            </Form.Item>
            {preview.isError ? <ProblemAlert error={preview.error} /> : null}
            {preview.data ? (
              <Alert
                type="info"
                showIcon
                data-testid="notice-computed"
                title={t('notices.computed', { start: preview.data.startDate, end: preview.data.endDate, days: preview.data.workingDays })}
                style={{ marginBottom: 16 }}
              />
            ) : null}
            <Form.Item label={t('notices.contact')} required htmlFor="notice-contact">
              <Input id="notice-contact" data-testid="notice-contact" value={contact} maxLength={500} placeholder={t('notices.contactPlaceholder')} onChange={(event) => setContact(event.target.value)} />
            </Form.Item>
            <Form.Item>
              <Checkbox checked={publicLink} onChange={(event) => setPublicLink(event.target.checked)}>
                {t('notices.publicLink')}
              </Checkbox>
            </Form.Item>
          </Form>
          {preview.data ? (
            candidates.length ? (
              <Table
                size="small"
                rowKey="applicationId"
                pagination={false}
                dataSource={candidates}
                scroll={{ x: 800 }}
                columns={[
                  { title: t('notices.name'), dataIndex: 'name', width: 100 },
                  { title: t('notices.unit'), key: 'unit', width: 200, render: (_, row) => [row.unitName, row.department].filter(Boolean).join(' ') },
                  { title: t('notices.occupation'), key: 'occupation', width: 160, render: (_, row) => row.occupationName ?? row.occupationCode },
                  {
                    title: t('notices.summary'),
                    key: 'summary',
                    render: (_, row) => (
                      <Input.TextArea
                        autoSize={{ minRows: 1, maxRows: 4 }}
                        maxLength={1000}
                        value={summaries[row.applicationId] ?? row.summary}
                        onChange={(event) => setSummaries((current) => ({ ...current, [row.applicationId]: event.target.value }))}
                      />
                    ),
                  },
                ]}
              />
            ) : (
              <Empty description={t('notices.noCandidates')} />
            )
          ) : null}
          <div style={{ marginTop: 16 }}>
            <Button type="primary" data-testid="notice-start-button" disabled={!canStart} loading={startNotice.isPending} onClick={askStart}>
              {t('notices.start')}
            </Button>
          </div>
        </Card>
        <Card title={t('notices.list')}>
          {notices.isError ? (
            <ProblemAlert title={t('errors.loadFailed')} error={notices.error} onRetry={() => void notices.refetch()} />
          ) : (
            <Table
              rowKey="id"
              loading={notices.isPending}
              dataSource={notices.data?.items ?? []}
              columns={columns}
              scroll={{ x: 760 }}
              pagination={false}
              locale={{ emptyText: <Empty description={t('notices.empty')} /> }}
            />
          )}
        </Card>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16 }} />
    </>
  );
}
