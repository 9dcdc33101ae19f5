import { CheckOutlined, CloseOutlined, DownloadOutlined, RollbackOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, Modal, Progress, Radio, Result, Select, Space, Statistic, Table, Tag, Tooltip, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fileUrl } from '../../api/application-queries';
import { api } from '../../api/client';
import type { PlanSummary } from '../../api/pilot-plan-types';
import type { ItemList } from '../../api/types';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { hasPermission, useMe } from '../../api/queries';
import { pickMessage, useLocale } from '../../i18n';
import { certificateKeys, fileToBase64, holderTemplateUrl, useIssueBatch, type IssueBatch } from './certificate-api';
import { serverDayjs } from '../../clock';
import { DateField, EvidenceField } from '../applications/application-form';
import { ReReviewNoticeCard } from './re-review-notice-card';

type HolderStatus = 'pending' | 'confirmed' | 'rejected' | 'certified';

interface ReReviewHolder {
  id: string;
  sourceRow: number;
  previousEvaluation: string | null;
  name: string;
  idNumberMasked: string;
  gender: 'male' | 'female';
  birthDate: string;
  occupationCode: string;
  occupationName: string;
  trade: string;
  status: HolderStatus;
  decisionReason: string | null;
  decidedAt: string | null;
  certificateCode: string | null;
  noticeId: string | null;
  checks: { ban: { basis: string; untilDate: string } | null; certificateHeld: string | null; occupationInPlan: boolean };
  checkResult: { cutoffDate: string; conditions: { id: 'qualification' | 'yearsInPost' | 'occupation' | 'notBanned'; state: 'met' | 'not-met' | 'to-check'; reason: { 'zh-CN': string; en: string } }[] } | null;
  checkEvidence: { fileId: string; name: string }[];
  allowedActs: string[];
}

interface CheckValues {
  kind: 'skill-level' | 'vocational-qualification';
  certificateNumber: string;
  level: number;
  issuer?: string;
  issuedOn?: string | null;
  postSince: string | null;
  stillInOccupation: boolean;
  note?: string;
  evidence: { fileId: string; name: string }[];
}

const CHECK_COLOURS = { met: 'green', 'not-met': 'red', 'to-check': 'orange' } as const;

interface HolderList {
  planId: string;
  counts: Record<HolderStatus, number>;
  items: ReReviewHolder[];
}

const STATUS_COLOURS: Record<HolderStatus, string> = { pending: 'processing', confirmed: 'green', rejected: 'red', certified: 'blue' };

