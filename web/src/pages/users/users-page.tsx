import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Input, Popconfirm, Space, Table, Tag, Tooltip, TreeSelect, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { hasPermission, queryKeys, useMe, useOrganisations } from '../../api/queries';
import type { ItemList, User } from '../../api/types';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { buildOrganisationTree, toTreeSelectData } from '../../model/organisation-tree';
import { ALL_ROLES } from '../../model/organisations';
import type { OneTimePassword } from './one-time-password-modal';
import { OneTimePasswordModal } from './one-time-password-modal';
import type { UserFormMode } from './user-form-modal';
import { UserFormModal } from './user-form-modal';
import { serverNow, chinaTime } from '../../clock';

function isLocked(user: User): boolean {
  return Boolean(user.lockedUntil && dayjs(user.lockedUntil).isAfter(serverNow()));
}

/** A one-time password left unused past its end: only a reset lets the user in. */
function oneTimePasswordExpired(user: User): boolean {
  return Boolean(user.mustChangePassword && user.passwordExpiresAt && !dayjs(user.passwordExpiresAt).isAfter(serverNow()));
}

/** 用户管理: the accounts of the caller's organisation and those below it. */
export default function UsersPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const canWrite = hasPermission(me, 'user:write');
  const organisations = useOrganisations(hasPermission(me, 'organisation:read'));
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const problemText = useProblemText();
  const [organisationId, setOrganisationId] = useState<string | undefined>();
  const [search, setSearch] = useState('');
  const [formMode, setFormMode] = useState<UserFormMode | null>(null);
  const [oneTimePassword, setOneTimePassword] = useState<OneTimePassword | null>(null);

  const users = useQuery({
    queryKey: queryKeys.users(organisationId),
    queryFn: ({ signal }) => api.get<ItemList<User>>('/users', { organisationId }, signal),
    select: (data) => data.items,
  });

  const treeData = useMemo(() => toTreeSelectData(buildOrganisationTree(organisations.data ?? [])), [organisations.data]);

  const filtered = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const list = users.data ?? [];
    if (!needle) return list;
    return list.filter(
      (user) => user.username.toLowerCase().includes(needle) || user.displayName.toLowerCase().includes(needle),
    );
  }, [users.data, search]);

  const setDisabled = useMutation({
    mutationFn: ({ user, disabled }: { user: User; disabled: boolean }) =>
      api.patch<User>(`/users/${user.id}`, { disabled }),
    onSuccess: (user) => {
      void message.success(
        user.disabled ? t('users.disabledDone', { name: user.displayName }) : t('users.enabledDone', { name: user.displayName }),
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.usersAll });
    },
    onError: (error) => void message.error(problemText(error)),
  });

  const resetPassword = useMutation({
    mutationFn: (user: User) => api.post<{ initialPassword: string; passwordExpiresAt: string }>(`/users/${user.id}/reset-password`),
    onSuccess: ({ initialPassword, passwordExpiresAt }, user) => {
      setOneTimePassword({ password: initialPassword, username: user.username, displayName: user.displayName, expiresAt: passwordExpiresAt });
      void queryClient.invalidateQueries({ queryKey: queryKeys.usersAll });
    },
    onError: (error) => void message.error(problemText(error)),
  });

  const columns: TableColumnsType<User> = [
    {
      title: t('users.fields.displayName'),
      dataIndex: 'displayName',
      render: (name: string, user) => (
        <Space size={4}>
          <span>{name}</span>
          {user.id === me?.id ? <Tag>{t('users.you')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('users.fields.username'),
      dataIndex: 'username',
      render: (username: string) => <Typography.Text code>{username}</Typography.Text>,
    },
    { title: t('users.fields.organisation'), dataIndex: 'organisationName', ellipsis: true },
    {
      title: t('users.fields.roles'),
      dataIndex: 'roles',
      filters: ALL_ROLES.map((role) => ({ text: t(`roles.${role}`), value: role })),
      onFilter: (value, user) => user.roles.includes(value as User['roles'][number]),
      render: (roles: User['roles']) => (
        <Space size={[4, 4]} wrap>
          {roles.map((role) => (
            <Tag key={role} color="blue">
              {t(`roles.${role}`)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('users.fields.status'),
      key: 'status',
      render: (_value, user) => (
        <Space size={[4, 4]} wrap>
          {user.disabled ? (
            <Tag color="default">{t('users.status.disabled')}</Tag>
          ) : isLocked(user) ? (
            <Tooltip title={t('users.lockedUntil', { time: chinaTime(user.lockedUntil) })}>
              <Tag color="red">{t('users.status.locked')}</Tag>
            </Tooltip>
          ) : (
            <Tag color="green">{t('users.status.active')}</Tag>
          )}
          {user.mustChangePassword && !user.disabled ? (
            oneTimePasswordExpired(user) ? (
              <Tooltip title={t('users.oneTimeExpiredHint', { time: chinaTime(user.passwordExpiresAt) })}>
                <Tag color="red" data-testid="one-time-password-expired">{t('users.status.oneTimeExpired')}</Tag>
              </Tooltip>
            ) : (
              <Tooltip title={user.passwordExpiresAt ? t('users.oneTimeValidUntil', { time: chinaTime(user.passwordExpiresAt) }) : undefined}>
                <Tag color="orange">{t('users.status.mustChange')}</Tag>
              </Tooltip>
            )
          ) : null}
        </Space>
      ),
    },
    {
      title: t('users.fields.lastLoginAt'),
      dataIndex: 'lastLoginAt',
      render: (value: string | null) =>
        value ? chinaTime(value) : <Typography.Text type="secondary">{t('users.never')}</Typography.Text>,
    },
  ];

  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_value, user) => {
        const self = user.id === me?.id;
        return (
          <Space size={0} wrap>
            <Button type="link" size="small" onClick={() => setFormMode({ type: 'edit', user })}>
              {t('users.actions.edit')}
            </Button>
            {self ? null : (
              <Popconfirm
                title={t('users.actions.resetPassword')}
                description={<div style={{ maxWidth: 280 }}>{t('users.confirm.resetPassword', { name: user.displayName })}</div>}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                onConfirm={() => resetPassword.mutateAsync(user).catch(() => undefined)}
              >
                <Button type="link" size="small">
                  {t('users.actions.resetPassword')}
                </Button>
              </Popconfirm>
            )}
            {self ? null : user.disabled ? (
              <Popconfirm
                title={t('users.actions.enable')}
                description={t('users.confirm.enable', { name: user.displayName })}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                onConfirm={() => setDisabled.mutateAsync({ user, disabled: false }).catch(() => undefined)}
              >
                <Button type="link" size="small">
                  {t('users.actions.enable')}
                </Button>
              </Popconfirm>
            ) : (
              <Popconfirm
                title={t('users.actions.disable')}
                description={<div style={{ maxWidth: 280 }}>{t('users.confirm.disable', { name: user.displayName })}</div>}
                okText={t('users.actions.disable')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={() => setDisabled.mutateAsync({ user, disabled: true }).catch(() => undefined)}
              >
                <Button type="link" size="small" danger>
                  {t('users.actions.disable')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        );
      },
    });
  }

  const emptyText = search.trim()
    ? t('users.emptyFiltered')
    : canWrite
      ? t('users.empty')
      : t('users.emptyReadOnly');

  return (
    <>
      <PageHeader
        title={t('users.title')}
        extra={
          canWrite ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setFormMode({ type: 'create', organisationId: organisationId ?? me?.organisation.id })}
              data-testid="create-user"
            >
              {t('users.create')}
            </Button>
          ) : null
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          {organisations.data ? (
            <TreeSelect
              style={{ minWidth: 280 }}
              allowClear
              placeholder={t('users.allOrganisations')}
              treeData={treeData}
              treeDefaultExpandAll
              showSearch={{ treeNodeFilterProp: 'title' }}
              value={organisationId}
              onChange={(value: string | undefined) => setOrganisationId(value)}
              aria-label={t('users.organisationFilter')}
            />
          ) : null}
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('users.searchPlaceholder')}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            style={{ width: 260 }}
          />
        </Space>
        {users.isError ? (
          <ProblemAlert title={t('errors.loadFailed')} error={users.error} onRetry={() => void users.refetch()} />
        ) : (
          <Table<User>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={filtered}
            loading={users.isPending}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 20, showSizeChanger: true, showTotal: (total) => t('common.total', { count: total }) }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
          />
        )}
      </Card>
      <UserFormModal
        mode={formMode}
        organisations={organisations.data ?? (me ? [me.organisation] : [])}
        onClose={() => setFormMode(null)}
        onOneTimePassword={setOneTimePassword}
      />
      <OneTimePasswordModal value={oneTimePassword} onClose={() => setOneTimePassword(null)} />
    </>
  );
}
