import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Drawer, Empty, Form, Input, Modal, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { pilotPlanKeys, useJurisdictionSettings, usePilotApplication, usePilotApplications, usePilotEnterprises } from '../../api/pilot-plan-queries';
import type { PilotApplication, PilotApplicationSummary } from '../../api/pilot-plan-types';
import { hasPermission, useMe, useOrganisations } from '../../api/queries';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { PilotApplicationFormDrawer, type PilotFormMode } from './pilot-application-form';
import { DeadlineText, formatDateTime, PilotStatusTag } from './pilot-labels';

/**
 * 试点申报: a department prepares and submits its applications; the ministry accepts (备案) or
 * returns them. Both see the state and its history.
 */
export default function PilotApplicationsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const canWrite = hasPermission(me, 'pilot:write') && me?.organisation.kind === 'department';
  const canDecide = hasPermission(me, 'pilot:decide');
  const [year, setYear] = useState<number | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const applications = usePilotApplications({ year, status });
  const years = useJurisdictionSettings(hasPermission(me, 'jurisdiction:configure'));
  const pilotEnterprises = usePilotEnterprises(year);
  const [formMode, setFormMode] = useState<PilotFormMode | null>(null);
  const [detailId, setDetailId] = useState<string | null>(null);

  const columns = [
    { title: t('pilots.year'), dataIndex: 'year', key: 'year', width: 90 },
    ...(canWrite ? [] : [{ title: t('pilots.department'), dataIndex: 'departmentName', key: 'department', width: 240 }]),
    {
      title: t('pilots.enterprises'),
      key: 'enterprises',
      onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' } }),
      render: (_: unknown, row: PilotApplicationSummary) => (
        <Typography.Text ellipsis={{ tooltip: row.enterpriseNames.join('、') }} style={{ maxWidth: 320 }}>
          {t('pilots.enterpriseCount', { count: row.enterpriseCount })}：{row.enterpriseNames.join('、') || '—'}
        </Typography.Text>
      ),
    },
    { title: t('plans.status'), key: 'status', width: 100, render: (_: unknown, row: PilotApplicationSummary) => <PilotStatusTag status={row.status} /> },
    { title: t('pilots.deadline'), key: 'deadline', width: 190, render: (_: unknown, row: PilotApplicationSummary) => <DeadlineText deadline={row.deadline} /> },
    { title: t('pilots.submittedAt'), key: 'submittedAt', width: 150, render: (_: unknown, row: PilotApplicationSummary) => formatDateTime(row.submittedAt) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      render: (_: unknown, row: PilotApplicationSummary) => (
        <Button type="link" size="small" onClick={() => setDetailId(row.id)} data-testid={`pilot-open-${row.year}`}>
          {row.allowedActs.length ? t('common.details') : t('pilots.view')}
        </Button>
      ),
    },
  ];

  const yearOptions = [
    { value: '', label: t('pilots.allYears') },
    ...(years.data?.items ?? []).map((item) => ({ value: String(item.year), label: t('pilots.yearValue', { year: item.year }) })),
  ];
  const statusOptions = [
    { value: '', label: t('pilots.allStatuses') },
    ...(['draft', 'submitted', 'returned', 'accepted'] as const)
      .filter((value) => canWrite || value !== 'draft')
      .map((value) => ({ value, label: t(`pilots.statuses.${value}`) })),
  ];

  return (
    <>
      <PageHeader
        title={t('pilots.title')}
        description={canWrite ? t('pilots.descriptionDepartment') : t('pilots.descriptionMinistry')}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormMode({ type: 'create' })} data-testid="pilot-create">
              {t('pilots.create')}
            </Button>
          ) : undefined
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select style={{ width: 140 }} value={year ? String(year) : ''} options={yearOptions} onChange={(value) => setYear(value ? Number(value) : undefined)} />
          <Select style={{ width: 140 }} value={status ?? ''} options={statusOptions} onChange={(value) => setStatus(value || undefined)} />
        </Space>
        {applications.isError ? (
          <ProblemAlert title={t('errors.loadFailed')} error={applications.error} onRetry={() => void applications.refetch()} />
        ) : (
          <Table<PilotApplicationSummary>
            rowKey="id"
            loading={applications.isPending}
            dataSource={applications.data ?? []}
            columns={columns}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty description={canWrite ? t('pilots.emptyDepartment') : canDecide ? t('pilots.emptyMinistry') : t('pilots.empty')} /> }}
            data-testid="pilot-applications"
          />
        )}
      </Card>
      <Card title={t('pilots.pilotEnterprisesTitle')} style={{ marginTop: 16 }} size="small">
        <Table
          size="small"
          rowKey={(row) => `${row.year}-${row.enterpriseId}`}
          loading={pilotEnterprises.isPending}
          dataSource={pilotEnterprises.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t('pilots.pilotEnterprisesEmpty') }}
          columns={[
            { title: t('pilots.year'), dataIndex: 'year', key: 'year', width: 90 },
            { title: t('plans.enterprise'), dataIndex: 'enterpriseName', key: 'enterprise' },
            { title: t('pilots.department'), dataIndex: 'departmentName', key: 'department' },
            { title: t('pilots.decidedAt'), dataIndex: 'acceptedAt', key: 'acceptedAt', render: (value: string | null) => formatDateTime(value) },
          ]}
        />
      </Card>
      <PilotApplicationDetail
        id={detailId}
        onClose={() => setDetailId(null)}
        onEdit={(application) => {
          setDetailId(null);
          setFormMode({ type: 'edit', application });
        }}
      />
      <PilotApplicationFormDrawer mode={formMode} onClose={() => setFormMode(null)} onSaved={(application) => {
        setFormMode(null);
        setDetailId(application.id);
      }} />
    </>
  );
}

