import { Card, Empty, Input, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBans } from '../../api/application-queries';
import type { Ban } from '../../api/application-types';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { BanActs } from '../sanctions/ban-acts';
import { SuspensionsCard } from '../sanctions/suspensions-card';
import { chinaDate } from '../../clock';

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
    {
      title: t('bans.columns.basis'),
      key: 'basis',
      width: 360,
      render: (_value, row) => (
        <Space direction="vertical" size={2}>
          <Typography.Text>{row.basis}</Typography.Text>
          {row.changes.length ? (
            <div data-testid={`ban-changes-${row.subjectName}`}>
              <Typography.Text type="secondary" strong>
                {t('sanctions.bans.changes')}
              </Typography.Text>
              {row.changes.map((change) => (
                <div key={`${change.act}-${change.at}`}>
                  <Typography.Text type="secondary">
                    {t('sanctions.bans.changeLine', { at: chinaDate(change.at), organisation: change.organisationName ?? '', actor: change.actorName ?? '', act: t(`sanctions.bans.changeActs.${change.act}`), reason: change.reason })}
                  </Typography.Text>
                </div>
              ))}
            </div>
          ) : null}
        </Space>
      ),
    },
    { title: t('bans.columns.period'), key: 'period', render: (_value, row) => `${row.fromDate} — ${row.untilDate}` },
    { title: t('bans.columns.year'), dataIndex: 'yearDisqualified' },
    { title: t('bans.columns.recordedBy'), dataIndex: 'organisationName' },
    {
      title: t('bans.columns.status'),
      key: 'status',
      render: (_value, row) =>
        row.status === 'lifted' ? (
          <Tag data-testid={`ban-status-${row.subjectName}`}>{t('sanctions.bans.lifted')}</Tag>
        ) : (
          <Tag color={row.active ? 'red' : 'default'} data-testid={`ban-status-${row.subjectName}`}>
            {row.active ? t('bans.active') : t('bans.expired')}
          </Tag>
        ),
    },
    { title: t('common.actions'), key: 'acts', render: (_value, row) => <BanActs ban={row} /> },
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
      <SuspensionsCard />
    </>
  );
}
