import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Drawer, Empty, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { pilotPlanKeys, useJurisdictionSettings, usePilotCandidates } from '../../api/pilot-plan-queries';
import type { PilotApplication, PilotApplicationInput, PilotEnterprise } from '../../api/pilot-plan-types';
import { useProblemText } from '../../components/problem-alert';
import { useLocale, pickMessage } from '../../i18n';
import { serverYear } from '../../clock';
import { punct } from '../../i18n/punctuation';

export type PilotFormMode = { type: 'create' } | { type: 'edit'; application: PilotApplication };

interface FormValues {
  year: number;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
  remarks?: string;
}

const blank = (value: string | undefined) => (value && value.trim() ? value.trim() : null);

/** 新建/编辑试点申请: the year, the enterprises (a table with their filing), the contact. */
export function PilotApplicationFormDrawer({ mode, onClose, onSaved }: { mode: PilotFormMode | null; onClose: () => void; onSaved: (application: PilotApplication) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<FormValues>();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const open = mode !== null;
  const candidates = usePilotCandidates(open);
  const settings = useJurisdictionSettings(open);
  // Only the years whose model in the department's area is the ministry filing (2021) take a pilot application.
  const filingYears = (settings.data?.items ?? [])
    .filter((item) => item.effective.model === 'ministry-pilot-filing')
    .map((item) => ({ year: item.year, deadline: item.effective.deadline ?? '—', open: item.deadlineOpen !== false }));
  const [selected, setSelected] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const year = Form.useWatch('year', form);

  const initialSelection = mode?.type === 'edit' ? mode.application.enterprises.map((enterprise) => enterprise.id) : [];
  const selection = selected ?? initialSelection;
  const deadline = filingYears.find((item) => item.year === (mode?.type === 'edit' ? mode.application.year : year));

  const close = () => {
    setSelected(null);
    setError(null);
    onClose();
  };

  const body = (values: FormValues): PilotApplicationInput => ({
    ...(mode?.type === 'create' ? { year: values.year } : {}),
    enterpriseIds: selection,
    contactName: blank(values.contactName),
    contactPhone: blank(values.contactPhone),
    contactEmail: blank(values.contactEmail),
    remarks: blank(values.remarks),
  });

  const save = useMutation({
    mutationFn: async ({ values, submit }: { values: FormValues; submit: boolean }) => {
      let saved =
        mode?.type === 'edit'
          ? await api.patch<PilotApplication>(`/pilot-applications/${mode.application.id}`, body(values))
          : await api.post<PilotApplication>('/pilot-applications', body(values));
      if (submit) saved = await api.post<PilotApplication>(`/pilot-applications/${saved.id}/submit`);
      return { saved, submit };
    },
    onSuccess: async ({ saved, submit }) => {
      void message.success(submit ? t('pilots.submitted') : t('pilots.saved'));
      await queryClient.invalidateQueries({ queryKey: pilotPlanKeys.pilotApplications });
      setSelected(null);
      setError(null);
      onSaved(saved);
    },
    onError: async (failure) => {
      setError(failure);
      // A draft saved before a refused submit exists now: refresh the list behind the drawer.
      await queryClient.invalidateQueries({ queryKey: pilotPlanKeys.pilotApplications });
      if (failure instanceof ApiError) {
        const fields = (failure.problem.errors ?? []).filter((item) => ['contactName', 'contactPhone', 'contactEmail', 'remarks'].includes(item.path));
        form.setFields(fields.map((item) => ({ name: item.path as keyof FormValues, errors: [pickMessage(item.messages, locale) ?? item.code] })));
      }
    },
  });

  const confirmSubmit = (values: FormValues) =>
    modal.confirm({
      title: t('pilots.submitConfirmTitle'),
      content: t('pilots.submitConfirm', { year: mode?.type === 'edit' ? mode.application.year : values.year, count: selection.length }),
      okText: t('pilots.submit'),
      cancelText: t('common.cancel'),
      onOk: () => save.mutateAsync({ values, submit: true }).catch(() => undefined),
    });

  const columns = useMemo(
    () => [
      { title: t('organisations.fields.name'), dataIndex: 'name', key: 'name' },
      { title: t('pilots.parent'), dataIndex: 'parentName', key: 'parent', render: (value: string | null) => value ?? '—' },
      { title: t('pilots.creditCode'), dataIndex: 'creditCode', key: 'creditCode', render: (value: string | null) => <Typography.Text code>{value ?? '—'}</Typography.Text> },
      {
        title: t('pilots.filing'),
        key: 'filing',
        render: (_: unknown, row: PilotEnterprise) =>
          row.filing?.filed ? (
            <Space size={4} wrap>
              <Tag color="green">{t('pilots.filed')}</Tag>
              {row.filing.level ? t(`filingLevels.${row.filing.level}`) : null}
            </Space>
          ) : (
            <Tag>{t('pilots.notFiled')}</Tag>
          ),
      },
      {
        title: t('pilots.problem'),
        key: 'problem',
        render: (_: unknown, row: PilotEnterprise) => (row.problem ? <Typography.Text type="secondary">{pickMessage(row.problem.messages, locale)}</Typography.Text> : null),
      },
    ],
    [t, locale],
  );

  const errorList = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  const candidateNames = new Map((candidates.data ?? []).map((row) => [row.id, row.name]));
  const yearOptions = filingYears.map((item) => ({ value: item.year, label: t('pilots.yearValue', { year: item.year }) }));

  return (
    <Drawer
      open={open}
      size={960}
      destroyOnHidden
      title={mode?.type === 'edit' ? t('pilots.editTitle') : t('pilots.createTitle')}
      onClose={close}
      mask={{ closable: false }}
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button loading={save.isPending} onClick={() => void form.validateFields().then((values) => save.mutate({ values, submit: false }))} data-testid="pilot-save">
            {t('pilots.saveDraft')}
          </Button>
          <Button
            type="primary"
            disabled={deadline ? !deadline.open : false}
            loading={save.isPending}
            onClick={() => void form.validateFields().then((values) => {
              confirmSubmit(values);
            })}
            data-testid="pilot-submit"
          >
            {t('pilots.submit')}
          </Button>
        </Space>
      }
    >
      {mode ? (
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={
            mode.type === 'edit'
              ? {
                  year: mode.application.year,
                  contactName: mode.application.contactName ?? undefined,
                  contactPhone: mode.application.contactPhone ?? undefined,
                  contactEmail: mode.application.contactEmail ?? undefined,
                  remarks: mode.application.remarks ?? undefined,
                }
              : { year: filingYears.find((item) => item.open)?.year ?? serverYear() }
          }
        >
          {mode.type === 'edit' && mode.application.status === 'returned' && mode.application.returnReason ? (
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('pilots.returnReason')} description={mode.application.returnReason} />
          ) : null}
          {error ? (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              title={problemText(error)}
              description={
                errorList.length ? (
                  <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="pilot-errors">
                    {errorList.map((item) => (
                      <li key={`${item.path}-${item.code}`}>{pickMessage(item.messages, locale) ?? item.code}</li>
                    ))}
                  </ul>
                ) : undefined
              }
            />
          ) : null}
          {settings.data && !filingYears.length ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('pilots.noFilingYear')} data-testid="pilot-no-filing-year" /> : null}
          <Row gutter={16}>
            <Col xs={24} sm={8}>
              <Form.Item name="year" label={t('pilots.year')} rules={[{ required: true, message: t('pilots.yearRequired') }]}>
                <Select options={yearOptions} disabled={mode.type === 'edit'} data-testid="pilot-year" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={16}>
              {deadline ? (
                <Alert
                  type={deadline.open ? 'info' : 'error'}
                  showIcon
                  style={{ marginTop: 30 }}
                  title={deadline.open ? t('pilots.deadlineHint', { year: deadline.year, deadline: deadline.deadline }) : t('pilots.deadlinePassed', { year: deadline.year, deadline: deadline.deadline })}
                  data-testid="pilot-deadline"
                />
              ) : null}
            </Col>
          </Row>
          <Typography.Title level={5}>{t('pilots.chooseEnterprises')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('pilots.chooseHint')}</Typography.Paragraph>
          <Table<PilotEnterprise>
            size="small"
            rowKey="id"
            loading={candidates.isPending}
            dataSource={candidates.data ?? []}
            columns={columns}
            pagination={false}
            scroll={{ y: 320 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pilots.candidateEmpty')} /> }}
            rowSelection={{
              selectedRowKeys: selection,
              onChange: (keys) => setSelected(keys.map(String)),
              getCheckboxProps: (row) => ({ disabled: !row.eligible && !selection.includes(row.id), name: row.name }),
            }}
            data-testid="pilot-candidates"
          />
          <Typography.Paragraph style={{ marginTop: 8 }}>
            {t('pilots.selectedCount', { count: selection.length })}
            {selection.length ? `${punct().colon}${selection.map((id) => candidateNames.get(id) ?? id).join(punct().list)}` : ''}
          </Typography.Paragraph>
          <Row gutter={16}>
            <Col xs={24} sm={8}>
              <Form.Item name="contactName" label={t('pilots.contactName')} rules={[{ max: 50 }]}>
                <Input maxLength={50} data-testid="pilot-contact-name" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item name="contactPhone" label={t('pilots.contactPhone')} rules={[{ max: 50 }]}>
                <Input maxLength={50} data-testid="pilot-contact-phone" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item name="contactEmail" label={t('pilots.contactEmail')} rules={[{ type: 'email' }, { max: 200 }]}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="remarks" label={t('pilots.remarks')} rules={[{ max: 5000 }]}>
            <Input.TextArea rows={3} maxLength={5000} showCount />
          </Form.Item>
        </Form>
      ) : null}
    </Drawer>
  );
}