function PilotApplicationDetail({ id, onClose, onEdit }: { id: string | null; onClose: () => void; onEdit: (application: PilotApplication) => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const application = usePilotApplication(id);
  const [returning, setReturning] = useState(false);
  const [amending, setAmending] = useState(false);
  const [returnForm] = Form.useForm<{ reason: string }>();
  const [amendForm] = Form.useForm<{ enterpriseIds: string[]; reason: string }>();
  const data = application.data;
  // The department's enterprises (the ministry reads the whole tree) for amending an accepted list.
  const organisations = useOrganisations(amending);
  const amendOptions = (() => {
    if (!data || !organisations.data) return [];
    const rows = organisations.data;
    const below = new Set([data.departmentId]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const row of rows) {
        if (row.parentId && below.has(row.parentId) && !below.has(row.id)) {
          below.add(row.id);
          grew = true;
        }
      }
    }
    return rows
      .filter((row) => row.kind === 'enterprise' && below.has(row.id))
      .map((row) => ({ value: row.id, label: row.filing?.filed ? row.name : `${row.name}（${t('pilots.notFiled')}）` }));
  })();

  const act = useMutation({
    mutationFn: ({ action, body }: { action: 'submit' | 'accept' | 'return' | 'amend'; body?: unknown }) =>
      api.post<PilotApplication>(`/pilot-applications/${id}/${action}`, body ?? {}),
    onSuccess: async (updated, { action }) => {
      if (action === 'submit') void message.success(t('pilots.submitted'));
      if (action === 'accept') void message.success(t('pilots.accepted', { year: updated.year }));
      if (action === 'return') void message.success(t('pilots.returned'));
      if (action === 'amend') void message.success(t('pilots.amended'));
      queryClient.setQueryData(pilotPlanKeys.pilotApplication(updated.id), updated);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: pilotPlanKeys.pilotApplications }),
        queryClient.invalidateQueries({ queryKey: pilotPlanKeys.pilotEnterprises }),
      ]);
      setReturning(false);
      setAmending(false);
    },
    onError: (error) => void message.error(problemText(error)),
  });

  const confirmAccept = () => {
    if (!data) return;
    let note = '';
    modal.confirm({
      title: t('pilots.acceptConfirmTitle'),
      content: (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <span>{t('pilots.acceptConfirm', { department: data.departmentName, year: data.year, count: data.enterprises.length })}</span>
          <Input.TextArea rows={2} maxLength={2000} placeholder={t('pilots.acceptNote')} onChange={(event) => (note = event.target.value)} data-testid="pilot-accept-note" />
        </Space>
      ),
      okText: t('pilots.accept'),
      cancelText: t('common.cancel'),
      onOk: () => act.mutateAsync({ action: 'accept', body: { note: note.trim() || null } }).catch(() => undefined),
    });
  };

  const confirmSubmit = () => {
    if (!data) return;
    modal.confirm({
      title: t('pilots.submitConfirmTitle'),
      content: t('pilots.submitConfirm', { year: data.year, count: data.enterprises.length }),
      okText: t('pilots.submit'),
      cancelText: t('common.cancel'),
      onOk: () => act.mutateAsync({ action: 'submit' }).catch(() => undefined),
    });
  };

  const acts = data?.allowedActs ?? [];
  return (
    <Drawer
      open={id !== null}
      size={880}
      title={t('pilots.detailTitle')}
      onClose={onClose}
      destroyOnHidden
      footer={
        data && acts.length ? (
          <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
            {acts.includes('edit') ? <Button onClick={() => onEdit(data)} data-testid="pilot-edit">{t('pilots.edit')}</Button> : null}
            {acts.includes('submit') ? (
              <Button type="primary" disabled={!data.deadline.open} onClick={confirmSubmit} loading={act.isPending} data-testid="pilot-detail-submit">
                {t('pilots.submit')}
              </Button>
            ) : null}
            {acts.includes('return') ? (
              <Button danger onClick={() => setReturning(true)} data-testid="pilot-return">
                {t('pilots.return')}
              </Button>
            ) : null}
            {acts.includes('accept') ? (
              <Button type="primary" onClick={confirmAccept} loading={act.isPending} data-testid="pilot-accept">
                {t('pilots.accept')}
              </Button>
            ) : null}
            {acts.includes('amend') ? (
              <Button onClick={() => setAmending(true)} data-testid="pilot-amend">
                {t('pilots.amend')}
              </Button>
            ) : null}
          </Space>
        ) : null
      }
    >
      {application.isError ? <ProblemAlert error={application.error} onRetry={() => void application.refetch()} /> : null}
      {data ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {acts.includes('submit') && !data.deadline.open ? (
            <Alert type="error" showIcon title={t('pilots.deadlinePassed', { year: data.year, deadline: data.deadline.deadline })} data-testid="pilot-deadline-passed" />
          ) : null}
          {data.status === 'returned' && data.returnReason ? <Alert type="warning" showIcon title={t('pilots.returnReason')} description={data.returnReason} /> : null}
          <Descriptions
            bordered
            size="small"
            column={2}
            items={[
              { key: 'department', label: t('pilots.department'), children: data.departmentName, span: 2 },
              { key: 'year', label: t('pilots.year'), children: t('pilots.yearValue', { year: data.year }) },
              { key: 'status', label: t('plans.status'), children: <PilotStatusTag status={data.status} /> },
              { key: 'deadline', label: t('pilots.deadline'), children: <DeadlineText deadline={data.deadline} />, span: 2 },
              { key: 'contact', label: t('pilots.contactName'), children: data.contactName ?? '—' },
              { key: 'phone', label: t('pilots.contactPhone'), children: data.contactPhone ?? '—' },
              { key: 'email', label: t('pilots.contactEmail'), children: data.contactEmail ?? '—', span: 2 },
              { key: 'remarks', label: t('pilots.remarks'), children: data.remarks ?? '—', span: 2 },
              ...(data.decisionNote ? [{ key: 'note', label: t('pilots.decisionNote'), children: data.decisionNote, span: 2 }] : []),
            ]}
          />
          <Card size="small" title={`${t('pilots.enterprises')}（${data.enterprises.length}）`}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={data.enterprises}
              columns={[
                { title: t('organisations.fields.name'), dataIndex: 'name', key: 'name' },
                { title: t('pilots.creditCode'), dataIndex: 'creditCode', key: 'creditCode' },
                {
                  title: t('pilots.filing'),
                  key: 'filing',
                  render: (_: unknown, row: PilotApplication['enterprises'][number]) =>
                    row.filing?.filed ? <Tag color="green">{row.filing.level ? t(`filingLevels.${row.filing.level}`) : t('pilots.filed')}</Tag> : <Tag color="red">{t('pilots.notFiled')}</Tag>,
                },
              ]}
            />
          </Card>
          <Card size="small" title={t('pilots.history')}>
            <Timeline
              items={data.history.map((entry) => ({
                color: entry.act === 'return' ? 'orange' : entry.act === 'accept' ? 'green' : entry.act === 'amend' ? 'purple' : 'blue',
                content: (
                  <div>
                    <Typography.Text strong>{t(`pilots.acts.${entry.act as 'create'}`, { defaultValue: entry.act })}</Typography.Text>{' '}
                    <Typography.Text type="secondary">
                      {formatDateTime(entry.at)} · {entry.actorName ?? '—'}
                    </Typography.Text>
                    {entry.note ? <div>{entry.note}</div> : null}
                  </div>
                ),
              }))}
              data-testid="pilot-history"
            />
          </Card>
        </Space>
      ) : null}
      <Modal
        open={amending}
        title={t('pilots.amendTitle')}
        okText={t('pilots.amend')}
        okButtonProps={{ loading: act.isPending, ...({ 'data-testid': 'pilot-amend-confirm' } as Record<string, string>) }}
        cancelText={t('common.cancel')}
        onCancel={() => setAmending(false)}
        onOk={() => void amendForm.validateFields().then((values) => act.mutate({ action: 'amend', body: { enterpriseIds: values.enterpriseIds, reason: values.reason.trim() } }))}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('pilots.amendHint')}</Typography.Paragraph>
        <Form form={amendForm} layout="vertical" preserve={false} initialValues={{ enterpriseIds: data?.enterprises.map((enterprise) => enterprise.id) ?? [], reason: '' }}>
          <Form.Item name="enterpriseIds" label={t('pilots.enterprises')} rules={[{ required: true, message: t('pilots.amendEnterprisesRequired') }]}>
            <Select mode="multiple" options={amendOptions} loading={organisations.isPending} optionFilterProp="label" data-testid="pilot-amend-enterprises" />
          </Form.Item>
          <Form.Item name="reason" label={t('pilots.amendReason')} rules={[{ required: true, whitespace: true, min: 2, message: t('pilots.returnReasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={2000} showCount data-testid="pilot-amend-reason" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={returning}
        title={t('pilots.returnTitle')}
        okText={t('pilots.return')}
        okButtonProps={{ danger: true, loading: act.isPending, ...({ 'data-testid': 'pilot-return-confirm' } as Record<string, string>) }}
        cancelText={t('common.cancel')}
        onCancel={() => setReturning(false)}
        onOk={() => void returnForm.validateFields().then((values) => act.mutate({ action: 'return', body: { reason: values.reason.trim() } }))}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('pilots.returnHint')}</Typography.Paragraph>
        <Form form={returnForm} layout="vertical" preserve={false}>
          <Form.Item name="reason" label={t('pilots.returnReasonLabel')} rules={[{ required: true, whitespace: true, min: 2, message: t('pilots.returnReasonRequired') }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount data-testid="pilot-return-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}
