import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { hasPermission, useMe } from '../../api/queries';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { reviewKeys, useCommissions, useCommittees, useExperts, useRecommended, type Commission, type CommitteeBrief, type Expert, type Fraction } from './review-api';
import { OccupationNames, planLabel, StatusTag } from './review-parts';
import { punct } from '../../i18n/punctuation';
import { chinaTime } from '../../clock';

const fraction = (value: Fraction) => `${value.numerator}/${value.denominator}`;

/**
 * 组织评审 (section 四(二)): one page for the three parties. The body's administrator keeps the
 * expert pool, sees the commissioned plans and forms committees; an expert finds their
 * committees; the enterprise commissions its plan and reads the recommended list once closed.
 */
export default function ReviewPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const manages = hasPermission(me, 'review:manage');
  const commissions = hasPermission(me, 'review:commission');
  const items = [
    { key: 'committees', label: t('review.tabs.committees'), children: <CommitteesTab manages={manages} enterprise={commissions && !manages} /> },
    ...(manages ? [{ key: 'experts', label: t('review.tabs.experts'), children: <ExpertsTab /> }] : []),
    ...(manages || commissions ? [{ key: 'commissions', label: t('review.tabs.commissions'), children: <CommissionsTab enterprise={commissions && !manages} /> }] : []),
    ...(commissions ? [{ key: 'recommended', label: t('review.tabs.recommended'), children: <RecommendedTab /> }] : []),
  ];
  return (
    <>
      <PageHeader title={t('review.title')} description={manages ? t('review.descriptionManager') : commissions ? t('review.descriptionEnterprise') : t('review.descriptionExpert')} />
      <Tabs items={items} />
    </>
  );
}

function CommitteesTab({ manages, enterprise }: { manages: boolean; enterprise: boolean }) {
  const { t } = useTranslation();
  const committees = useCommittees();
  const [forming, setForming] = useState(false);
  if (committees.isError) return <ProblemAlert title={t('errors.loadFailed')} error={committees.error} onRetry={() => void committees.refetch()} />;
  const empty = manages ? t('review.committeesEmptyManager') : enterprise ? t('review.committeesEmptyEnterprise') : t('review.committeesEmptyExpert');
  return (
    <Card extra={manages ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setForming(true)} data-testid="committee-new">{t('review.newCommittee')}</Button> : undefined}>
      <Table<CommitteeBrief>
        rowKey="id"
        loading={committees.isPending}
        dataSource={committees.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={empty} /> }}
        data-testid="committee-table"
        columns={[
          { title: t('review.name'), dataIndex: 'name', key: 'name', render: (value: string, row) => <Link to={`/review/committees/${row.id}`}>{value}</Link> },
          { title: t('review.plan'), key: 'plan', render: (_: unknown, row) => planLabel(row.enterpriseName, row.planTitle) },
          { title: t('review.occupations'), key: 'occupations', width: 150, render: (_: unknown, row) => <OccupationNames codes={row.occupationCodes} /> },
          { title: t('review.round'), key: 'round', width: 90, render: (_: unknown, row) => t('review.roundValue', { round: row.round }) },
          { title: t('review.candidates'), dataIndex: 'candidateCount', key: 'candidates' },
          { title: t('review.status'), key: 'status', render: (_: unknown, row) => <StatusTag status={row.status} /> },
          { title: t('review.myRole'), key: 'role', render: (_: unknown, row) => <Tag>{t(`review.roles.${row.myRole}`)}</Tag> },
          { title: t('common.actions'), key: 'actions', width: 80, render: (_: unknown, row) => <Link to={`/review/committees/${row.id}`} data-testid={`committee-open-${row.name}`}>{t('review.open')}</Link> },
        ]}
      />
      {forming && <CommitteeForm onClose={() => setForming(false)} />}
    </Card>
  );
}

function CommitteeForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const commissions = useCommissions();
  const experts = useExperts();
  const [form] = Form.useForm();
  const commissionId = Form.useWatch('commissionId', form) as string | undefined;
  const memberIds = (Form.useWatch('memberIds', form) as string[] | undefined) ?? [];
  const commission = commissions.data?.items.find((item) => item.id === commissionId);
  const [failure, setFailure] = useState<unknown>(null);
  const mutation = useMutation({
    mutationFn: (values: Record<string, unknown>) => api.post('/review/committees', values),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: reviewKeys.all });
      void message.success(t('review.created'));
      onClose();
    },
    onError: setFailure,
  });
  const activeExperts = (experts.data?.items ?? []).filter((expert) => expert.active && expert.userId);
  return (
    <Modal open title={t('review.newCommittee')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} confirmLoading={mutation.isPending} width={640} destroyOnHidden>
      {failure ? <ProblemAlert error={failure} /> : null}
      <Form form={form} layout="vertical" onFinish={(values) => mutation.mutate(values)} data-testid="committee-form">
        <Form.Item name="commissionId" label={t('review.plan')} rules={[{ required: true }]}>
          <Select options={(commissions.data?.items ?? []).map((item) => ({ value: item.id, label: `${item.enterpriseName} ${item.planTitle ?? ''}` }))} />
        </Form.Item>
        <Form.Item name="name" label={t('review.name')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="occupationCodes" label={t('review.occupations')} rules={[{ required: true }]}>
          <Select mode="multiple" options={(commission?.occupations ?? []).map((occupation) => ({ value: occupation.code, label: `${occupation.name}${punct().paren(occupation.code)}` }))} />
        </Form.Item>
        <Form.Item name="memberIds" label={t('review.memberIds')} rules={[{ required: true }]} extra={t(commission?.committeeRules?.oddSize === false ? 'review.sizeHintAny' : 'review.sizeHint', { minimum: commission?.committeeRules?.minimumSize ?? 1, size: commission?.committeeRules?.size ?? '—' })}>
          <Select mode="multiple" options={activeExperts.map((expert) => ({ value: expert.id, label: `${expert.name}${expert.title ? punct().paren(expert.title) : ''}` }))} />
        </Form.Item>
        <Form.Item name="chairId" label={t('review.chair')} rules={[{ required: true }]}>
          <Select options={activeExperts.filter((expert) => memberIds.includes(expert.id)).map((expert) => ({ value: expert.id, label: expert.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ExpertsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const experts = useExperts();
  const [adding, setAdding] = useState(false);
  const toggle = useMutation({
    mutationFn: (expert: Expert) => api.patch(`/review/experts/${expert.id}`, { active: !expert.active }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: reviewKeys.experts });
      void message.success(t('review.experts.saved'));
    },
  });
  if (experts.isError) return <ProblemAlert title={t('errors.loadFailed')} error={experts.error} onRetry={() => void experts.refetch()} />;
  return (
    <Card extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="expert-add">{t('review.experts.add')}</Button>}>
      <Table<Expert>
        rowKey="id"
        loading={experts.isPending}
        dataSource={experts.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={t('review.experts.empty')} /> }}
        data-testid="expert-table"
        columns={[
          { title: t('review.experts.name'), dataIndex: 'name', key: 'name' },
          { title: t('review.experts.occupation'), dataIndex: 'occupationCode', key: 'occupation', render: (value: string | null) => value ?? '—' },
          { title: t('review.experts.title'), dataIndex: 'title', key: 'title', render: (value: string | null) => value ?? '—' },
          { title: t('review.experts.organisation'), dataIndex: 'organisationName', key: 'organisation', render: (value: string | null) => value ?? '—' },
          { title: t('review.experts.account'), dataIndex: 'username', key: 'username', render: (value: string | null) => value ?? '—' },
          { title: t('review.experts.idNumber'), dataIndex: 'idNumberMasked', key: 'id', render: (value: string | null) => value ?? '—' },
          { title: t('review.status'), key: 'active', render: (_: unknown, row) => <Tag color={row.active ? 'green' : 'default'}>{row.active ? t('review.experts.active') : t('review.experts.inactive')}</Tag> },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, row) => (
              <Button size="small" onClick={() => toggle.mutate(row)}>
                {row.active ? t('review.experts.deactivate') : t('review.experts.activate')}
              </Button>
            ),
          },
        ]}
      />
      {adding && <ExpertForm onClose={() => setAdding(false)} />}
    </Card>
  );
}

function ExpertForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const [form] = Form.useForm();
  const [failure, setFailure] = useState<unknown>(null);
  const accounts = useQuery({
    queryKey: ['users', 'experts', me?.organisation.id],
    queryFn: () => api.get<{ items: { id: string; username: string; displayName: string; roles: string[] }[] }>('/users', { organisationId: me?.organisation.id }),
    enabled: Boolean(me),
  });
  const mutation = useMutation({
    mutationFn: (values: Record<string, unknown>) => api.post('/review/experts', Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== ''))),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: reviewKeys.experts });
      void message.success(t('review.experts.saved'));
      onClose();
    },
    onError: setFailure,
  });
  return (
    <Modal open title={t('review.experts.add')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} confirmLoading={mutation.isPending} destroyOnHidden>
      {failure ? <ProblemAlert error={failure} /> : null}
      <Form form={form} layout="vertical" onFinish={(values) => mutation.mutate(values)} data-testid="expert-form">
        <Form.Item name="name" label={t('review.experts.name')} rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="title" label={t('review.experts.title')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="organisationName" label={t('review.experts.organisation')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="occupationCode" label={t('review.experts.occupation')}>
          <Input maxLength={20} placeholder="6-18-01-01" />
        </Form.Item>
        <Form.Item name="userId" label={t('review.experts.account')} extra={t('review.experts.accountHint')}>
          <Select allowClear options={(accounts.data?.items ?? []).filter((user) => user.roles.includes('expert')).map((user) => ({ value: user.id, label: `${user.displayName}${punct().paren(user.username)}` }))} />
        </Form.Item>
        <Form.Item name="idNumber" label={t('review.experts.idNumber')} extra={t('review.experts.idNumberHint')}>
          <Input maxLength={18} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CommissionsTab({ enterprise }: { enterprise: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const commissions = useCommissions();
  const [planId, setPlanId] = useState<string>();
  const plans = useQuery({
    queryKey: ['plans', 'for-commission'],
    queryFn: () => api.get<{ items: { id: string; title: string | null; year: number; status: string; enterpriseName: string }[] }>('/plans'),
    enabled: enterprise,
  });
  const [failure, setFailure] = useState<unknown>(null);
  const commission = useMutation({
    mutationFn: (id: string) => api.post('/review/commissions', { planId: id }),
    onSuccess: async () => {
      setFailure(null);
      await queryClient.invalidateQueries({ queryKey: reviewKeys.all });
      void message.success(t('review.commissions.commissioned'));
    },
    onError: setFailure,
  });
  if (commissions.isError) return <ProblemAlert title={t('errors.loadFailed')} error={commissions.error} onRetry={() => void commissions.refetch()} />;
  const taken = new Set((commissions.data?.items ?? []).map((item) => item.planId));
  return (
    <Card>
      {enterprise && (
        <Space style={{ marginBottom: 16 }} wrap>
          <Select
            style={{ minWidth: 320 }}
            placeholder={t('review.commissions.planToCommission')}
            value={planId}
            onChange={setPlanId}
            options={(plans.data?.items ?? []).filter((plan) => plan.status === 'published' && !taken.has(plan.id)).map((plan) => ({ value: plan.id, label: `${plan.enterpriseName} ${plan.title ?? plan.year}` }))}
            data-testid="commission-plan"
          />
          <Button type="primary" disabled={!planId} loading={commission.isPending} onClick={() => planId && commission.mutate(planId)} data-testid="commission-submit">
            {t('review.commission')}
          </Button>
        </Space>
      )}
      {failure ? <ProblemAlert error={failure} /> : null}
      <Table<Commission>
        rowKey="id"
        loading={commissions.isPending}
        dataSource={commissions.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={enterprise ? t('review.commissions.emptyEnterprise') : t('review.commissions.empty')} /> }}
        columns={[
          { title: t('review.plan'), key: 'plan', render: (_: unknown, row) => planLabel(row.enterpriseName, row.planTitle) },
          { title: t('review.commissions.body'), dataIndex: 'bodyName', key: 'body' },
          { title: t('review.commissions.form'), key: 'form', render: (_: unknown, row) => (row.organisationForm ? t(`review.commissions.forms.${row.organisationForm as 'own-body'}`) : '—') },
          { title: t('review.occupations'), key: 'occupations', render: (_: unknown, row) => row.occupations.map((occupation) => `${occupation.name}${punct().paren(occupation.cap ?? '—')}`).join(punct().list) },
          {
            title: t('review.commissions.rules'),
            key: 'rules',
            render: (_: unknown, row) =>
              row.committeeRules ? t('review.commissions.rulesValue', { size: row.committeeRules.size ?? '—', quorum: fraction(row.committeeRules.quorum), threshold: fraction(row.committeeRules.voteThreshold) }) : '—',
          },
          { title: t('review.commissions.awaiting'), dataIndex: 'awaitingReview', key: 'awaiting' },
        ]}
      />
    </Card>
  );
}

function RecommendedTab() {
  const { t } = useTranslation();
  const recommended = useRecommended();
  if (recommended.isError) return <ProblemAlert title={t('errors.loadFailed')} error={recommended.error} onRetry={() => void recommended.refetch()} />;
  return (
    <Card>
      <Table
        rowKey={(row) => `${row.committeeId}:${row.applicationId}`}
        loading={recommended.isPending}
        dataSource={recommended.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 800 }}
        locale={{ emptyText: <Empty description={t('review.recommended.empty')} /> }}
        data-testid="recommended-table"
        columns={[
          { title: t('review.summary.name'), dataIndex: 'name', key: 'name' },
          { title: t('review.occupations'), dataIndex: 'occupationCode', key: 'occupation' },
          { title: t('review.summary.rank'), dataIndex: 'rank', key: 'rank' },
          { title: t('review.summary.score'), dataIndex: 'score', key: 'score', render: (value: number | null) => (value === null ? '—' : value.toFixed(2)) },
          { title: t('review.recommended.approve'), key: 'approve', render: (_: unknown, row) => `${row.approve}/${row.present}` },
          { title: t('review.recommended.committee'), key: 'committee', render: (_: unknown, row) => <Link to={`/review/committees/${row.committeeId}`}>{`${row.committeeName} · ${t('review.roundValue', { round: row.round })}`}</Link> },
          { title: t('review.recommended.closedAt'), dataIndex: 'closedAt', key: 'closedAt', render: (value: string) => <Typography.Text>{chinaTime(value, 'YYYY-MM-DD HH:mm:ss')}</Typography.Text> },
        ]}
      />
    </Card>
  );
}
