import { SoundOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, List, Modal, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { serverDayjs } from '../../clock';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';

export interface ReReviewNotice {
  id: string;
  planId: string;
  status: 'open' | 'cancelled';
  phase: 'not-started' | 'running' | 'ended' | 'confirmed';
  startDate: string;
  endDate: string;
  workingDays: number;
  contact: string;
  holders: { holderId: string; name: string; occupationName: string; previousEvaluation: string | null }[];
  cancelReason: string | null;
  cancelledAt: string | null;
  createdAt: string;
}

interface NoticeList {
  planId: string;
  required: boolean;
  workingDays: number;
  waiting: { holderId: string; name: string; occupationName: string }[];
  items: ReReviewNotice[];
}

const PHASE_COLOURS = { 'not-started': 'default', running: 'processing', ended: 'green', confirmed: 'green' } as const;

export const reReviewNoticeKeys = { list: (planId: string) => ['re-review', 'notices', planId] as const };

/** The tag of a notice: cancelled, or where its dates stand today. */
export function ReReviewNoticePhase({ notice }: { notice: ReReviewNotice }) {
  const { t } = useTranslation();
  if (notice.status === 'cancelled') return <Tag color="red">{t('reReview.notice.cancelled')}</Tag>;
  return <Tag color={PHASE_COLOURS[notice.phase]}>{t(`reReview.notice.phases.${notice.phase}`)}</Tag>;
}

/**
 * 复核确认名单公示 (六(三) with 四(三)): HR publishes the confirmed holders for the plan's working days
 * (at least 5) from today or later, sees the end date before publishing, and may cancel a notice
 * with a reason until its last day has passed. Certificates follow only after the notice's end.
 */
export function ReReviewNoticeCard({ planId, mayManage }: { planId: string; mayManage: boolean }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const problemText = useProblemText();
  const queryClient = useQueryClient();
  const [startDate, setStartDate] = useState<Dayjs>(serverDayjs());
  const [contact, setContact] = useState('');
  const [cancelling, setCancelling] = useState<ReReviewNotice | null>(null);
  const list = useQuery({
    queryKey: reReviewNoticeKeys.list(planId),
    queryFn: ({ signal }) => api.get<NoticeList>(`/re-review/plans/${planId}/notices`, undefined, signal),
  });
  const start = startDate.format('YYYY-MM-DD');
  const preview = useQuery({
    queryKey: ['re-review', 'notices', planId, 'preview', start],
    queryFn: ({ signal }) => api.get<{ endDate: string; workingDays: number }>(`/re-review/plans/${planId}/notices/preview`, { startDate: start }, signal),
    enabled: Boolean(list.data?.required),
    retry: false,
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['re-review'] });
  };
  const publish = useMutation({
    mutationFn: () => api.post<ReReviewNotice>(`/re-review/plans/${planId}/notices`, { startDate: start, contact: contact.trim() }),
    onSuccess: (notice) => {
      void message.success(t('reReview.notice.published', { start: notice.startDate, end: notice.endDate, count: notice.holders.length }));
      refresh();
    },
  });
  const cancel = useMutation({
    mutationFn: (input: { id: string; reason: string }) => api.post<ReReviewNotice>(`/re-review/notices/${input.id}/cancel`, { reason: input.reason }),
    onSuccess: () => {
      void message.success(t('reReview.notice.cancelDone'));
      setCancelling(null);
      refresh();
    },
    onError: (error) => void message.error(problemText(error)),
  });
  const data = list.data;
  const waiting = data?.waiting ?? [];
  const askPublish = () =>
    modal.confirm({
      title: t('reReview.notice.publishConfirmTitle', { count: waiting.length }),
      content: t('reReview.notice.publishConfirmContent', { start, end: preview.data?.endDate ?? '—', names: waiting.map((row) => row.name).join('、') }),
      okText: t('reReview.notice.publish'),
      onOk: () => publish.mutateAsync(),
    });

  return (
    <Card title={t('reReview.notice.title')} size="small" data-testid="re-review-notice-card">
      {list.isError ? <ProblemAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {data && !data.required ? <Alert type="warning" showIcon title={t('reReview.notice.notRequired')} data-testid="re-review-notice-off" /> : null}
      {data?.required ? (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('reReview.notice.intro', { days: data.workingDays })}
          </Typography.Paragraph>
          {mayManage ? (
            waiting.length ? (
              <Form layout="inline" onFinish={askPublish}>
                <Form.Item label={t('reReview.notice.startDate')} required>
                  <DatePicker value={startDate} allowClear={false} onChange={(value) => value && setStartDate(value)} disabledDate={(day) => day.isBefore(serverDayjs(), 'day')} data-testid="re-review-notice-start" />
                </Form.Item>
                <Form.Item label={t('reReview.notice.endDate')}>
                  <Typography.Text strong data-testid="re-review-notice-end">
                    {preview.isError ? problemText(preview.error) : (preview.data?.endDate ?? '…')}
                  </Typography.Text>
                </Form.Item>
                <Form.Item label={t('reReview.notice.contact')} required>
                  <Input value={contact} maxLength={500} style={{ width: 320 }} placeholder={t('reReview.notice.contactPlaceholder')} onChange={(event) => setContact(event.target.value)} data-testid="re-review-notice-contact" />
                </Form.Item>
                <Form.Item>
                  <Button type="primary" htmlType="submit" icon={<SoundOutlined />} disabled={!contact.trim() || !preview.data} loading={publish.isPending} data-testid="re-review-notice-publish">
                    {t('reReview.notice.publishCount', { count: waiting.length })}
                  </Button>
                </Form.Item>
              </Form>
            ) : (
              <Typography.Text type="secondary">{t('reReview.notice.nobodyWaiting')}</Typography.Text>
            )
          ) : null}
          {publish.isError ? <Alert type="error" showIcon title={problemText(publish.error)} /> : null}
          <Table<ReReviewNotice>
            rowKey="id"
            size="small"
            loading={list.isPending}
            dataSource={data.items}
            pagination={false}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reReview.notice.empty')} /> }}
            columns={[
              { title: t('reReview.notice.period'), key: 'period', render: (_value, row) => t('reReview.notice.periodValue', { start: row.startDate, end: row.endDate, days: row.workingDays }) },
              { title: t('reReview.notice.holders'), key: 'holders', render: (_value, row) => row.holders.map((holder) => holder.name).join('、') },
              { title: t('reReview.notice.contact'), dataIndex: 'contact' },
              {
                title: t('reReview.notice.state'),
                key: 'state',
                render: (_value, row) => (
                  <Space direction="vertical" size={0}>
                    <span data-testid={`re-review-notice-phase-${row.startDate}-${row.status}`}>
                      <ReReviewNoticePhase notice={row} />
                    </span>
                    {row.cancelReason ? <Typography.Text type="secondary">{row.cancelReason}</Typography.Text> : null}
                  </Space>
                ),
              },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_value, row) =>
                  mayManage && row.status === 'open' && row.phase !== 'ended' ? (
                    <Button type="link" size="small" danger icon={<StopOutlined />} onClick={() => setCancelling(row)} data-testid="re-review-notice-cancel">
                      {t('reReview.notice.cancel')}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </Space>
      ) : null}
      <CancelModal notice={cancelling} pending={cancel.isPending} onClose={() => setCancelling(null)} onSubmit={(reason) => cancelling && cancel.mutate({ id: cancelling.id, reason })} />
    </Card>
  );
}

function CancelModal({ notice, pending, onClose, onSubmit }: { notice: ReReviewNotice | null; pending: boolean; onClose: () => void; onSubmit: (reason: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  return (
    <Modal
      open={Boolean(notice)}
      title={t('reReview.notice.cancelTitle')}
      okText={t('reReview.notice.cancel')}
      okButtonProps={{ danger: true, disabled: reason.trim().length < 2, loading: pending, 'data-testid': 're-review-notice-cancel-ok' } as never}
      onCancel={onClose}
      onOk={() => onSubmit(reason.trim())}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('reReview.notice.cancelContent')}</Typography.Paragraph>
      <Input.TextArea rows={3} maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} placeholder={t('reReview.notice.cancelReason')} data-testid="re-review-notice-cancel-reason" />
    </Modal>
  );
}

/** The re-review notices of the reader's enterprise that have not ended: shown on 公示 beside the recommended lists. */
export function CurrentReReviewNotices() {
  const { t } = useTranslation();
  const notices = useQuery({
    queryKey: ['re-review', 'notices', 'current'],
    queryFn: ({ signal }) => api.get<{ items: ReReviewNotice[] }>('/re-review/notices/current', undefined, signal),
  });
  if (!notices.data?.items.length) return null;
  return (
    <Card title={t('reReview.notice.boardTitle')} style={{ marginTop: 16 }} data-testid="re-review-notices-board">
      <List
        dataSource={notices.data.items}
        renderItem={(notice) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Space wrap>
                  <span>{t('reReview.notice.boardItem', { count: notice.holders.length })}</span>
                  <ReReviewNoticePhase notice={notice} />
                </Space>
              }
              description={
                <Space direction="vertical" size={0}>
                  <Typography.Text type="secondary">{t('reReview.notice.periodValue', { start: notice.startDate, end: notice.endDate, days: notice.workingDays })}</Typography.Text>
                  <Typography.Text>{notice.holders.map((holder) => `${holder.name}（${holder.occupationName}${holder.previousEvaluation ? `，${holder.previousEvaluation}` : ''}）`).join('；')}</Typography.Text>
                  <Typography.Text type="secondary">{t('reReview.notice.objectionsTo', { contact: notice.contact })}</Typography.Text>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