/** 复核确认 (section 六(三)): import the holders evaluated before the notice, confirm or not, issue to the confirmed. */
export default function ReReviewPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { modal, message } = App.useApp();
  const problemText = useProblemText();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const mayIssue = hasPermission(me, 'certificate:issue');
  const mayDecide = hasPermission(me, 'application:screen');
  const [chosenPlanId, setPlanId] = useState<string | undefined>();
  const [status, setStatus] = useState<HolderStatus | undefined>();
  const [previousEvaluation, setPreviousEvaluation] = useState('');
  const [issuedOn, setIssuedOn] = useState(serverDayjs());
  const [rejecting, setRejecting] = useState<ReReviewHolder | null>(null);
  const [checking, setChecking] = useState<ReReviewHolder | null>(null);
  const [checkForm] = Form.useForm<CheckValues>();
  const check = useMutation({
    mutationFn: (input: { id: string; values: CheckValues }) =>
      api.post<ReReviewHolder>(`/re-review/holders/${input.id}/check`, {
        qualification: { kind: input.values.kind, certificateNumber: input.values.certificateNumber, level: input.values.level, issuer: input.values.issuer || null, issuedOn: input.values.issuedOn ?? null },
        postSince: input.values.postSince,
        stillInOccupation: input.values.stillInOccupation,
        note: input.values.note || null,
        evidenceFileIds: input.values.evidence.map((file) => file.fileId),
      }),
    onSuccess: (holder) => {
      void message.success(t('reReview.checked', { name: holder.name }));
      setChecking(null);
      void refresh();
    },
    onError: (error) => void message.error(problemText(error)),
  });
  const [batchId, setBatchId] = useState<string | null>(null);

  const plans = useQuery({
    queryKey: ['plans', 're-review'],
    queryFn: ({ signal }) => api.get<ItemList<PlanSummary>>('/plans', undefined, signal),
    select: (data) => data.items.filter((plan) => plan.kind === 're-review' && plan.status !== 'draft'),
  });
  // With one re-review plan there is nothing to choose.
  const planId = chosenPlanId ?? (plans.data?.length === 1 ? plans.data[0].id : undefined);
  const listKey = ['re-review', 'holders', planId, status] as const;
  const holders = useQuery({
    queryKey: listKey,
    queryFn: ({ signal }) => api.get<HolderList>('/re-review/holders', { planId, status }, signal),
    enabled: Boolean(planId),
  });
  // A decision changes who waits for the notice as well as the list.
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['re-review'] });

  const importFile = useMutation({
    mutationFn: async (file: File) => api.post<{ imported: number }>('/re-review/holders/import', { planId, fileName: file.name, content: await fileToBase64(file), previousEvaluation: previousEvaluation.trim() || null }),
    onSuccess: (result) => {
      void message.success(t('reReview.imported', { count: result.imported }));
      void refresh();
    },
  });
  const decide = useMutation({
    mutationFn: (input: { id: string; act: 'confirm' | 'reject' | 'reconsider'; reason?: string }) => api.post<ReReviewHolder>(`/re-review/holders/${input.id}/decision`, { act: input.act, reason: input.reason ?? null }),
    onSuccess: (holder) => {
      void message.success(t(`reReview.decided.${holder.status}`, { name: holder.name }));
      void refresh();
    },
    onError: (error) => void message.error(problemText(error)),
  });
  const issue = useMutation({
    mutationFn: () => api.post<IssueBatch>(`/re-review/plans/${planId}/issue`, { issuedOn: issuedOn.format('YYYY-MM-DD') }),
    onSuccess: (batch) => setBatchId(batch.id),
  });
  const batch = useIssueBatch(batchId);
  const finished = batch.data?.job?.status === 'succeeded' || batch.data?.job?.status === 'failed';
  useEffect(() => {
    if (finished) {
      void refresh();
      void queryClient.invalidateQueries({ queryKey: certificateKeys.all });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [finished]);

  const counts = holders.data?.counts ?? { pending: 0, confirmed: 0, rejected: 0, certified: 0 };
  const confirmAct = (holder: ReReviewHolder, act: 'confirm' | 'reconsider') =>
    modal.confirm({
      title: t(`reReview.confirm.${act}Title`, { name: holder.name }),
      content: t(`reReview.confirm.${act}Content`),
      okText: t(`reReview.acts.${act}`),
      cancelText: t('common.cancel'),
      onOk: () => decide.mutateAsync({ id: holder.id, act }).catch(() => undefined),
    });
  const confirmIssue = () =>
    modal.confirm({
      title: t('reReview.issueConfirmTitle', { count: counts.confirmed }),
      content: t('reReview.issueConfirmContent'),
      okText: t('reReview.issue'),
      cancelText: t('common.cancel'),
      onOk: () => issue.mutateAsync().catch(() => undefined),
    });

  if (plans.isError) return <ProblemAlert error={plans.error} onRetry={() => void plans.refetch()} />;

  return (
    <>
      <PageHeader title={t('reReview.title')} description={t('reReview.intro')} />
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card>
          {plans.data && plans.data.length === 0 ? (
            <Empty description={t('reReview.noPlan')}>
              <Link to="/plans">{t('reReview.toPlans')}</Link>
            </Empty>
          ) : (
            <Space wrap size="large" align="end">
              <Form.Item label={t('reReview.plan')} style={{ marginBottom: 0 }}>
                <Select
                  style={{ width: 380 }}
                  loading={plans.isPending}
                  value={planId}
                  placeholder={t('reReview.planPlaceholder')}
                  onChange={(value: string) => setPlanId(value)}
                  options={(plans.data ?? []).map((plan) => ({ value: plan.id, label: `${plan.year} · ${plan.title ?? plan.enterpriseName}` }))}
                  data-testid="re-review-plan"
                />
              </Form.Item>
              {planId ? (
                <Space size="large">
                  {(['pending', 'confirmed', 'rejected', 'certified'] as const).map((key) => (
                    <Statistic key={key} title={t(`reReview.status.${key}`)} value={counts[key]} />
                  ))}
                </Space>
              ) : null}
            </Space>
          )}
        </Card>

        {planId && mayIssue ? (
          <Card title={t('reReview.importTitle')} size="small">
            <Typography.Paragraph type="secondary">{t('reReview.importHint')}</Typography.Paragraph>
            <Space wrap>
              <Input
                style={{ width: 380 }}
                maxLength={200}
                value={previousEvaluation}
                onChange={(event) => setPreviousEvaluation(event.target.value)}
                placeholder={t('reReview.previousEvaluationPlaceholder')}
                aria-label={t('reReview.previousEvaluation')}
              />
              <Upload
                accept=".xlsx"
                showUploadList={false}
                beforeUpload={(file) => {
                  importFile.mutate(file);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} loading={importFile.isPending} data-testid="re-review-import">
                  {t('reReview.import')}
                </Button>
              </Upload>
              <Button type="link" href={holderTemplateUrl} icon={<DownloadOutlined />}>
                {t('certificateIssue.template')}
              </Button>
            </Space>
            {importFile.isError ? (
              <div style={{ marginTop: 12 }}>
                <ProblemAlert error={importFile.error} />
              </div>
            ) : null}
          </Card>
        ) : null}

        {planId ? (
          <Card
            title={t('reReview.listTitle')}
            extra={
              <Select
                allowClear
                style={{ width: 160 }}
                placeholder={t('reReview.allStatuses')}
                value={status}
                onChange={(value: HolderStatus | undefined) => setStatus(value)}
                options={(['pending', 'confirmed', 'rejected', 'certified'] as const).map((key) => ({ value: key, label: t(`reReview.status.${key}`) }))}
              />
            }
          >
            {holders.isError ? <ProblemAlert error={holders.error} onRetry={() => void holders.refetch()} /> : null}
            <Table<ReReviewHolder>
              rowKey="id"
              size="small"
              loading={holders.isPending}
              dataSource={holders.data?.items ?? []}
              scroll={{ x: 1380 }}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={status ? t('reReview.emptyFiltered') : t('reReview.empty')} /> }}
              columns={[
                { title: t('reReview.fields.row'), dataIndex: 'sourceRow', width: 64 },
                { title: t('certificates.fields.holderName'), dataIndex: 'name', width: 100 },
                { title: t('certificates.fields.idNumber'), dataIndex: 'idNumberMasked', width: 180 },
                { title: t('certificates.fields.occupation'), key: 'occupation', width: 170, render: (_value, row) => `${row.occupationName}（${row.occupationCode}）${row.trade !== '--' ? ` · ${row.trade}` : ''}` },
                { title: t('reReview.previousEvaluation'), dataIndex: 'previousEvaluation', width: 200, render: (value: string | null) => value ?? '—' },
                {
                  title: t('reReview.fields.checks'),
                  key: 'checks',
                  width: 150,
                  render: (_value, row) => (
                    <Space size={4} wrap>
                      {row.checks.ban ? (
                        <Tooltip title={t('reReview.checks.banDetail', { basis: row.checks.ban.basis, until: row.checks.ban.untilDate })}>
                          <Tag color="red">{t('reReview.checks.ban')}</Tag>
                        </Tooltip>
                      ) : null}
                      {row.checks.certificateHeld ? <Tag color="orange">{t('reReview.checks.held', { code: row.checks.certificateHeld })}</Tag> : null}
                      {!row.checks.occupationInPlan ? <Tag color="orange">{t('reReview.checks.outOfPlan')}</Tag> : null}
                      {!row.checks.ban && !row.checks.certificateHeld && row.checks.occupationInPlan ? <Tag color="green">{t('reReview.checks.none')}</Tag> : null}
                    </Space>
                  ),
                },
                {
                  title: t('reReview.fields.basicConditions'),
                  key: 'basic',
                  width: 220,
                  render: (_value, row) =>
                    row.checkResult ? (
                      <Space size={4} wrap data-testid={`re-review-conditions-${row.name}`}>
                        {row.checkResult.conditions.map((condition) => (
                          <Tooltip key={condition.id} title={pickMessage(condition.reason, locale)}>
                            <Tag color={CHECK_COLOURS[condition.state]}>{t(`appCommon.conditionsShort.${condition.id}`)}</Tag>
                          </Tooltip>
                        ))}
                      </Space>
                    ) : (
                      <Typography.Text type="secondary">{t('reReview.notChecked')}</Typography.Text>
                    ),
                },
                {
                  title: t('reReview.fields.status'),
                  key: 'status',
                  width: 240,
                  render: (_value, row) => (
                    <Space direction="vertical" size={0}>
                      <Tag color={STATUS_COLOURS[row.status]} data-testid={`re-review-status-${row.name}`}>
                        {t(`reReview.status.${row.status}`)}
                      </Tag>
                      {row.status === 'confirmed' ? (
                        <Tag color={row.noticeId ? 'blue' : 'default'} data-testid={`re-review-notice-status-${row.name}`}>
                          {t(row.noticeId ? 'reReview.noticeStatus.published' : 'reReview.noticeStatus.waiting')}
                        </Tag>
                      ) : null}
                      {row.decisionReason ? <Typography.Text type="secondary">{row.decisionReason}</Typography.Text> : null}
                      {row.certificateCode ? <Typography.Text copyable>{row.certificateCode}</Typography.Text> : null}
                    </Space>
                  ),
                },
                {
                  title: t('common.actions'),
                  key: 'actions',
                  fixed: 'right',
                  width: 150,
                  render: (_value, row) =>
                    mayDecide ? (
                      <Space size={0} wrap>
                        {row.status === 'pending' ? (
                          <Button type="link" size="small" icon={<SafetyCertificateOutlined />} onClick={() => setChecking(row)} data-testid={`re-review-check-${row.name}`}>
                            {t('reReview.acts.check')}
                          </Button>
                        ) : null}
                        {row.allowedActs.includes('confirm') ? (
                          <Button type="link" size="small" icon={<CheckOutlined />} onClick={() => confirmAct(row, 'confirm')} data-testid={`re-review-confirm-${row.name}`}>
                            {t('reReview.acts.confirm')}
                          </Button>
                        ) : null}
                        {row.allowedActs.includes('reject') ? (
                          <Button type="link" size="small" danger icon={<CloseOutlined />} onClick={() => setRejecting(row)} data-testid={`re-review-reject-${row.name}`}>
                            {t('reReview.acts.reject')}
                          </Button>
                        ) : null}
                        {row.allowedActs.includes('reconsider') ? (
                          <Button type="link" size="small" icon={<RollbackOutlined />} onClick={() => confirmAct(row, 'reconsider')}>
                            {t('reReview.acts.reconsider')}
                          </Button>
                        ) : null}
                      </Space>
                    ) : null,
                },
              ]}
            />
          </Card>
        ) : null}

        {planId ? <ReReviewNoticeCard planId={planId} mayManage={mayIssue} /> : null}

        {planId && mayIssue ? (
          <Card title={t('reReview.issueTitle')} size="small">
            {batchId ? (
              batch.data?.job?.status === 'failed' ? (
                <Result status="error" title={t('certificateIssue.failed')} subTitle={pickMessage(batch.data.job.error?.messages, locale)} extra={<Button onClick={() => setBatchId(null)}>{t('common.back')}</Button>} />
              ) : batch.data?.job?.status === 'succeeded' ? (
                <Result
                  status="success"
                  title={t('certificateIssue.done', { count: batch.data.certificateCount })}
                  extra={
                    <Space wrap>
                      {batch.data.printFileId ? (
                        <Button type="primary" icon={<DownloadOutlined />} href={fileUrl(batch.data.printFileId)}>
                          {t('certificateIssue.download')}
                        </Button>
                      ) : null}
                      <Button onClick={() => setBatchId(null)}>{t('common.back')}</Button>
                    </Space>
                  }
                />
              ) : (
                <>
                  <Typography.Paragraph>{t('certificateIssue.progress', { done: batch.data?.job?.progress.done ?? 0, total: batch.data?.job?.progress.total ?? batch.data?.holderCount ?? 0 })}</Typography.Paragraph>
                  <Progress
                    percent={batch.data?.job?.progress.total ? Math.round((100 * batch.data.job.progress.done) / batch.data.job.progress.total) : 0}
                    status="active"
                    data-testid="re-review-progress"
                  />
                </>
              )
            ) : (
              <Space wrap align="center">
                <Typography.Text>{t('certificateIssue.issuedOn')}</Typography.Text>
                <DatePicker value={issuedOn} onChange={(value) => value && setIssuedOn(value)} disabledDate={(day) => day.isAfter(serverDayjs(), 'day')} allowClear={false} />
                <Button type="primary" icon={<SafetyCertificateOutlined />} disabled={counts.confirmed === 0} loading={issue.isPending} onClick={confirmIssue} data-testid="re-review-issue">
                  {t('reReview.issueCount', { count: counts.confirmed })}
                </Button>
                {counts.confirmed === 0 ? <Typography.Text type="secondary">{t('reReview.nothingConfirmed')}</Typography.Text> : null}
              </Space>
            )}
            {issue.isError ? (
              <Alert
                type="error"
                showIcon
                style={{ marginTop: 12 }}
                title={problemText(issue.error)}
              />
            ) : null}
          </Card>
        ) : null}
      </Space>

      <RejectModal
        holder={rejecting}
        pending={decide.isPending}
        onClose={() => setRejecting(null)}
        onSubmit={(reason) => rejecting && decide.mutate({ id: rejecting.id, act: 'reject', reason }, { onSuccess: () => setRejecting(null) })}
      />
      <Modal
        open={Boolean(checking)}
        width={640}
        title={checking ? t('reReview.checkTitle', { name: checking.name }) : ''}
        okText={t('reReview.acts.check')}
        cancelText={t('common.cancel')}
        okButtonProps={{ 'data-testid': 're-review-check-ok' } as never}
        confirmLoading={check.isPending}
        onCancel={() => setChecking(null)}
        onOk={() => void checkForm.validateFields().then((values) => checking && check.mutate({ id: checking.id, values }))}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('reReview.checkHint')}</Typography.Paragraph>
        <Form<CheckValues> form={checkForm} layout="vertical" preserve={false} initialValues={{ kind: 'skill-level', level: 1, stillInOccupation: true, evidence: [] }}>
          <Space wrap>
            <Form.Item name="kind" label={t('myApplication.fields.certificateKind')} rules={[{ required: true }]}>
              <Select style={{ width: 180 }} options={(['skill-level', 'vocational-qualification'] as const).map((value) => ({ value, label: t(`appCommon.certificateKinds.${value}`) }))} />
            </Form.Item>
            <Form.Item name="certificateNumber" label={t('myApplication.fields.certificateNumber')} rules={[{ required: true }]}>
              <Input style={{ width: 260 }} maxLength={40} data-testid="re-review-check-number" />
            </Form.Item>
            <Form.Item name="level" label={t('myApplication.fields.certificateLevel')} rules={[{ required: true }]}>
              <Select style={{ width: 180 }} options={[1, 2, 3, 4, 5].map((value) => ({ value, label: t(`appCommon.levels.l${value as 1 | 2 | 3 | 4 | 5}`) }))} />
            </Form.Item>
            <Form.Item name="issuer" label={t('myApplication.fields.certificateIssuer')}>
              <Input style={{ width: 260 }} maxLength={200} />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="postSince" label={t('myApplication.fields.postSince')} rules={[{ required: true }]}>
              <DateField testId="re-review-check-post-since" />
            </Form.Item>
            <Form.Item name="stillInOccupation" label={t('myApplication.fields.stillInOccupation')}>
              <Radio.Group options={[{ value: true, label: t('common.yes') }, { value: false, label: t('common.no') }]} />
            </Form.Item>
          </Space>
          <Form.Item name="note" label={t('reReview.checkNote')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Form.Item name="evidence" label={t('reReview.checkEvidence')} rules={[{ validator: (_rule, value: { fileId: string }[]) => (value?.length ? Promise.resolve() : Promise.reject(new Error(t('reReview.checkEvidence')))) }]}>
            <EvidenceField testId="re-review-check-evidence" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function RejectModal({ holder, pending, onClose, onSubmit }: { holder: ReReviewHolder | null; pending: boolean; onClose: () => void; onSubmit: (reason: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={Boolean(holder)}
      title={t('reReview.confirm.rejectTitle', { name: holder?.name ?? '' })}
      okText={t('reReview.acts.reject')}
      okButtonProps={{ danger: true, 'data-testid': 're-review-reject-ok' } as never}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('reReview.confirm.rejectContent')}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false} onFinish={(values) => onSubmit(values.reason.trim())}>
        <Form.Item name="reason" label={t('reReview.reason')} rules={[{ required: true, whitespace: true, message: t('reReview.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={500} data-testid="re-review-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
