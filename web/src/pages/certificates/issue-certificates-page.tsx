import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, Progress, Result, Select, Space, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fileUrl } from '../../api/application-queries';
import { api } from '../../api/client';
import type { PlanSummary } from '../../api/pilot-plan-types';
import type { ItemList } from '../../api/types';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { pickMessage, useLocale } from '../../i18n';
import { certificateKeys, useIssueBatch, type ConfirmedApplication, type IssueBatch } from './certificate-api';
import { ProblemDetails } from './certificate-parts';
import { serverDayjs } from '../../clock';
import { punct } from '../../i18n/punctuation';

/**
 * A fresh random key (32 hex digits; crypto.getRandomValues works on plain http too, unlike
 * randomUUID). Its arguments are what it stands for: the form's values when it was made.
 */
function newRequestKey(..._form: unknown[]): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * 颁发证书: only at the end of the procedure (四(三)) — to the confirmed list of a plan whose notice
 * ran its full period. There is no list to enter or import; 复核确认's holders are issued on its page.
 */
export default function IssueCertificatesPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { modal } = App.useApp();
  const [planId, setPlanId] = useState<string | undefined>();
  const [issuedOn, setIssuedOn] = useState(serverDayjs());
  const [prefix, setPrefix] = useState('');
  const [batchId, setBatchId] = useState<string | null>(null);

  const plans = useQuery({
    queryKey: ['plans', 'for-certificates'],
    queryFn: ({ signal }) => api.get<ItemList<PlanSummary>>('/plans', undefined, signal),
    select: (data) => data.items.filter((plan) => plan.status !== 'draft'),
  });
  // A re-review plan's holders go through 复核确认 first (import, confirm, then issue there).
  const reReviewPlan = (plans.data ?? []).some((plan) => plan.id === planId && plan.kind === 're-review');
  const confirmed = useQuery({
    queryKey: ['certificate-batches', 'confirmed', planId],
    queryFn: ({ signal }) => api.get<{ items: ConfirmedApplication[] }>('/certificate-batches/confirmed-applications', { planId }, signal),
    enabled: Boolean(planId),
    select: (data) => data.items,
  });
  const batch = useIssueBatch(batchId);
  const finished = batch.data?.job?.status === 'succeeded' || batch.data?.job?.status === 'failed';
  useEffect(() => {
    // The list and the batches change once the job has run.
    if (finished) void queryClient.invalidateQueries({ queryKey: certificateKeys.all });
    if (finished) void queryClient.invalidateQueries({ queryKey: certificateKeys.batches });
  }, [finished, queryClient]);

  // One idempotency key per request as it stands: a second click, or a retry after a lost answer,
  // gets the batch the first request made instead of issuing the list twice.
  const issuedOnText = issuedOn.format('YYYY-MM-DD');
  const requestKey = useMemo(() => newRequestKey(planId, issuedOnText, prefix), [planId, issuedOnText, prefix]);
  const start = useMutation({
    mutationFn: () => api.post<IssueBatch>('/certificate-batches/from-applications', { planId, issuedOn: issuedOnText, printSerialPrefix: prefix.trim() || null, idempotencyKey: requestKey }),
    onSuccess: (created) => {
      setBatchId(created.id);
      void queryClient.invalidateQueries({ queryKey: certificateKeys.batches });
    },
  });

  const count = confirmed.data?.length ?? 0;
  const names = new Map((confirmed.data ?? []).map((row, index) => [index, row.name]));
  const describePath = (path: string) => {
    const match = /^holders\.(\d+)\.(\w+)$/.exec(path);
    if (!match) return path;
    return `${Number(match[1]) + 1}. ${names.get(Number(match[1])) ?? ''}`;
  };
  const confirmIssue = () => {
    modal.confirm({
      title: t('certificateIssue.confirmTitle', { count }),
      content: t('certificateIssue.confirmContent'),
      okText: t('certificateIssue.submit'),
      cancelText: t('common.cancel'),
      onOk: () => start.mutateAsync().catch(() => undefined),
    });
  };

  if (batchId) {
    const job = batch.data?.job;
    const total = job?.progress.total ?? batch.data?.holderCount ?? 0;
    const done = job?.progress.done ?? 0;
    if (job?.status === 'failed') {
      return (
        <>
          <PageHeader title={t('certificateIssue.title')} />
          <Card>
            <Result status="error" title={t('certificateIssue.failed')} subTitle={pickMessage(job.error?.messages, locale)} extra={<Button onClick={() => setBatchId(null)}>{t('common.back')}</Button>} />
          </Card>
        </>
      );
    }
    if (job?.status === 'succeeded' && batch.data) {
      return (
        <>
          <PageHeader title={t('certificateIssue.title')} />
          <Card>
            <Result
              status="success"
              title={t('certificateIssue.done', { count: batch.data.certificateCount })}
              extra={
                <Space wrap>
                  {batch.data.printFileId ? (
                    <Button type="primary" icon={<DownloadOutlined />} href={fileUrl(batch.data.printFileId)} data-testid="download-print-file">
                      {t('certificateIssue.download')}
                    </Button>
                  ) : null}
                  <Button onClick={() => navigate('/certificates')} data-testid="to-certificates">
                    {t('certificateIssue.toList')}
                  </Button>
                  <Button
                    onClick={() => {
                      setBatchId(null);
                      start.reset();
                    }}
                  >
                    {t('certificateIssue.another')}
                  </Button>
                </Space>
              }
            />
          </Card>
        </>
      );
    }
    return (
      <>
        <PageHeader title={t('certificateIssue.title')} />
        <Card>
          <Typography.Paragraph>{t('certificateIssue.progress', { done, total })}</Typography.Paragraph>
          <Progress percent={total ? Math.round((100 * done) / total) : 0} status="active" data-testid="issue-progress" />
        </Card>
      </>
    );
  }

  return (
    <>
      <PageHeader title={t('certificateIssue.title')} description={t('certificateIssue.intro')} />
      <Card>
        <Form layout="vertical">
          <Space wrap align="start" size="large">
            <Form.Item label={t('certificateIssue.plan')} required htmlFor="issue-plan">
              <Select
                id="issue-plan"
                style={{ width: 360 }}
                placeholder={t('certificateIssue.planPlaceholder')}
                loading={plans.isPending}
                value={planId}
                onChange={(value: string) => setPlanId(value)}
                options={(plans.data ?? []).map((plan) => ({ value: plan.id, label: `${plan.year} · ${plan.title ?? t(`plans.kinds.${plan.kind}`)}${punct().paren(t(`plans.kinds.${plan.kind}`))}` }))}
                data-testid="plan-select"
              />
            </Form.Item>
            <Form.Item label={t('certificateIssue.issuedOn')} required htmlFor="issue-issued-on">
              <DatePicker id="issue-issued-on" value={issuedOn} onChange={(value) => value && setIssuedOn(value)} disabledDate={(day) => day.isAfter(serverDayjs(), 'day')} allowClear={false} data-testid="issued-on" />
            </Form.Item>
            <Form.Item label={t('certificateIssue.printSerialPrefix')} htmlFor="issue-serial-prefix">
              <Input id="issue-serial-prefix" value={prefix} onChange={(event) => setPrefix(event.target.value)} maxLength={20} style={{ width: 180 }} />
            </Form.Item>
          </Space>
        </Form>

        {reReviewPlan ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('certificateIssue.reReviewHint')}
            action={
              <Button size="small" type="primary" onClick={() => navigate('/certificates/re-review')}>
                {t('reReview.title')}
              </Button>
            }
          />
        ) : null}
        {planId ? (
          confirmed.isError ? (
            <ProblemAlert error={confirmed.error} onRetry={() => void confirmed.refetch()} />
          ) : (
            <>
              <Typography.Paragraph>{t('certificateIssue.confirmedCount', { count })}</Typography.Paragraph>
              <Table<ConfirmedApplication>
                rowKey="applicationId"
                size="small"
                loading={confirmed.isPending}
                dataSource={confirmed.data ?? []}
                pagination={false}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('certificateIssue.confirmedEmpty')} /> }}
                columns={[
                  { title: t('certificates.fields.holderName'), dataIndex: 'name' },
                  { title: t('certificates.fields.idNumber'), dataIndex: 'idNumberMasked' },
                  { title: t('certificates.fields.occupation'), key: 'occupation', render: (_value, row) => row.occupationName ?? row.occupationCode ?? '' },
                ]}
                data-testid="confirmed-list"
              />
            </>
          )
        ) : null}
        {start.isError ? (
          <div style={{ marginTop: 16 }}>
            <ProblemDetails error={start.error} describePath={describePath} />
          </div>
        ) : null}
        <Space style={{ marginTop: 16 }}>
          <Button onClick={() => navigate('/certificates')}>{t('common.back')}</Button>
          <Button type="primary" disabled={count === 0 || reReviewPlan} loading={start.isPending} onClick={confirmIssue} data-testid="submit-issue">
            {t('certificateIssue.submit')}
            {count ? punct().paren(count) : ''}
          </Button>
        </Space>
      </Card>
    </>
  );
}
