import { AuditOutlined, DownloadOutlined, FileTextOutlined, SafetyCertificateOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, Card, Col, Empty, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import type { ReactNode } from 'react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { hasPermission, useMe } from '../../api/queries';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { EChart } from './echart';
import {
  exportUrl,
  useDashboard,
  type AgeRow,
  type Dashboard,
  type DashboardQuery,
  type EnterpriseRow,
  type FollowUpRow,
  type GenderRow,
  type IndustryRow,
  type Metrics,
  type OccupationRow,
  type QuotaRow,
  type StatisticsTable,
  type UnitRow,
} from './statistics-api';
import { serverYear } from '../../clock';
import { pickMessage, useLocale } from '../../i18n';
import { punct } from '../../i18n/punctuation';

const SEVERITY_COLOURS = { overdue: 'red', 'at-risk': 'orange' } as const;
const STAGES = ['applications', 'eligible', 'reviewed', 'inNotice', 'confirmed', 'certified', 'appointed', 'reported'] as const;

function thisYear(): number {
  return serverYear();
}

/** 统计看板 (监督管理与统计): one organisation's figures for a pilot year, drilled down by the URL (?org=&year=). */
export default function StatisticsPage() {
  const { t, i18n } = useTranslation();
  const locale = useLocale();
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || thisYear();
  const organisationId = params.get('org') || undefined;
  const query: DashboardQuery = { year, organisationId };
  const dashboard = useDashboard(query);
  const data = dashboard.data;

  const go = (next: { org?: string | null; year?: number }) => {
    const search = new URLSearchParams(params);
    if (next.org !== undefined) {
      if (next.org && next.org !== me?.organisation.id) search.set('org', next.org);
      else search.delete('org');
    }
    if (next.year !== undefined) search.set('year', String(next.year));
    setParams(search);
  };
  const exportButton = (table: StatisticsTable) => (
    // The export names the unit the address asks for, never the one still on screen while it loads.
    <Button
      size="small"
      icon={<DownloadOutlined />}
      href={exportUrl(table, { year, organisationId })}
      disabled={dashboard.isPlaceholderData}
      data-testid={`export-${table}`}
    >
      {t('statistics.exportTable')}
    </Button>
  );
  const drillLink = (id: string, name: ReactNode, testId?: string) => (
    <Typography.Link onClick={() => go({ org: id })} data-testid={testId}>
      {name}
    </Typography.Link>
  );
  const metricColumns = <Row extends Metrics>(keys: (keyof Metrics)[]): TableColumnsType<Row> =>
    keys.map((key) => ({ title: t(`statistics.metrics.${key}`), dataIndex: key, align: 'right' as const, sorter: (a: Row, b: Row) => a[key] - b[key] }));

  const years = useMemo(() => {
    const current = thisYear();
    return Array.from({ length: current - 2021 + 2 }, (_, index) => current + 1 - index);
  }, []);

  const unitsTitle =
    data?.organisation.kind === 'ministry' ? t('statistics.tables.unitsMinistry') : data?.organisation.kind === 'department' ? t('statistics.tables.unitsDepartment') : t('statistics.tables.unitsEnterprise');

  const charts = useMemo(() => (data ? chartOptions(data, t, i18n.language === 'en' ? 'en' : 'zh-CN') : null), [data, t, i18n.language]);

  const unitColumns: TableColumnsType<UnitRow> = [
    {
      title: t('statistics.columns.unit'),
      dataIndex: 'name',
      fixed: 'left',
      render: (name: string, row) => (row.own ? <span>{name}{punct().paren(t('statistics.own'))}</span> : drillLink(row.organisationId, name, `drill-${row.organisationId}`)),
    },
    ...metricColumns<UnitRow>(['pilotEnterprises', 'plansPublished', 'applications', 'eligible', 'reviewed', 'inNotice', 'confirmed', 'certified', 'appointed', 'reported', 'objections', 'upheldObjections', 'bans', 'exits']),
  ];
  const enterpriseColumns: TableColumnsType<EnterpriseRow> = [
    {
      title: t('statistics.columns.enterprise'),
      dataIndex: 'name',
      fixed: 'left',
      render: (name: string, row) => (
        <Space orientation="vertical" size={0}>
          {drillLink(row.organisationId, name, `enterprise-${row.organisationId}`)}
          {row.coveredBy ? (
            <Typography.Text type="secondary" data-testid={`covered-by-${row.organisationId}`}>
              {t('statistics.coveredBy', { name: row.coveredBy.name })}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    { title: t('statistics.columns.department'), dataIndex: 'departmentName' },
    { title: t('statistics.columns.model'), dataIndex: 'model', render: (value: EnterpriseRow['model']) => <Tag>{t(`jurisdiction.models.${value}`)}</Tag> },
    { title: t('statistics.columns.pilotStatus'), dataIndex: 'pilotStatus', render: (value: EnterpriseRow['pilotStatus']) => <Tag color={value === 'accepted' ? 'green' : value === 'submitted' ? 'blue' : value === 'none' ? 'orange' : 'default'}>{t(`statistics.pilotStatus.${value}`)}</Tag> },
    {
      title: t('statistics.columns.plan'),
      key: 'plan',
      render: (_value, row) => (
        <Space size={4} wrap>
          <span>{t(`statistics.planStatus.${row.planStatus}`)}</span>
          {row.planVersion ? <Typography.Text type="secondary">{t('statistics.planVersion', { version: row.planVersion })}</Typography.Text> : null}
          {row.planFiledAt ? <Tag color={row.planFilingStatus === 'accepted' ? 'green' : row.planFilingStatus === 'returned' ? 'orange' : 'blue'}>{row.planFilingStatus ? t(`planEditor.filingStatus.${row.planFilingStatus}`) : t('statistics.filed')}</Tag> : null}
        </Space>
      ),
    },
    ...metricColumns<EnterpriseRow>(['applications', 'eligible', 'reviewed', 'inNotice', 'confirmed', 'certified', 'appointed', 'reported', 'objections', 'upheldObjections', 'bans', 'exits']),
    { title: t('statistics.columns.followUp'), dataIndex: 'followUp', render: (value: EnterpriseRow['followUp']) => (value ? <Tag color={SEVERITY_COLOURS[value]}>{t(`statistics.severity.${value}`)}</Tag> : null) },
  ];
  const countColumns = <Row extends { applications: number; eligible: number; confirmed: number; certified: number }>(): TableColumnsType<Row> => [
    { title: t('statistics.metrics.applications'), dataIndex: 'applications', align: 'right' },
    { title: t('statistics.metrics.eligible'), dataIndex: 'eligible', align: 'right' },
    { title: t('statistics.metrics.confirmed'), dataIndex: 'confirmed', align: 'right' },
    { title: t('statistics.metrics.certified'), dataIndex: 'certified', align: 'right' },
  ];
  const occupationColumns: TableColumnsType<OccupationRow> = [
    { title: t('statistics.columns.occupationCode'), dataIndex: 'code', render: (value: string | null) => value ?? t('statistics.noOccupation') },
    { title: t('statistics.columns.occupationName'), dataIndex: 'name' },
    ...countColumns<OccupationRow>(),
  ];
  const industryColumns: TableColumnsType<IndustryRow> = [
    { title: t('statistics.columns.group'), dataIndex: 'group', render: (value: string | null) => value ?? '—' },
    { title: t('statistics.columns.groupName'), key: 'name', render: (_value, row) => (i18n.language === 'en' ? row.name.en : row.name['zh-CN']) },
    ...countColumns<IndustryRow>(),
  ];
  const ageColumns: TableColumnsType<AgeRow> = [
    { title: t('statistics.columns.band'), dataIndex: 'band', render: (value: AgeRow['band']) => t(`statistics.ages.${value}`) },
    { title: t('statistics.charts.applicants'), dataIndex: 'applications', align: 'right' },
    { title: t('statistics.charts.holders'), dataIndex: 'certified', align: 'right' },
  ];
  const genderColumns: TableColumnsType<GenderRow> = [
    { title: t('statistics.columns.gender'), dataIndex: 'gender', render: (value: GenderRow['gender']) => t(`statistics.genders.${value}`) },
    { title: t('statistics.charts.applicants'), dataIndex: 'applications', align: 'right' },
    { title: t('statistics.charts.holders'), dataIndex: 'certified', align: 'right' },
  ];
  const quotaColumns: TableColumnsType<QuotaRow> = [
    { title: t('statistics.columns.enterprise'), dataIndex: 'enterpriseName' },
    { title: t('statistics.columns.occupationName'), key: 'occupation', render: (_value, row) => `${row.occupationName ?? ''} ${row.occupationCode}`.trim() },
    {
      title: t('statistics.columns.seniorTechnicians'),
      key: 'senior',
      align: 'right',
      render: (_value, row) => (
        <span>
          {row.seniorTechnicians} <Typography.Text type="secondary">{punct().paren(t(`statistics.source.${row.seniorTechniciansSource}`))}</Typography.Text>
        </span>
      ),
    },
    { title: t('statistics.columns.maxCount'), dataIndex: 'maxCount', align: 'right', render: (value: number | null) => value ?? '—' },
    { title: t('statistics.columns.ratioPercent'), dataIndex: 'ratioPercent', align: 'right', render: (value: number | null) => (value === null ? '—' : `${value}%`) },
    { title: t('statistics.columns.cap'), dataIndex: 'cap', align: 'right', render: (value: number | null) => value ?? '—' },
    { title: t('statistics.columns.recommended'), dataIndex: 'recommended', align: 'right' },
    { title: t('statistics.columns.principalTechnicians'), dataIndex: 'principalTechnicians', align: 'right' },
    { title: t('statistics.columns.ratio'), dataIndex: 'ratio', align: 'right', render: (value: number | null) => (value === null ? '—' : `${value}%`) },
    { title: t('statistics.quotaStatus'), dataIndex: 'overQuota', render: (value: boolean) => <Tag color={value ? 'red' : 'green'}>{value ? t('statistics.overQuota') : t('statistics.withinQuota')}</Tag> },
  ];
  const followUpColumns: TableColumnsType<FollowUpRow> = [
    { title: t('statistics.columns.severity'), dataIndex: 'severity', render: (value: FollowUpRow['severity']) => <Tag color={SEVERITY_COLOURS[value]}>{t(`statistics.severity.${value}`)}</Tag> },
    { title: t('statistics.columns.kind'), dataIndex: 'kind', render: (value: FollowUpRow['kind']) => t(`statistics.followUpKind.${value}`) },
    { title: t('statistics.columns.unit'), dataIndex: 'organisationName', render: (value: string, row) => (row.organisationId === null ? t('statistics.wholeSystem') : value) },
    { title: t('statistics.columns.dueDate'), dataIndex: 'dueDate' },
    {
      title: t('statistics.columns.daysLeft'),
      dataIndex: 'daysLeft',
      align: 'right',
      render: (value: number) => (value < 0 ? <Typography.Text type="danger">{t('statistics.daysOverdue', { count: -value })}</Typography.Text> : t('statistics.daysLeft', { count: value })),
    },
  ];

  const tableCard = <Row extends object>(table: StatisticsTable, title: string, columns: TableColumnsType<Row>, rows: Row[], rowKey: (row: Row) => string) => (
    <Card title={title} extra={exportButton(table)} data-testid={`table-${table}`}>
      <Table<Row>
        rowKey={rowKey}
        size="small"
        columns={columns}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        pagination={rows.length > 20 ? { pageSize: 20 } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('statistics.empty')} /> }}
      />
    </Card>
  );

  // A chart with nothing to draw says so (暂无数据), never blank axes or a grey ring.
  const chart = (name: ChartName, height = 280) =>
    charts && !charts.empty[name] ? (
      <EChart option={charts.options[name]} height={height} testId={`chart-${name}`} />
    ) : (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('statistics.empty')} style={{ height, margin: 0, display: 'flex', flexDirection: 'column', justifyContent: 'center' }} data-testid={`chart-${name}-empty`} />
    );

  const overdue = data?.followUps.filter((item) => item.severity === 'overdue').length ?? 0;
  const atRisk = (data?.followUps.length ?? 0) - overdue;
  const trail = data?.trail ?? [];

  return (
    <>
      <PageHeader
        title={t('statistics.title')}
        description={t('statistics.intro')}
        extra={
          <Space>
            <span>{t('statistics.year')}</span>
            <Select value={year} style={{ width: 120 }} onChange={(value) => go({ year: value })} options={years.map((value) => ({ value, label: t('statistics.yearValue', { year: value }) }))} aria-label={t('statistics.year')} data-testid="statistics-year" />
          </Space>
        }
      />
      {dashboard.isError ? (
        <ProblemAlert title={t('errors.loadFailed')} error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : !data ? (
        <Card loading />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {data.suspensions.length ? (
            <Alert
              type="error"
              showIcon
              data-testid="statistics-suspensions"
              title={t('sanctions.suspensions.bannerTitle')}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {data.suspensions.map((suspension) => (
                    <li key={suspension.id}>{t('sanctions.suspensions.banner', { name: suspension.enterpriseName, by: suspension.decidedByName, from: suspension.fromDate, until: suspension.untilDate, findings: suspension.findings })}</li>
                  ))}
                </ul>
              }
            />
          ) : null}
          <Card size="small">
            <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
              <Breadcrumb
                data-testid="statistics-trail"
                items={trail.map((step, index) => ({
                  key: step.id,
                  title: index === trail.length - 1 ? <strong>{step.name}</strong> : <Typography.Link onClick={() => go({ org: step.id })}>{step.name}</Typography.Link>,
                }))}
              />
              <Space wrap>
                <Typography.Text type="secondary" data-testid="statistics-model">
                  {t('statistics.model', { model: pickMessage(data.modelName, locale) })}
                  {data.deadline ? ` · ${t('statistics.deadline', { date: data.deadline })}` : ''}
                </Typography.Text>
                <Typography.Text type="secondary">{t('statistics.asOf', { date: data.today })}</Typography.Text>
                {trail.length > 1 ? (
                  <Button size="small" onClick={() => go({ org: trail[trail.length - 2].id })} data-testid="statistics-up">
                    {t('statistics.up')}
                  </Button>
                ) : null}
              </Space>
            </Space>
          </Card>

          <Row gutter={[16, 16]}>
            {(
              [
                ['pilotEnterprises', data.totals.pilotEnterprises],
                ['applications', data.totals.applications],
                ['eligible', data.totals.eligible],
                ['confirmed', data.totals.confirmed],
                ['certified', data.totals.certified],
                ['appointed', data.totals.appointed],
                ['reported', data.totals.reported],
                ['objections', `${data.totals.objections}${punct().paren(data.totals.upheldObjections)}`],
                ['bans', data.totals.bans],
                ['exits', data.totals.exits],
              ] as const
            ).map(([key, value]) => (
              <Col key={key} xs={12} sm={8} md={6} xl={4}>
                <Card size="small">
                  <Statistic title={t(`statistics.totals.${key}`)} value={value} data-testid={`total-${key}`} />
                </Card>
              </Col>
            ))}
          </Row>

          <Card title={t('statistics.tables.followUps')} extra={exportButton('followUps')} data-testid="table-followUps">
            {data.followUps.length ? (
              <>
                <Alert type={overdue ? 'error' : 'warning'} showIcon title={t('statistics.followUpSummary', { overdue, atRisk })} style={{ marginBottom: 12 }} data-testid="follow-up-summary" />
                <Table<FollowUpRow> rowKey={(row) => `${row.kind}-${row.organisationId}`} size="small" columns={followUpColumns} dataSource={data.followUps} pagination={false} scroll={{ x: 'max-content' }} />
              </>
            ) : (
              <Typography.Text type="secondary">{t('statistics.noFollowUps')}</Typography.Text>
            )}
          </Card>

          {data.deviations?.length ? (
            <Card title={t('statistics.tables.deviations')} data-testid="table-deviations">
              <Alert type="info" showIcon title={t('statistics.deviationsHint')} style={{ marginBottom: 12 }} />
              {data.deviations.map((row) => (
                <div key={row.planId} style={{ marginBottom: 8 }}>
                  <Typography.Text strong>{row.enterpriseName}</Typography.Text>
                  <Typography.Text type="secondary"> · {row.planTitle ?? ''}</Typography.Text>
                  {row.deviations.map((deviation) => (
                    <div key={deviation.code}>
                      <Tag color="purple">{i18n.language === 'en' ? deviation.message.en : deviation.message['zh-CN']}</Tag>
                    </div>
                  ))}
                </div>
              ))}
            </Card>
          ) : null}

          {charts ? (
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={12}>
                <Card title={t('statistics.charts.funnel')} size="small">
                  {chart('funnel')}
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card title={t('statistics.charts.units')} size="small">
                  {chart('units')}
                </Card>
              </Col>
              <Col xs={24} md={8}>
                <Card title={t('statistics.charts.gender')} size="small">
                  {chart('gender', 240)}
                </Card>
              </Col>
              <Col xs={24} md={8}>
                <Card title={t('statistics.charts.age')} size="small">
                  {chart('age', 240)}
                </Card>
              </Col>
              <Col xs={24} md={8}>
                <Card title={t('statistics.charts.industry')} size="small">
                  {chart('industry', 240)}
                </Card>
              </Col>
            </Row>
          ) : null}

          {tableCard<UnitRow>('units', unitsTitle, unitColumns, data.units, (row) => row.organisationId)}
          {tableCard<EnterpriseRow>('enterprises', t('statistics.tables.enterprises'), enterpriseColumns, data.enterprises, (row) => row.organisationId)}
          {tableCard<QuotaRow>('quotas', t('statistics.tables.quotas'), quotaColumns, data.quotas, (row) => `${row.enterpriseId}-${row.occupationCode}`)}
          {tableCard<OccupationRow>('occupations', t('statistics.tables.occupations'), occupationColumns, data.occupations, (row) => row.code ?? '—')}
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              {tableCard<IndustryRow>('industries', t('statistics.tables.industries'), industryColumns, data.industries, (row) => row.group ?? '—')}
            </Col>
            <Col xs={24} lg={6}>
              {tableCard<AgeRow>('ages', t('statistics.tables.ages'), ageColumns, data.ages, (row) => row.band)}
            </Col>
            <Col xs={24} lg={6}>
              {tableCard<GenderRow>('genders', t('statistics.tables.genders'), genderColumns, data.genders, (row) => row.gender)}
            </Col>
          </Row>

          <SupervisionTools />
        </Space>
      )}
    </>
  );
}

/** The supervision lists (六(二), 六(四)): links to the pages that hold them, for those who may read them. */
function SupervisionTools() {
  const { t } = useTranslation();
  const me = useMe().data;
  const tools = [
    { permission: 'audit:read', to: '/audit', icon: <AuditOutlined />, title: t('statistics.supervision.audit'), hint: t('statistics.supervision.auditHint') },
    { permission: 'ban:read', to: '/bans', icon: <StopOutlined />, title: t('statistics.supervision.bans'), hint: t('statistics.supervision.bansHint') },
    { permission: 'certificate:read', to: '/certificates?status=revoked', icon: <SafetyCertificateOutlined />, title: t('statistics.supervision.revoked'), hint: t('statistics.supervision.revokedHint') },
    { permission: 'plan:read', to: '/plans?filed=true', icon: <FileTextOutlined />, title: t('statistics.supervision.plans'), hint: t('statistics.supervision.plansHint') },
  ].filter((tool) => hasPermission(me, tool.permission));
  if (!tools.length) return null;
  return (
    <Card title={t('statistics.supervision.title')}>
      <Row gutter={[16, 16]}>
        {tools.map((tool) => (
          <Col key={tool.to} xs={24} md={12} xl={6}>
            <Link to={tool.to} data-testid={`supervision-${tool.to.split(/[/?]/)[1]}`}>
              <Space align="start">
                {tool.icon}
                <span>
                  <strong>{tool.title}</strong>
                  <br />
                  <Typography.Text type="secondary">{tool.hint}</Typography.Text>
                </span>
              </Space>
            </Link>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

type ChartName = 'funnel' | 'units' | 'gender' | 'age' | 'industry';

function chartOptions(data: Dashboard, translate: unknown, language: 'zh-CN' | 'en'): { options: Record<ChartName, EChartsCoreOption>; empty: Record<ChartName, boolean> } {
  const t = translate as Translate;
  const tooltip = { trigger: 'axis', axisPointer: { type: 'shadow' } };
  const units = data.units.filter((unit) => !unit.own || unit.applications || unit.certified).slice(0, 15);
  const none = (values: number[]) => values.every((value) => !value);
  const empty: Record<ChartName, boolean> = {
    funnel: none(STAGES.map((stage) => data.totals[stage])),
    units: none(units.flatMap((unit) => [unit.applications, unit.confirmed, unit.certified])),
    gender: none(data.genders.map((row) => row.applications)),
    age: none(data.ages.flatMap((row) => [row.applications, row.certified])),
    industry: none(data.industries.map((row) => row.applications)),
  };
  return { empty, options: {
    funnel: {
      tooltip,
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: STAGES.map((stage) => t(`statistics.metrics.${stage}`)) },
      series: [{ type: 'bar', data: STAGES.map((stage) => data.totals[stage]), label: { show: true, position: 'right' }, itemStyle: { color: '#1677ff' } }],
    },
    units: {
      tooltip,
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: units.map((unit) => unit.name), axisLabel: { interval: 0, rotate: units.length > 4 ? 30 : 0, width: 120, overflow: 'truncate' } },
      yAxis: { type: 'value', minInterval: 1 },
      series: (['applications', 'confirmed', 'certified'] as const).map((key) => ({ type: 'bar', name: t(`statistics.metrics.${key}`), data: units.map((unit) => unit[key]) })),
    },
    gender: {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['35%', '65%'], data: data.genders.map((row) => ({ name: t(`statistics.genders.${row.gender}`), value: row.applications })) }],
    },
    age: {
      tooltip,
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: data.ages.map((row) => t(`statistics.ages.${row.band}`)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', name: t('statistics.charts.applicants'), data: data.ages.map((row) => row.applications) },
        { type: 'bar', name: t('statistics.charts.holders'), data: data.ages.map((row) => row.certified) },
      ],
    },
    industry: {
      tooltip: { trigger: 'item' },
      series: [{ type: 'pie', radius: '65%', data: data.industries.map((row) => ({ name: row.name[language], value: row.applications })) }],
    },
  } };
}
