import { CheckOutlined, DownloadOutlined, RollbackOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Drawer, Empty, Form, Input, Modal, Row, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { applicationKeys, useApplication, useApplications, usePlanOverview } from '../../api/application-queries';
import { CONDITION_IDS, type Application, type ApplicationSummary, type PlanOverview } from '../../api/application-types';
import { API_BASE, api } from '../../api/client';
import { hasPermission, useMe } from '../../api/queries';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { FraudFindingModal } from '../sanctions/fraud-finding-modal';
import { FraudFindingsList } from '../sanctions/fraud-findings-list';
import { ApplicationContentView, ApplicationTimeline } from './application-content-view';
import { EvidenceFlagsCard } from './evidence-flags-card';
import { ConditionReviewTable, CorrectionsCard } from './condition-review';
import { ApplicationStatusTag, formatTime, NoPlans, PlanSelect, usePlanChoice } from './application-parts';
import { punct } from '../../i18n/punctuation';

const STATUSES = ['submitted', 'returned', 'eligible', 'ineligible', 'disqualified', 'draft'] as const;

type TextAct = { kind: 'return' } | { kind: 'reject' };

function QuotaCard({ overview }: { overview: PlanOverview }) {
  const { t } = useTranslation();
  return (
    <Card title={t('applicationReview.quotas')} size="small" data-testid="quota-card">
      <Table
        rowKey="occupationCode"
        size="small"
        pagination={false}
        dataSource={overview.quotas}
        columns={[
          { title: t('applicationReview.quotaColumns.occupation'), key: 'occupation', render: (_value, row) => `${row.occupationCode} ${row.occupationName}` },
          { title: t('applicationReview.quotaColumns.cap'), dataIndex: 'cap', render: (cap: number | null) => cap ?? t('applicationReview.unlimited') },
          {
            title: t('applicationReview.quotaColumns.eligible'),
            dataIndex: 'eligible',
            render: (eligible: number, row) => (
              <Space>
                <Typography.Text strong>{eligible}</Typography.Text>
                {row.cap !== null && eligible > row.cap ? <Tag color="orange">{t('applicationReview.overQuota')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('applicationReview.quotaColumns.pending'), dataIndex: 'pending' },
          { title: t('applicationReview.quotaColumns.total'), dataIndex: 'total' },
        ]}
      />
      {overview.handovers.length ? (
        <div style={{ marginTop: 12 }}>
          <Typography.Text strong>{t('applicationReview.handovers')}</Typography.Text>
          {overview.handovers.map((handover) => (
            <div key={handover.id}>
              <Typography.Text type="secondary">
                {t('applicationReview.handoverLine', { at: formatTime(handover.at), name: handover.handedOverByName ?? '', count: handover.count })}
                {handover.evaluationBodyName ? ` → ${handover.evaluationBodyName}` : ''}
                {handover.note ? punct().paren(handover.note) : ''}
              </Typography.Text>
            </div>
          ))}
        </div>
      ) : null}
    </Card>
  );
}

/** One application: its content and evidence, each condition with its review, and the screening acts. */
function ApplicationDrawer({ id, onClose, planId }: { id: string | null; onClose: () => void; planId: string | undefined }) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const application = useApplication(id);
  const [textAct, setTextAct] = useState<TextAct | null>(null);
  const [findingFraud, setFindingFraud] = useState(false);
  const [form] = Form.useForm<{ text: string }>();

  const after = (updated: Application) => {
    queryClient.setQueryData(applicationKeys.application(updated.id), updated);
    void queryClient.invalidateQueries({ queryKey: applicationKeys.applications });
    if (planId) void queryClient.invalidateQueries({ queryKey: applicationKeys.overview(planId) });
  };
  const act = useMutation({
    mutationFn: ({ path, body }: { path: string; body: unknown }) => api.post<Application>(`/applications/${id}/${path}`, body),
    onSuccess: (updated) => {
      after(updated);
      setTextAct(null);
      form.resetFields();
      void message.success(t('applicationReview.done'));
    },
    onError: (error) => void message.error(problemText(error)),
  });

  const data = application.data;
  const canScreen = Boolean(data?.allowedActs.includes('review'));
  const conditionAct = async (path: string, body: unknown) => {
    await act.mutateAsync({ path, body });
  };

  let textTitle = '';
  if (textAct?.kind === 'return') textTitle = t('applicationReview.returnTitle');
  if (textAct?.kind === 'reject') textTitle = t('applicationReview.rejectTitle');

  return (
    <Drawer
      open={Boolean(id)}
      onClose={onClose}
      size={1000}
      title={data ? t('applicationReview.detailTitle', { name: data.name }) : ''}
      destroyOnHidden
      extra={
        data && (canScreen || data.allowedActs.includes('find-fraud')) ? (
          <Space wrap>
            {data.allowedActs.includes('find-fraud') ? (
              <Button danger onClick={() => setFindingFraud(true)} data-testid="application-find-fraud">
                {t('sanctions.fraud.act')}
              </Button>
            ) : null}
            {canScreen ? (
            <>
            <Button icon={<RollbackOutlined />} onClick={() => setTextAct({ kind: 'return' })} data-testid="application-return">
              {t('applicationReview.return')}
            </Button>
            <Button danger icon={<StopOutlined />} onClick={() => setTextAct({ kind: 'reject' })} data-testid="application-reject">
              {t('applicationReview.reject')}
            </Button>
            <Button
              type="primary"
              icon={<CheckOutlined />}
              data-testid="application-mark-eligible"
              onClick={() =>
                modal.confirm({
                  title: t('applicationReview.markEligible'),
                  content: t('applicationReview.markEligibleConfirm'),
                  okText: t('applicationReview.markEligible'),
                  cancelText: t('common.cancel'),
                  onOk: () => act.mutateAsync({ path: 'mark-eligible', body: {} }).catch(() => undefined),
                })
              }
            >
              {t('applicationReview.markEligible')}
            </Button>
            </>
            ) : null}
          </Space>
        ) : null
      }
    >
      {application.isPending && id ? <Skeleton active /> : null}
      {application.isError ? <ProblemAlert error={application.error} onRetry={() => void application.refetch()} /> : null}
      {data ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Space wrap>
            <ApplicationStatusTag status={data.status} />
            {data.currentVersion ? <Tag>{t('appCommon.version', { version: data.currentVersion })}</Tag> : null}
            <Typography.Text type="secondary">
              {data.organisationName} · {data.idNumberMasked}
            </Typography.Text>
          </Space>
          {data.status === 'returned' && data.returnComment ? <Alert type="warning" showIcon title={t('myApplication.returnedAlert', { comment: data.returnComment })} /> : null}
          {data.status === 'disqualified' ? <FraudFindingsList applicationId={data.id} /> : null}
          <EvidenceFlagsCard applicationId={data.id} />
          {data.corrections?.length ? <CorrectionsCard corrections={data.corrections} /> : null}
          {data.conditions ? (
            <Card size="small" title={t('applicationReview.conditionsTitle')}>
              <ConditionReviewTable application={data} canScreen={canScreen} act={conditionAct} busy={act.isPending} />
              {data.eligibility?.priorityConditions.some((condition) => condition.met) ? (
                <div style={{ marginTop: 8 }}>
                  <Typography.Text strong>{t('applicationReview.priorityConditions')}{punct().colon}</Typography.Text>
                  {data.eligibility.priorityConditions
                    .filter((condition) => condition.met)
                    .map((condition) => (
                      <Tag key={condition.id} color="gold">
                        {t(`appCommon.honours.${condition.id}` as 'appCommon.honours.china-skills-award')}
                      </Tag>
                    ))}
                </div>
              ) : null}
            </Card>
          ) : null}
          <Row gutter={16}>
            <Col xs={24} lg={16}>
              <Card size="small" title={t('applicationReview.contents')}>
                <ApplicationContentView application={data} content={data.content} />
              </Card>
            </Col>
            <Col xs={24} lg={8}>
              <Card size="small" title={t('myApplication.timeline')}>
                <ApplicationTimeline events={data.events} />
              </Card>
            </Col>
          </Row>
        </Space>
      ) : null}
      {data ? (
        <FraudFindingModal
          open={findingFraud}
          name={data.name}
          revokes={data.status === 'certified' || data.status === 'appointed'}
          path={`/applications/${data.id}/fraud`}
          onClose={() => setFindingFraud(false)}
          onDone={() => {
            setFindingFraud(false);
            void queryClient.invalidateQueries({ queryKey: applicationKeys.application(data.id) });
            void queryClient.invalidateQueries({ queryKey: applicationKeys.applications });
          }}
        />
      ) : null}
      <Modal
        open={Boolean(textAct)}
        title={textTitle}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: textAct?.kind === 'reject', 'data-testid': 'text-act-ok' } as never}
        confirmLoading={act.isPending}
        onCancel={() => setTextAct(null)}
        onOk={() =>
          void form.validateFields().then(({ text }) => {
            if (!textAct) return;
            if (textAct.kind === 'return') act.mutate({ path: 'return', body: { comment: text } });
            else act.mutate({ path: 'reject', body: { reason: text } });
          })
        }
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="text"
            label={textAct?.kind === 'return' ? t('applicationReview.returnComment') : t('applicationReview.rejectReason')}
            rules={[{ required: true, min: 2 }]}
          >
            <Input.TextArea rows={4} maxLength={2000} data-testid="text-act-input" />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}

/** 申报审核: HR screens the applications of a plan, follows quotas, exports and hands over the list. */
export default function ApplicationReviewPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const canScreen = hasPermission(me, 'application:screen');
  const problemText = useProblemText();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const { plans, list, planId, choose } = usePlanChoice();
  const [status, setStatus] = useState<string>('');
  const [occupationCode, setOccupationCode] = useState<string>('');
  // An evidence flag (and a notification) links here with ?application=<id>: that application opens.
  const [params] = useSearchParams();
  const [openId, setOpenId] = useState<string | null>(params.get('application'));
  const overview = usePlanOverview(planId);
  const applications = useApplications({ planId, status: status || undefined, occupationCode: occupationCode || undefined }, Boolean(planId));
  const [handoverForm] = Form.useForm<{ note?: string }>();

  const handover = useMutation({
    mutationFn: (note: string | undefined) => api.post<PlanOverview>(`/application-plans/${planId}/handover`, { note }),
    onSuccess: (result) => {
      queryClient.setQueryData(applicationKeys.overview(planId ?? ''), result);
      void message.success(t('applicationReview.handedOver'));
    },
    onError: (error) => void message.error(problemText(error)),
  });

  const columns: TableColumnsType<ApplicationSummary> = [
    {
      title: t('applicationReview.columns.name'),
      key: 'name',
      fixed: 'left',
      render: (_value, row) => (
        <Space>
          <Button type="link" style={{ padding: 0 }} onClick={() => setOpenId(row.id)} data-testid={`open-application-${row.name}`}>
            {row.name}
          </Button>
          {row.priority ? <Tag color="gold">{t('applicationReview.priority')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('applicationReview.columns.organisation'), dataIndex: 'organisationName' },
    { title: t('applicationReview.columns.occupation'), key: 'occupation', render: (_value, row) => (row.occupationCode ? `${row.occupationCode} ${row.occupationName ?? ''}` : '—') },
    { title: t('applicationReview.columns.status'), dataIndex: 'status', render: (value: string) => <ApplicationStatusTag status={value} /> },
    {
      title: t('applicationReview.columns.automatic'),
      dataIndex: 'automaticEligible',
      render: (value: boolean | null) => (value === null ? '—' : <Tag color={value ? 'success' : 'error'}>{value ? t('applicationReview.automaticEligible') : t('applicationReview.automaticNotEligible')}</Tag>),
    },
    { title: t('applicationReview.columns.reviewed'), dataIndex: 'reviewedConditions', render: (value: number, row) => (row.currentVersion ? `${value} / ${CONDITION_IDS.length}` : '—') },
    { title: t('applicationReview.columns.submittedAt'), dataIndex: 'submittedAt', render: (value: string | null) => formatTime(value) },
  ];

  const eligibleCount = overview.data?.counts.eligible ?? 0;
  const plan = list.find((entry) => entry.id === planId);

  return (
    <>
      <PageHeader
        title={t('applicationReview.title')}
        description={canScreen ? t('applicationReview.description') : t('applicationReview.descriptionSupervisor')}
        extra={
          planId && canScreen ? (
            <Space wrap>
              <Button icon={<DownloadOutlined />} href={`${API_BASE}/application-plans/${planId}/export`} data-testid="applications-export">
                {t('applicationReview.export')}
              </Button>
              <Button
                type="primary"
                icon={<SendOutlined />}
                loading={handover.isPending}
                disabled={!eligibleCount}
                data-testid="applications-handover"
                onClick={() =>
                  modal.confirm({
                    title: t('applicationReview.handoverTitle'),
                    content: (
                      <Form form={handoverForm} layout="vertical" preserve={false}>
                        <Typography.Paragraph>{t('applicationReview.handoverConfirm', { count: eligibleCount })}</Typography.Paragraph>
                        <Form.Item name="note" label={t('applicationReview.handoverNote')}>
                          <Input maxLength={1000} />
                        </Form.Item>
                      </Form>
                    ),
                    okText: t('applicationReview.handover'),
                    cancelText: t('common.cancel'),
                    onOk: () => handover.mutateAsync(handoverForm.getFieldValue('note') || undefined).catch(() => undefined),
                  })
                }
              >
                {t('applicationReview.handover')}
              </Button>
            </Space>
          ) : null
        }
      />
      {plans.isError ? <ProblemAlert error={plans.error} onRetry={() => void plans.refetch()} /> : null}
      {!plans.isPending && !list.length ? (
        <Card>
          <NoPlans />
        </Card>
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card size="small">
            <Space wrap>
              <PlanSelect list={list} value={planId} onChange={choose} />
              <Select
                style={{ width: 160 }}
                value={status}
                onChange={setStatus}
                aria-label={t('applicationReview.filters.status')}
                options={[{ value: '', label: `${t('applicationReview.filters.status')}${punct().colon}${t('applicationReview.filters.all')}` }, ...STATUSES.map((value) => ({ value, label: t(`appCommon.statuses.${value}`) }))]}
              />
              <Select
                style={{ width: 240 }}
                value={occupationCode}
                onChange={setOccupationCode}
                aria-label={t('applicationReview.filters.occupation')}
                options={[
                  { value: '', label: `${t('applicationReview.filters.occupation')}${punct().colon}${t('applicationReview.filters.all')}` },
                  ...(overview.data?.plan.occupations ?? []).map((occupation) => ({ value: occupation.code, label: `${occupation.code} ${occupation.name}` })),
                ]}
              />
              {plan ? <Typography.Text type="secondary">{plan.enterpriseName}</Typography.Text> : null}
            </Space>
          </Card>
          {overview.data ? <QuotaCard overview={overview.data} /> : null}
          <Card>
            {applications.isError ? (
              <ProblemAlert title={t('errors.loadFailed')} error={applications.error} onRetry={() => void applications.refetch()} />
            ) : (
              <Table<ApplicationSummary>
                rowKey="id"
                size="middle"
                columns={columns}
                dataSource={applications.data ?? []}
                loading={applications.isPending && Boolean(planId)}
                scroll={{ x: 'max-content' }}
                pagination={{ pageSize: 20, showTotal: (total) => t('common.total', { count: total }) }}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('applicationReview.empty')} /> }}
                onRow={(row) => ({ onDoubleClick: () => setOpenId(row.id) })}
              />
            )}
          </Card>
        </Space>
      )}
      <ApplicationDrawer id={openId} onClose={() => setOpenId(null)} planId={planId} />
    </>
  );
}
