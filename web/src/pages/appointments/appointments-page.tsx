import { EyeOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Input, Row, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { hasPermission, useMe } from '../../api/queries';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { useLocale } from '../../i18n';
import { appointmentKeys, useHolders, useReminders, useTemplate, type AgreementTemplate, type HolderSummary, type Reminder } from './appointment-api';
import { AppointmentStatusTag } from './appointment-parts';

/**
 * 聘任管理 (section 四(四)): the certificate holders with their certificate and appointment status,
 * the terms ending within 60 days, and the agreement template. Supervising departments read only.
 */
export default function AppointmentsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const canWrite = hasPermission(me, 'appointment:write');
  const reminders = useReminders();
  const dueCount = reminders.data?.items.length ?? 0;
  return (
    <>
      <PageHeader title={t('appointments.title')} description={canWrite ? t('appointments.descriptionEnterprise') : t('appointments.descriptionSupervisor')} />
      <Tabs
        items={[
          { key: 'holders', label: t('appointments.tabs.holders'), children: <HoldersTab canWrite={canWrite} /> },
          { key: 'reminders', label: `${t('appointments.tabs.reminders')}${dueCount ? ` (${dueCount})` : ''}`, children: <RemindersTab reminders={reminders.data?.items} error={reminders.error} loading={reminders.isPending} /> },
          ...(me?.organisation.kind === 'enterprise' ? [{ key: 'template', label: t('appointments.tabs.template'), children: <TemplateTab canWrite={canWrite} /> }] : []),
        ]}
      />
    </>
  );
}

function HoldersTab({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const holders = useHolders(search.trim());
  if (holders.isError) return <ProblemAlert title={t('errors.loadFailed')} error={holders.error} onRetry={() => void holders.refetch()} />;
  return (
    <Card>
      <Input.Search allowClear placeholder={t('appointments.searchPlaceholder')} style={{ maxWidth: 320, marginBottom: 16 }} onSearch={setSearch} data-testid="holder-search" />
      <Table<HolderSummary>
        rowKey="certificateId"
        loading={holders.isPending}
        dataSource={holders.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={canWrite ? t('appointments.emptyEnterprise') : t('appointments.emptySupervisor')} /> }}
        data-testid="holder-table"
        columns={[
          { title: t('appointments.holderName'), dataIndex: 'holderName', key: 'name', render: (value: string, row) => <Link to={`/appointments/${row.certificateId}`}>{value}</Link> },
          { title: t('appointments.certificateCode'), dataIndex: 'certificateCode', key: 'code', render: (value: string) => <Typography.Text copyable>{value}</Typography.Text> },
          { title: t('appointments.occupation'), dataIndex: 'occupationName', key: 'occupation' },
          { title: t('appointments.enterprise'), dataIndex: 'issuerName', key: 'issuer' },
          {
            title: t('appointments.certificateStatus'),
            key: 'certificateStatus',
            render: (_: unknown, row) => <Tag color={row.certificateStatus === 'valid' ? 'green' : 'red'}>{t(`appointments.certificateStatuses.${row.certificateStatus}`)}</Tag>,
          },
          {
            title: t('appointments.appointmentStatus'),
            key: 'status',
            render: (_: unknown, row) => (row.appointment ? <AppointmentStatusTag status={row.appointment.status} /> : <Tag>{t('appointments.notAppointed')}</Tag>),
          },
          {
            title: t('appointments.term'),
            key: 'term',
            render: (_: unknown, row) =>
              row.appointment ? (row.appointment.termKind === 'open-ended' || !row.appointment.termEnd ? t('appointments.openEndedTerm', { start: row.appointment.termStart }) : `${row.appointment.termStart} ~ ${row.appointment.termEnd}`) : '—',
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, row) => (
              <Link to={`/appointments/${row.certificateId}`} data-testid={`holder-open-${row.certificateCode}`}>
                {canWrite && !row.appointment && row.certificateStatus === 'valid' ? t('appointments.appoint') : t('common.details')}
              </Link>
            ),
          },
        ]}
      />
    </Card>
  );
}

