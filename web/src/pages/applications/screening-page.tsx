import { CheckCircleOutlined, ClockCircleOutlined, CloseCircleOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Input, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applicationKeys, useCandidates } from '../../api/application-queries';
import type { Candidate } from '../../api/application-types';
import { api } from '../../api/client';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { ApplicationStatusTag, NoPlans, PlanSelect, useLocalized, usePlanChoice } from './application-parts';
import { punct } from '../../i18n/punctuation';

/** Application states in which HR has not yet screened the application. */
const UNDECIDED = new Set(['draft', 'submitted', 'returned']);
const STATE_COLOURS = { met: 'success', 'not-met': 'error', 'to-check': 'orange', pending: 'warning' } as const;
const PAGE_SIZE = 50;

/** 资格初筛: the register against a published plan; HR invites those who meet what the register decides. */
export default function ScreeningPage() {
  const { t } = useTranslation();
  const localized = useLocalized();
  const problemText = useProblemText();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const { plans, list, planId, choose } = usePlanChoice();
  const [outcome, setOutcome] = useState<'all' | 'meets' | 'not-met'>('meets');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const candidates = useCandidates(planId, { outcome: outcome === 'all' ? undefined : outcome, q: search || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });

  const invite = useMutation({
    mutationFn: (employeeIds: string[]) => api.post<{ invited: number; alreadyInvited: number; withoutAccount: number }>(`/application-plans/${planId}/invitations`, { employeeIds }),
    onSuccess: (result) => {
      void message.success(t('screening.invited', { invited: result.invited, already: result.alreadyInvited, withoutAccount: result.withoutAccount }));
      setSelected([]);
      void queryClient.invalidateQueries({ queryKey: applicationKeys.candidates(planId ?? '') });
    },
    onError: (error) => void message.error(problemText(error)),
  });

  const counts = candidates.data?.counts;
  const columns: TableColumnsType<Candidate> = [
    {
      title: t('screening.columns.name'),
      key: 'name',
      fixed: 'left',
      render: (_value, row) => (
        <Space orientation="vertical" size={0}>
          <span>{row.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.idNumberMasked}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('screening.columns.organisation'),
      key: 'organisation',
      render: (_value, row) => (
        <Space orientation="vertical" size={0}>
          <span>{row.organisationName}</span>
          {row.department ? <Typography.Text type="secondary">{row.department}</Typography.Text> : null}
        </Space>
      ),
    },
    { title: t('screening.columns.occupation'), key: 'occupation', render: (_value, row) => `${row.occupationCode} ${row.occupationName ?? ''}` },
    {
      title: t('screening.columns.outcome'),
      key: 'outcome',
      render: (_value, row) => (
        <Space orientation="vertical" size={4}>
          <Tag color={row.outcome === 'meets' ? 'success' : 'error'}>{t(`screening.outcomes.${row.outcome}`)}</Tag>
          {row.outcome === 'not-met' && row.applicationStatus && !UNDECIDED.has(row.applicationStatus) ? (
            // HR decided the application (a judgement, or corrected facts): the register's automatic
            // check is not the last word, and the row says so instead of showing two verdicts.
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="decided-in-review">
              {t('screening.decidedInReview')}
            </Typography.Text>
          ) : null}
          {row.priority.length ? (
            <Tag color="gold">{t('screening.priority', { names: row.priority.map((id) => t(`appCommon.honours.${id}` as 'appCommon.honours.china-skills-award')).join(punct().list) })}</Tag>
          ) : null}
          <Space size={4} wrap>
            {row.invited ? <Tag color="blue">{t('screening.invitedTag')}</Tag> : null}
            {row.hasAccount ? null : <Tag>{t('screening.noAccount')}</Tag>}
            {row.applicationStatus ? <ApplicationStatusTag status={row.applicationStatus} /> : null}
          </Space>
        </Space>
      ),
    },
    {
      title: t('screening.columns.conditions'),
      key: 'conditions',
      width: 380,
      render: (_value, row) => (
        <Space orientation="vertical" size={4}>
          <Space size={[4, 4]} wrap>
            {row.conditions.map((condition) => (
              <Tooltip key={condition.id} title={`${t(`appCommon.conditions.${condition.id}`)}${punct().colon}${localized(condition.reason)}`}>
                <Tag
                  color={STATE_COLOURS[condition.state]}
                  icon={condition.state === 'met' ? <CheckCircleOutlined /> : condition.state === 'pending' || condition.state === 'to-check' ? <ClockCircleOutlined /> : <CloseCircleOutlined />}
                  style={{ marginInlineEnd: 0 }}
                  data-testid={`condition-${condition.id}-${condition.state}`}
                >
                  {t(`appCommon.conditionsShort.${condition.id}`)}
                </Tag>
              </Tooltip>
            ))}
          </Space>
          {row.conditions
            .filter((condition) => condition.state === 'not-met')
            .map((condition) => (
              <Typography.Text key={condition.id} type="danger" style={{ fontSize: 12 }} data-testid="candidate-reason">
                {localized(condition.reason)}
              </Typography.Text>
            ))}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('screening.title')}
        description={t('screening.description')}
        extra={
          <Button
            type="primary"
            icon={<SendOutlined />}
            disabled={!selected.length}
            loading={invite.isPending}
            data-testid="screening-invite"
            onClick={() =>
              modal.confirm({
                title: t('screening.invite', { count: selected.length }),
                content: t('screening.inviteConfirm', { count: selected.length }),
                okText: t('common.confirm'),
                cancelText: t('common.cancel'),
                onOk: () => invite.mutateAsync(selected).catch(() => undefined),
              })
            }
          >
            {t('screening.invite', { count: selected.length })}
          </Button>
        }
      />
      <Card>
        {plans.isError ? <ProblemAlert error={plans.error} onRetry={() => void plans.refetch()} /> : null}
        {!plans.isPending && !list.length ? (
          <NoPlans />
        ) : (
          <>
            <Space wrap style={{ marginBottom: 16 }}>
              <PlanSelect
                list={list}
                value={planId}
                onChange={(id) => {
                  choose(id);
                  setSelected([]);
                  setPage(1);
                }}
              />
              <Segmented
                value={outcome}
                onChange={(value) => {
                  setOutcome(value as typeof outcome);
                  setPage(1);
                }}
                options={[
                  { value: 'meets', label: t('screening.tabs.meets', { count: counts?.meets ?? 0 }) },
                  { value: 'not-met', label: t('screening.tabs.notMet', { count: counts?.notMet ?? 0 }) },
                  { value: 'all', label: t('screening.tabs.all', { count: counts?.all ?? 0 }) },
                ]}
              />
              <Input.Search allowClear placeholder={t('screening.search')} onSearch={(value) => { setSearch(value.trim()); setPage(1); }} style={{ width: 240 }} />
            </Space>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
              {t('screening.legend')}
            </Typography.Paragraph>
            {candidates.isError ? (
              <ProblemAlert title={t('errors.loadFailed')} error={candidates.error} onRetry={() => void candidates.refetch()} />
            ) : (
              <Table<Candidate>
                rowKey="employeeId"
                size="middle"
                columns={columns}
                dataSource={candidates.data?.items ?? []}
                loading={candidates.isPending || candidates.isFetching}
                scroll={{ x: 'max-content' }}
                rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), getCheckboxProps: (row) => ({ disabled: row.outcome !== 'meets' || Boolean(row.applicationStatus) }) }}
                pagination={{ current: page, pageSize: PAGE_SIZE, total: candidates.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (total) => t('common.total', { count: total }) }}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={counts?.all ? t('screening.emptyFiltered') : t('screening.empty')} /> }}
              />
            )}
          </>
        )}
      </Card>
    </>
  );
}
