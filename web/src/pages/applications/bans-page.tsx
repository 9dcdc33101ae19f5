import { Card, Empty, Input, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBans } from '../../api/application-queries';
import type { Ban } from '../../api/application-types';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';

/** 禁入名单: the bans recorded in scope (section 六(四)), active or ended. */
export default function BansPage() {
  const { t } = useTranslation();
  const [active, setActive] = useState<'true' | 'false' | ''>('true');
  const [search, setSearch] = useState('');
  const bans = useBans({ active: active || undefined, q: search || undefined });

  const columns: TableColumnsType<Ban> = [
    {
      title: t('bans.columns.subject'),
      key: 'subject',
      render: (_value, row) => (
        <Space>
          <Tag>{row.subjectType === 'person' ? t('bans.person') : t('bans.unit')}</Tag>
          <span>{row.subjectName}</span>
        </Space>
      ),
    },
    { title: t('bans.columns.number'), dataIndex: 'subjectNumberMasked', render: (value: string) => <Typography.Text code>{value}</Typography.Text> },
    { title: t('bans.columns.basis'), dataIndex: 'basis', width: 320 },
    { title: t('bans.columns.period'), key: 'period', render: (_value, row) => `${row.fromDate} — ${row.untilDate}` },
    { title: t('bans.columns.year'), dataIndex: 'yearDisqualified' },
    { title: t('bans.columns.recordedBy'), dataIndex: 'organisationName' },
    { title: t('bans.columns.status'), dataIndex: 'active', render: (value: boolean) => <Tag color={value ? 'red' : 'default'}>{value ? t('bans.active') : t('bans.expired')}</Tag> },
  ];

  return (
    <>
      <PageHeader title={t('bans.title')} description={t('bans.description')} />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Segmented
            value={active}
            onChange={(value) => setActive(value as typeof active)}
            options={[
              { value: 'true', label: t('bans.active') },
              { value: 'false', label: t('bans.expired') },
              { value: '', label: t('bans.all') },
            ]}
          />
          <Input.Search allowClear placeholder={t('bans.search')} onSearch={(value) => setSearch(value.trim())} style={{ width: 260 }} />
        </Space>
        {bans.isError ? (
          <ProblemAlert title={t('errors.loadFailed')} error={bans.error} onRetry={() => void bans.refetch()} />
        ) : (
          <Table<Ban>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={bans.data ?? []}
            loading={bans.isPending}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 20, showTotal: (total) => t('common.total', { count: total }) }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('bans.empty')} /> }}
          />
        )}
      </Card>
    </>
  );
}