function RemindersTab({ reminders, error, loading }: { reminders: Reminder[] | undefined; error: unknown; loading: boolean }) {
  const { t } = useTranslation();
  if (error) return <ProblemAlert title={t('errors.loadFailed')} error={error} />;
  return (
    <Card>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('appointments.remindersHint')} />
      <Table<Reminder>
        rowKey="appointmentId"
        loading={loading}
        dataSource={reminders ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('appointments.remindersEmpty')} /> }}
        data-testid="reminder-table"
        columns={[
          { title: t('appointments.holderName'), dataIndex: 'holderName', key: 'name', render: (value: string, row) => <Link to={`/appointments/${row.certificateId}`}>{value}</Link> },
          { title: t('appointments.post'), dataIndex: 'post', key: 'post' },
          { title: t('appointments.termEnd'), dataIndex: 'termEnd', key: 'termEnd' },
          {
            title: t('appointments.daysLeft'),
            key: 'daysLeft',
            render: (_: unknown, row) => (row.daysLeft < 0 ? <Tag color="red">{t('appointments.overdue', { days: -row.daysLeft })}</Tag> : <Tag color="orange">{t('appointments.daysLeftValue', { days: row.daysLeft })}</Tag>),
          },
        ]}
      />
    </Card>
  );
}

function TemplateTab({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const template = useTemplate(true);
  if (template.isError) return <ProblemAlert title={t('errors.loadFailed')} error={template.error} onRetry={() => void template.refetch()} />;
  if (!template.data) return <Card loading />;
  return <TemplateEditor canWrite={canWrite} template={template.data} />;
}

function TemplateEditor({ canWrite, template }: { canWrite: boolean; template: AgreementTemplate }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const problemText = useProblemText();
  const [body, setBody] = useState(template.body);
  const [preview, setPreview] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const save = useMutation({
    mutationFn: () => api.put<AgreementTemplate>('/appointment-template', { body }),
    onSuccess: (saved) => {
      setFailure(null);
      queryClient.setQueryData(appointmentKeys.template, saved);
      void message.success(t('appointments.templateSaved'));
    },
    onError: setFailure,
  });
  const showPreview = useMutation({
    mutationFn: () => api.post<{ text: string }>('/appointment-template/preview', { body }),
    onSuccess: (result) => {
      setFailure(null);
      setPreview(result.text);
    },
    onError: setFailure,
  });
  const failureDetails = (failure as { problem?: { errors?: { messages: { 'zh-CN': string; en: string } }[] } } | null)?.problem?.errors ?? [];
  return (
    <Row gutter={16}>
      <Col xs={24} lg={16}>
        <Card
          title={template.isDefault ? t('appointments.templateDefault') : t('appointments.templateOwn')}
          extra={
            <Space>
              <Button icon={<EyeOutlined />} onClick={() => showPreview.mutate()} loading={showPreview.isPending} data-testid="template-preview">
                {t('appointments.preview')}
              </Button>
              {canWrite ? (
                <Button type="primary" icon={<SaveOutlined />} onClick={() => save.mutate()} loading={save.isPending} data-testid="template-save">
                  {t('common.save')}
                </Button>
              ) : null}
            </Space>
          }
        >
          {failure ? (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              title={problemText(failure)}
              description={failureDetails.length ? <ul style={{ margin: 0, paddingLeft: 18 }}>{failureDetails.map((item, index) => <li key={index}>{item.messages[locale] ?? item.messages['zh-CN']}</li>)}</ul> : undefined}
              data-testid="template-errors"
            />
          ) : null}
          <Input.TextArea value={body} onChange={(event) => setBody(event.target.value)} autoSize={{ minRows: 18, maxRows: 40 }} readOnly={!canWrite} data-testid="template-body" style={{ fontFamily: 'inherit' }} />
          {preview !== null ? (
            <Card type="inner" title={t('appointments.previewTitle')} style={{ marginTop: 16 }} data-testid="template-preview-text">
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{preview}</Typography.Paragraph>
            </Card>
          ) : null}
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card title={t('appointments.placeholders')}>
          <Typography.Paragraph type="secondary">{t('appointments.placeholdersHint')}</Typography.Paragraph>
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            {template.placeholders.map((item) => (
              <div key={item.name}>
                <Typography.Text code copyable>{`{{${item.name}}}`}</Typography.Text> <Typography.Text type="secondary">{item.description[locale] ?? item.description['zh-CN']}</Typography.Text>
              </div>
            ))}
          </Space>
        </Card>
      </Col>
    </Row>
  );
}
