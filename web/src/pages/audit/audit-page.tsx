import { SafetyCertificateOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Descriptions, Empty, Form, Input, Select, Space, Table, TreeSelect, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { hasPermission, queryKeys, useMe, useOrganisations } from '../../api/queries';
import type { AuditEntry, AuditVerification, ItemList, Page, User } from '../../api/types';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { zhCN } from '../../i18n/zh-CN';
import { buildOrganisationTree, toTreeSelectData } from '../../model/organisation-tree';
import { punct } from '../../i18n/punctuation';
import { chinaTime } from '../../clock';

interface Filters {
  action?: string;
  organisationId?: string;
  actor?: string;
  /** 时间: first and last day, both included. */
  range?: [Dayjs | null, Dayjs | null] | null;
}

interface Query {
  action?: string;
  organisationId?: string;
  actor?: string;
  from?: string;
  to?: string;
}

const KNOWN_ACTIONS = Object.keys(zhCN.audit.actions);

function json(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return JSON.stringify(value, null, 2);
}

/** 审计日志: every recorded change, newest first, and the check that the hash chain holds. */
export default function AuditPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const organisations = useOrganisations(hasPermission(me, 'organisation:read'));
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Query>({});
  const [page, setPage] = useState({ current: 1, pageSize: 50 });

  const query = {
    limit: page.pageSize,
    offset: (page.current - 1) * page.pageSize,
    action: filters.action,
    organisationId: filters.organisationId,
    actor: filters.actor,
    from: filters.from,
    to: filters.to,
  };
  const entries = useQuery({
    queryKey: queryKeys.audit(query),
    queryFn: ({ signal }) => api.get<Page<AuditEntry>>('/audit', query, signal),
    placeholderData: keepPreviousData,
  });

  const verify = useMutation({
    mutationFn: () => api.get<AuditVerification>('/audit/verify'),
  });

  // 操作人 from a list: the users in scope, for whoever may read them (others type a name).
  const users = useQuery({
    queryKey: queryKeys.usersAll,
    queryFn: ({ signal }) => api.get<ItemList<User>>('/users', {}, signal),
    enabled: hasPermission(me, 'user:read'),
  });

  const treeData = useMemo(() => toTreeSelectData(buildOrganisationTree(organisations.data ?? [])), [organisations.data]);

  const actionLabel = (action: string) => t(`audit.actions.${action}` as 'audit.actions.auth.login', { defaultValue: action });
  const targetLabel = (type: string | null) =>
    type ? t(`audit.targetTypes.${type}` as 'audit.targetTypes.user', { defaultValue: type }) : '';

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.fields.seq'), dataIndex: 'seq', width: 80 },
    {
      title: t('audit.fields.at'),
      dataIndex: 'at',
      width: 170,
      render: (at: string) => chinaTime(at, 'YYYY-MM-DD HH:mm:ss'),
    },
    {
      title: t('audit.fields.actor'),
      dataIndex: 'actorName',
      // The system's own acts are stored as 'system' (it is part of the hashed entry).
      render: (name: string | null) =>
        name && name !== 'system' ? name : <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
    },
    { title: t('audit.fields.organisation'), dataIndex: 'organisationName', ellipsis: true, render: (name: string | null) => name ?? '—' },
    {
      title: t('audit.fields.action'),
      dataIndex: 'action',
      render: (action: string) => <span title={action}>{actionLabel(action)}</span>,
    },
    {
      title: t('audit.fields.target'),
      key: 'target',
      render: (_value, entry) =>
        entry.targetType ? (
          <span title={entry.targetId ?? undefined}>
            {targetLabel(entry.targetType)}{' '}
            {entry.targetName ? (
              <>
                {entry.targetName}
                {entry.targetDetail ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {' '}
                    {entry.targetDetail}
                  </Typography.Text>
                ) : null}
              </>
            ) : entry.targetId ? (
              // A target without a name (a job, a file, a setting) or no longer there: its short id.
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {entry.targetId.slice(0, 8)}
              </Typography.Text>
            ) : null}
          </span>
        ) : (
          '—'
        ),
    },
    { title: t('audit.fields.ip'), dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
  ];

  const filtered = Boolean(filters.action || filters.organisationId || filters.actor || filters.from || filters.to);
  const result = verify.data;

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        // The checkpoint is the system administrator's (a command on the server); others read their own scope.
        description={me?.roles.includes('system-admin') ? t('audit.intro') : t('audit.introScoped')}
        extra={
          <Button
            type="primary"
            icon={<SafetyCertificateOutlined />}
            loading={verify.isPending}
            onClick={() => verify.mutate()}
            data-testid="verify-audit"
          >
            {t('audit.verify')}
          </Button>
        }
      />
      {verify.isError ? (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert error={verify.error} onRetry={() => verify.mutate()} />
        </div>
      ) : null}
      {result ? (
        <Alert
          style={{ marginBottom: 16 }}
          type={result.intact ? 'success' : 'error'}
          showIcon
          closable={{ onClose: () => verify.reset() }}
          title={result.intact ? t('audit.intact') : t('audit.broken')}
          description={
            result.intact || !result.firstBroken
              ? t('audit.intactDetail', { count: result.checked })
              : t('audit.brokenDetail', {
                  count: result.checked,
                  seq: result.firstBroken.seq,
                  id: result.firstBroken.id,
                  reason: result.firstBroken.reason,
                })
          }
          data-testid="audit-verification"
        />
      ) : null}
      <Card>
        <Form<Filters>
          form={form}
          layout="inline"
          onFinish={(values) => {
            setFilters({
              action: values.action?.trim() || undefined,
              organisationId: values.organisationId || undefined,
              actor: values.actor?.trim() || undefined,
              // The days picked are China's days, as the times in the list are China's.
              from: values.range?.[0] ? `${values.range[0].format('YYYY-MM-DD')}T00:00:00.000+08:00` : undefined,
              to: values.range?.[1] ? `${values.range[1].format('YYYY-MM-DD')}T23:59:59.999+08:00` : undefined,
            });
            setPage((current) => ({ ...current, current: 1 }));
          }}
          style={{ marginBottom: 16, rowGap: 12 }}
        >
          <Form.Item name="action" label={t('audit.filters.action')}>
            <Select
              allowClear
              data-testid="audit-action-filter"
              style={{ width: 240 }}
              options={KNOWN_ACTIONS.map((action) => ({ value: action, label: actionLabel(action) }))}
              showSearch={{ optionFilterProp: 'label' }}
            />
          </Form.Item>
          {organisations.data ? (
            <Form.Item name="organisationId" label={t('audit.filters.organisation')}>
              <TreeSelect
                allowClear
                style={{ width: 260 }}
                treeData={treeData}
                treeDefaultExpandAll
                showSearch={{ treeNodeFilterProp: 'title' }}
              />
            </Form.Item>
          ) : null}
          <Form.Item name="actor" label={t('audit.filters.actor')}>
            {users.data ? (
              <Select
                allowClear
                data-testid="audit-actor-filter"
                style={{ width: 220 }}
                options={users.data.items.map((user) => ({ value: user.id, label: `${user.displayName}${punct().paren(user.organisationName)}` }))}
                showSearch={{ optionFilterProp: 'label' }}
              />
            ) : (
              <Input allowClear placeholder={t('audit.filters.actorPlaceholder')} style={{ width: 200 }} />
            )}
          </Form.Item>
          <Form.Item name="range" label={t('audit.filters.time')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} data-testid="audit-range" />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                {t('common.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setFilters({});
                  setPage((current) => ({ ...current, current: 1 }));
                }}
              >
                {t('common.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
        {entries.isError ? (
          <ProblemAlert title={t('errors.loadFailed')} error={entries.error} onRetry={() => void entries.refetch()} />
        ) : (
          <Table<AuditEntry>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={entries.data?.items ?? []}
            loading={entries.isFetching}
            scroll={{ x: 'max-content' }}
            pagination={{
              current: page.current,
              pageSize: page.pageSize,
              total: entries.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              showTotal: (total) => t('common.total', { count: total }),
              onChange: (current, pageSize) => setPage({ current, pageSize }),
            }}
            expandable={{
              expandedRowRender: (entry) => (
                <Descriptions
                  size="small"
                  bordered
                  column={1}
                  items={[
                    { key: 'id', label: t('audit.fields.id'), children: <Typography.Text copyable>{entry.id}</Typography.Text> },
                    {
                      key: 'target',
                      label: t('audit.fields.target'),
                      children: entry.targetId ? [targetLabel(entry.targetType), entry.targetName, entry.targetDetail, entry.targetId].filter(Boolean).join(' ') : '—',
                    },
                    { key: 'before', label: t('audit.fields.before'), children: <pre className="code-block">{json(entry.before)}</pre> },
                    { key: 'after', label: t('audit.fields.after'), children: <pre className="code-block">{json(entry.after)}</pre> },
                    { key: 'userAgent', label: t('audit.fields.userAgent'), children: entry.userAgent ?? '—' },
                    {
                      key: 'hash',
                      label: t('audit.fields.hash'),
                      children: (
                        <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                          {entry.hash}
                        </Typography.Text>
                      ),
                    },
                  ]}
                />
              ),
            }}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={filtered ? t('audit.emptyFiltered') : t('audit.empty')}
                />
              ),
            }}
          />
        )}
      </Card>
    </>
  );
}
