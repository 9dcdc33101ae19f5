import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Form, Modal, Radio, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { pilotPlanKeys, usePlanOptions, usePlans } from '../../api/pilot-plan-queries';
import type { Plan, PlanKind, PlanSummary } from '../../api/pilot-plan-types';
import { hasPermission, useMe } from '../../api/queries';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { formatDateTime } from '../pilots/pilot-labels';
import { PlanStatusTag } from './plan-parts';
import { serverYear } from '../../clock';
import { pickMessage, useLocale } from '../../i18n';
import { punct } from '../../i18n/punctuation';

/**
 * 工作方案: an enterprise's HR lists and creates its plans; a supervising department and the
 * ministry see the published plans in their scope, with their filing (报送备案).
 */
export default function PlansPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const canWrite = hasPermission(me, 'plan:write') && me?.organisation.kind === 'enterprise';
  // ?filed=true: the plans filed with the department, as the dashboards link to them.
  const [searchParams] = useSearchParams();
  const [filedOnly, setFiledOnly] = useState(searchParams.get('filed') === 'true' || (!canWrite && me?.organisation.kind === 'department'));
  const locale = useLocale();
  const [year, setYear] = useState<number | undefined>();
  const plans = usePlans({ year, filed: filedOnly ? 'true' : undefined });
  const options = usePlanOptions(canWrite);
  const [creating, setCreating] = useState(false);

  const years = [...new Set([...(options.data?.pilotYears ?? []), ...(plans.data ?? []).map((plan) => plan.year)])].sort((a, b) => b - a);

  return (
    <>
      <PageHeader
        title={t('plans.title')}
        description={canWrite ? t('plans.descriptionEnterprise') : t('plans.descriptionSupervisor')}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} disabled={!options.data?.pilotYears.length} data-testid="plan-create">
              {t('plans.create')}
            </Button>
          ) : undefined
        }
      />
      {canWrite && options.data && !options.data.pilotYears.length ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('plans.notPilot', {
            missing: [...new Set(options.data.years.flatMap((item) => item.requirements.filter((requirement) => requirement.gate === 'plan' && requirement.met === false).map((requirement) => pickMessage(requirement.message, locale))))].join(punct().semicolon),
          })}
          data-testid="plan-not-pilot"
        />
      ) : null}
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            style={{ width: 140 }}
            aria-label={t('statistics.year')}
            value={year ? String(year) : ''}
            onChange={(value) => setYear(value ? Number(value) : undefined)}
            options={[{ value: '', label: t('pilots.allYears') }, ...years.map((value) => ({ value: String(value), label: t('pilots.yearValue', { year: value }) }))]}
          />
          {canWrite ? null : (
            <Space>
              <Switch checked={filedOnly} onChange={setFiledOnly} aria-label={t('plans.filedOnly')} data-testid="plan-filed-only" />
              <span>{t('plans.filedOnly')}</span>
            </Space>
          )}
        </Space>
        {plans.isError ? (
          <ProblemAlert title={t('errors.loadFailed')} error={plans.error} onRetry={() => void plans.refetch()} />
        ) : (
          <Table<PlanSummary>
            rowKey="id"
            loading={plans.isPending}
            dataSource={plans.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty description={canWrite ? t('plans.emptyEnterprise') : t('plans.emptySupervisor')} /> }}
            data-testid="plan-table"
            columns={[
              { title: t('plans.year'), dataIndex: 'year', key: 'year', width: 90 },
              { title: t('plans.enterprise'), dataIndex: 'enterpriseName', key: 'enterprise' },
              {
                title: t('plans.kind'),
                key: 'kind',
                render: (_: unknown, row) => (
                  <Space orientation="vertical" size={0}>
                    <span>{t(`plans.kinds.${row.kind}`)}</span>
                    {row.title ? <Typography.Text type="secondary">{row.title}</Typography.Text> : null}
                  </Space>
                ),
              },
              {
                title: t('plans.status'),
                key: 'status',
                width: 150,
                render: (_: unknown, row) => (
                  <Space size={4} wrap>
                    <PlanStatusTag status={row.status} />
                    {canWrite && row.status === 'published' && row.hasUnpublishedChanges ? <Tag color="orange">{t('plans.unpublishedChanges')}</Tag> : null}
                  </Space>
                ),
              },
              {
                title: t('plans.version'),
                key: 'version',
                width: 110,
                render: (_: unknown, row) => (row.currentVersion ? t('plans.versionValue', { version: row.currentVersion }) : t('plans.noVersion')),
              },
              { title: t('plans.publishedAt'), key: 'publishedAt', width: 150, render: (_: unknown, row) => formatDateTime(row.publishedAt) },
              {
                title: t('plans.filing'),
                key: 'filing',
                width: 180,
                render: (_: unknown, row) =>
                  row.filing ? (
                    <Space size={4}>
                      <Tag color="blue">{t('plans.filedValue', { version: row.filing.filedVersion })}</Tag>
                      <Tag color={row.filing.status === 'accepted' ? 'green' : row.filing.status === 'returned' ? 'orange' : 'default'}>{t(`planEditor.filingStatus.${row.filing.status}`)}</Tag>
                    </Space>
                  ) : (
                    <Tag>{t('plans.notFiled')}</Tag>
                  ),
              },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 90,
                render: (_: unknown, row) => (
                  <Link to={`/plans/${row.id}`} data-testid={`plan-open-${row.year}-${row.kind}`}>
                    {t('plans.open')}
                  </Link>
                ),
              },
            ]}
          />
        )}
      </Card>
      {canWrite ? <CreatePlanModal open={creating} years={options.data?.pilotYears ?? []} onClose={() => setCreating(false)} /> : null}
    </>
  );
}

function CreatePlanModal({ open, years, onClose }: { open: boolean; years: number[]; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ year: number; kind: PlanKind }>();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const problemText = useProblemText();
  const create = useMutation({
    mutationFn: (values: { year: number; kind: PlanKind }) => api.post<Plan>('/plans', values),
    onSuccess: async (plan) => {
      await queryClient.invalidateQueries({ queryKey: pilotPlanKeys.plans });
      onClose();
      void navigate(`/plans/${plan.id}`);
    },
    onError: (error) => void message.error(problemText(error)),
  });
  return (
    <Modal
      open={open}
      title={t('plans.createTitle')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: create.isPending, ...({ 'data-testid': 'plan-create-confirm' } as Record<string, string>) }}
      onCancel={onClose}
      onOk={() => void form.validateFields().then((values) => create.mutate(values))}
      destroyOnHidden
    >
      {/* This year when it is open to the enterprise (a plan may also be drawn up for the next year). */}
      <Form form={form} layout="vertical" initialValues={{ year: years.includes(serverYear()) ? serverYear() : years[0], kind: 'evaluation' }} preserve={false}>
        <Form.Item name="year" label={t('plans.year')} rules={[{ required: true, message: t('plans.yearRequired') }]}>
          <Select options={years.map((value) => ({ value, label: t('pilots.yearValue', { year: value }) }))} />
        </Form.Item>
        <Form.Item name="kind" label={t('plans.kind')}>
          <Radio.Group>
            <Space orientation="vertical">
              {(['evaluation', 're-review'] as const).map((kind) => (
                <Radio key={kind} value={kind}>
                  {t(`plans.kinds.${kind}`)} <Typography.Text type="secondary">— {t(`plans.kindHints.${kind}`)}</Typography.Text>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}
