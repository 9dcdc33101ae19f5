import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Descriptions, Empty, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { useLocale } from '../../i18n';
import {
  agreementUrl,
  appointmentKeys,
  fileUrl,
  NOTICE_TREATMENT_KINDS,
  useHolder,
  type AgreementTreatment,
  type Appointment,
  type Assessment,
  type ExitCategory,
  type HolderDetail,
  type StudioEntry,
  type Treatment,
} from './appointment-api';
import { AppointmentStatusTag, FileUploader } from './appointment-parts';
import { serverToday } from '../../clock';

const today = () => serverToday();

/** Field errors of a refused request, listed under the form. */
function FailureAlert({ failure }: { failure: unknown }) {
  const problemText = useProblemText();
  const locale = useLocale();
  if (!failure) return null;
  const errors = (failure as { problem?: { errors?: { messages: { 'zh-CN': string; en: string } }[] } }).problem?.errors ?? [];
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      title={problemText(failure)}
      description={errors.length ? <ul style={{ margin: 0, paddingLeft: 18 }}>{errors.map((item, index) => <li key={index}>{item.messages[locale] ?? item.messages['zh-CN']}</li>)}</ul> : undefined}
      data-testid="form-errors"
    />
  );
}

function useSubmit<T>(certificateId: string, call: (values: T) => Promise<unknown>, done?: () => void) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  const [failure, setFailure] = useState<unknown>(null);
  const mutation = useMutation({
    mutationFn: call,
    onSuccess: async () => {
      setFailure(null);
      await queryClient.invalidateQueries({ queryKey: appointmentKeys.holder(certificateId) });
      await queryClient.invalidateQueries({ queryKey: appointmentKeys.all });
      void message.success(t('appointments.saved'));
      done?.();
    },
    onError: setFailure,
  });
  return { mutation, failure };
}

/** One holder: the agreement and its terms, the studio, treatment, assessments and exit. */
export default function HolderPage() {
  const { certificateId = '' } = useParams();
  const { t } = useTranslation();
  const holder = useHolder(certificateId);
  if (holder.isError) return <ProblemAlert title={t('errors.loadFailed')} error={holder.error} onRetry={() => void holder.refetch()} />;
  if (!holder.data) return <Card loading />;
  const data = holder.data;
  return (
    <>
      <PageHeader title={t('appointments.holderTitle', { name: data.holderName })} description={<Link to="/appointments">{t('appointments.backToList')}</Link>} />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('appointments.certificateCode')}>{data.certificateCode}</Descriptions.Item>
          <Descriptions.Item label={t('appointments.occupation')}>{data.occupationName}</Descriptions.Item>
          <Descriptions.Item label={t('appointments.idNumber')}>{data.idNumberMasked}</Descriptions.Item>
          <Descriptions.Item label={t('appointments.enterprise')}>{data.issuerName}</Descriptions.Item>
          <Descriptions.Item label={t('appointments.issuedOn')}>{data.issuedOn}</Descriptions.Item>
          <Descriptions.Item label={t('appointments.certificateStatus')}>
            <Tag color={data.certificateStatus === 'valid' ? 'green' : 'red'}>{t(`appointments.certificateStatuses.${data.certificateStatus}`)}</Tag>
          </Descriptions.Item>
        </Descriptions>
        {!data.canWrite ? <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('appointments.readOnly')} /> : null}
      </Card>
      <Tabs
        items={[
          { key: 'agreement', label: t('appointments.tabs.agreement'), children: <AgreementTab holder={data} /> },
          { key: 'studio', label: t('appointments.tabs.studio'), children: <StudioTab holder={data} /> },
          { key: 'treatment', label: t('appointments.tabs.treatment'), children: <TreatmentTab holder={data} /> },
          { key: 'assessment', label: t('appointments.tabs.assessment'), children: <AssessmentTab holder={data} /> },
          { key: 'exit', label: t('appointments.tabs.exit'), children: <ExitTab holder={data} /> },
        ]}
      />
    </>
  );
}

const openTerm = (holder: HolderDetail) => holder.appointments.find((term) => term.status === 'drafted' || term.status === 'active');

interface TermValues {
  post: string;
  duties: string;
  termKind: 'fixed' | 'open-ended';
  termStart: string;
  termEnd?: string;
  /** The notice's kinds granted (五(二)), each with its terms. */
  treatmentKinds: (typeof NOTICE_TREATMENT_KINDS)[number][];
  treatmentDetails?: Partial<Record<(typeof NOTICE_TREATMENT_KINDS)[number], string>>;
  /** Treatments the enterprise names itself. */
  otherTreatments?: { detail?: string }[];
  treatment?: string;
}

/** The form's values as the API takes them: the treatments as one list, no end for an open-ended term. */
function termBody(values: TermValues) {
  const treatments: AgreementTreatment[] = [
    ...(values.treatmentKinds ?? []).map((kind) => ({ kind, detail: values.treatmentDetails?.[kind]?.trim() || null })),
    ...(values.otherTreatments ?? []).filter((item) => item?.detail?.trim()).map((item) => ({ kind: 'other' as const, detail: item.detail!.trim() })),
  ];
  return {
    post: values.post,
    duties: values.duties,
    termKind: values.termKind,
    termStart: values.termStart,
    termEnd: values.termKind === 'open-ended' ? null : values.termEnd,
    treatments,
    treatment: values.treatment?.trim() || null,
  };
}

/** A term's values back in the form (renewal starts from the current term). */
function termValues(term: Appointment): Partial<TermValues> {
  const notice = term.treatments.filter((item) => item.kind !== 'other');
  return {
    post: term.post,
    duties: term.duties,
    termKind: term.termKind,
    treatmentKinds: notice.map((item) => item.kind as (typeof NOTICE_TREATMENT_KINDS)[number]),
    treatmentDetails: Object.fromEntries(notice.map((item) => [item.kind, item.detail ?? ''])),
    otherTreatments: term.treatments.filter((item) => item.kind === 'other').map((item) => ({ detail: item.detail ?? '' })),
    treatment: term.treatment ?? undefined,
  };
}

/** "2025-01-01 ~ 2027-12-31", or "2025-01-01 起 · 无固定期限". */
function TermText({ term }: { term: Pick<Appointment, 'termKind' | 'termStart' | 'termEnd'> }) {
  const { t } = useTranslation();
  return term.termKind === 'open-ended' || !term.termEnd ? <span>{t('appointments.openEndedTerm', { start: term.termStart })}</span> : <span>{`${term.termStart} ~ ${term.termEnd}`}</span>;
}

/** The treatments an agreement grants, as tags with their terms. */
function TreatmentList({ term }: { term: Appointment }) {
  const { t } = useTranslation();
  if (!term.treatments.length && !term.treatment) return <span>—</span>;
  return (
    <Space orientation="vertical" size={2} data-testid="agreement-treatments">
      {term.treatments.map((item, index) => (
        <span key={`${item.kind}-${index}`}>
          <Tag color={item.kind === 'other' ? 'default' : 'gold'}>{item.kind === 'other' ? t('appointments.otherTreatment') : t(`appointments.treatmentKinds.${item.kind}`)}</Tag>
          {item.detail ?? ''}
        </span>
      ))}
      {term.treatment ? <Typography.Text type="secondary">{term.treatment}</Typography.Text> : null}
    </Space>
  );
}

/** The term (fixed or open-ended) and the treatments of 五(二), shared by appointing and renewing. */
function TermFields({ form }: { form: FormInstance<TermValues> }) {
  const { t } = useTranslation();
  const termKind = Form.useWatch('termKind', form);
  const kinds = Form.useWatch('treatmentKinds', form) ?? [];
  return (
    <>
      <Form.Item name="termKind" label={t('appointments.termKind')} rules={[{ required: true }]}>
        <Radio.Group
          options={(['fixed', 'open-ended'] as const).map((value) => ({ value, label: t(`appointments.termKinds.${value}`) }))}
          data-testid="appoint-term-kind"
        />
      </Form.Item>
      <Space wrap>
        <Form.Item name="termStart" label={t('appointments.termStart')} rules={[{ required: true, message: t('appointments.required') }]}>
          <Input type="date" data-testid="appoint-start" />
        </Form.Item>
        {termKind === 'open-ended' ? null : (
          <Form.Item name="termEnd" label={t('appointments.termEnd')} rules={[{ required: true, message: t('appointments.required') }]}>
            <Input type="date" data-testid="appoint-end" />
          </Form.Item>
        )}
      </Space>
      <Form.Item name="treatmentKinds" label={t('appointments.treatmentsLabel')} extra={t('appointments.treatmentsHint')}>
        <Checkbox.Group options={NOTICE_TREATMENT_KINDS.map((value) => ({ value, label: t(`appointments.treatmentKinds.${value}`) }))} data-testid="appoint-treatments" />
      </Form.Item>
      {NOTICE_TREATMENT_KINDS.filter((kind) => kinds.includes(kind)).map((kind) => (
        <Form.Item key={kind} name={['treatmentDetails', kind]} label={t(`appointments.treatmentKinds.${kind}`)}>
          <Input maxLength={500} placeholder={t('appointments.treatmentDetailPlaceholder')} data-testid={`appoint-treatment-${kind}`} />
        </Form.Item>
      ))}
      <Form.List name="otherTreatments">
        {(fields, { add, remove }) => (
          <Form.Item label={t('appointments.otherTreatments')}>
            {fields.map((field) => (
              <Space key={field.key} align="start" style={{ display: 'flex' }}>
                <Form.Item name={[field.name, 'detail']} style={{ marginBottom: 8 }}>
                  <Input maxLength={500} style={{ width: 420 }} placeholder={t('appointments.otherTreatmentPlaceholder')} data-testid={`appoint-other-treatment-${field.name}`} />
                </Form.Item>
                <Button onClick={() => remove(field.name)}>{t('appointments.removeTreatment')}</Button>
              </Space>
            ))}
            <Button onClick={() => add({ detail: '' })} data-testid="appoint-add-other-treatment">
              {t('appointments.addOtherTreatment')}
            </Button>
          </Form.Item>
        )}
      </Form.List>
      <Form.Item name="treatment" label={t('appointments.treatmentTerms')} extra={t('appointments.treatmentTermsHint')}>
        <Input.TextArea autoSize={{ minRows: 2 }} maxLength={4000} data-testid="appoint-treatment" />
      </Form.Item>
    </>
  );
}

function AgreementTab({ holder }: { holder: HolderDetail }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TermValues>();
  const appoint = useSubmit<TermValues>(holder.certificateId, (values) => api.post('/appointments', { certificateId: holder.certificateId, ...termBody(values) }), () => form.resetFields());
  const current = holder.appointments[0];
  const [signing, setSigning] = useState<Appointment | null>(null);
  const [renewing, setRenewing] = useState<Appointment | null>(null);
  const canAppoint = holder.canWrite && !openTerm(holder) && holder.certificateStatus === 'valid';
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {canAppoint ? (
        <Card title={t('appointments.appointTitle')}>
          <Typography.Paragraph type="secondary">{t('appointments.appointHint')}</Typography.Paragraph>
          <FailureAlert failure={appoint.failure} />
          <Form form={form} layout="vertical" initialValues={{ termKind: 'fixed', treatmentKinds: ['pay'] }} onFinish={(values) => appoint.mutation.mutate(values)} data-testid="appoint-form" style={{ maxWidth: 720 }}>
            <Form.Item name="post" label={t('appointments.post')} rules={[{ required: true, message: t('appointments.required') }]}>
              <Input maxLength={200} data-testid="appoint-post" />
            </Form.Item>
            <Form.Item name="duties" label={t('appointments.duties')} rules={[{ required: true, message: t('appointments.required') }]}>
              <Input.TextArea autoSize={{ minRows: 2 }} maxLength={4000} data-testid="appoint-duties" />
            </Form.Item>
            <TermFields form={form} />
            <Button type="primary" htmlType="submit" loading={appoint.mutation.isPending} data-testid="appoint-submit">
              {t('appointments.generateAgreement')}
            </Button>
          </Form>
        </Card>
      ) : null}
      {current ? (
        <Card title={t('appointments.currentAgreement')} data-testid="current-agreement">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('appointments.post')}>{current.post}</Descriptions.Item>
            <Descriptions.Item label={t('appointments.termKind')}>{t(`appointments.termKinds.${current.termKind}`)}</Descriptions.Item>
            <Descriptions.Item label={t('appointments.term')}>
              <TermText term={current} />
            </Descriptions.Item>
            <Descriptions.Item label={t('appointments.treatmentsLabel')}>
              <TreatmentList term={current} />
            </Descriptions.Item>
          </Descriptions>
        </Card>
      ) : null}
      <Card title={t('appointments.terms')}>
        <Table<Appointment>
          rowKey="id"
          dataSource={holder.appointments}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: <Empty description={holder.canWrite ? t('appointments.termsEmpty') : t('appointments.termsEmptySupervisor')} /> }}
          data-testid="term-table"
          columns={[
            { title: t('appointments.termNumber'), dataIndex: 'termNumber', key: 'number', render: (value: number) => t('appointments.termNumberValue', { number: value }) },
            { title: t('appointments.post'), dataIndex: 'post', key: 'post' },
            { title: t('appointments.term'), key: 'term', render: (_: unknown, row) => <TermText term={row} /> },
            { title: t('appointments.appointmentStatus'), key: 'status', render: (_: unknown, row) => <AppointmentStatusTag status={row.status} /> },
            {
              title: t('appointments.signedOn'),
              key: 'signed',
              render: (_: unknown, row) =>
                row.signedOn ? (
                  <Space>
                    <span>{row.signedOn}</span>
                    {row.signedFileId ? (
                      <a href={fileUrl(row.signedFileId)} target="_blank" rel="noreferrer" data-testid="signed-scan">
                        {t('appointments.signedScan')}
                      </a>
                    ) : null}
                  </Space>
                ) : (
                  '—'
                ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, row) => (
                <Space wrap>
                  <Button size="small" icon={<DownloadOutlined />} href={agreementUrl(row.id)} target="_blank" data-testid={`agreement-pdf-${row.termNumber}`}>
                    {t('appointments.downloadAgreement')}
                  </Button>
                  {row.allowedActs.includes('sign') ? (
                    <Button size="small" type="primary" onClick={() => setSigning(row)} data-testid={`sign-${row.termNumber}`}>
                      {t('appointments.recordSigning')}
                    </Button>
                  ) : null}
                  {row.allowedActs.includes('renew') ? (
                    <Button size="small" onClick={() => setRenewing(row)} data-testid={`renew-${row.termNumber}`}>
                      {t('appointments.renew')}
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {signing ? <SignModal holder={holder} term={signing} onClose={() => setSigning(null)} /> : null}
      {renewing ? <RenewModal holder={holder} term={renewing} onClose={() => setRenewing(null)} /> : null}
    </Space>
  );
}

function SignModal({ holder, term, onClose }: { holder: HolderDetail; term: Appointment; onClose: () => void }) {
  const { t } = useTranslation();
  const [signedOn, setSignedOn] = useState(today());
  const [fileId, setFileId] = useState<string | null>(null);
  const sign = useSubmit<void>(holder.certificateId, () => api.post(`/appointments/${term.id}/sign`, { signedOn, signedFileId: fileId }), onClose);
  return (
    <Modal open title={t('appointments.recordSigning')} onCancel={onClose} onOk={() => sign.mutation.mutate()} okButtonProps={{ disabled: !fileId || !signedOn, loading: sign.mutation.isPending, 'data-testid': 'sign-submit' } as never} okText={t('appointments.confirmSigning')}>
      <FailureAlert failure={sign.failure} />
      <Form layout="vertical">
        <Form.Item label={t('appointments.signedOn')} required>
          <Input type="date" value={signedOn} onChange={(event) => setSignedOn(event.target.value)} data-testid="sign-date" />
        </Form.Item>
        <Form.Item label={t('appointments.signedScan')} required>
          <FileUploader testId="sign-upload" onChange={(files) => setFileId(files[0]?.id ?? null)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RenewModal({ holder, term, onClose }: { holder: HolderDetail; term: Appointment; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TermValues>();
  const renew = useSubmit<TermValues>(holder.certificateId, (values) => api.post(`/appointments/${term.id}/renew`, termBody(values)), onClose);
  return (
    <Modal open title={t('appointments.renewTitle')} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: renew.mutation.isPending }} okText={t('appointments.renew')}>
      <Typography.Paragraph type="secondary">{t('appointments.renewHint')}</Typography.Paragraph>
      <FailureAlert failure={renew.failure} />
      <Form form={form} layout="vertical" initialValues={termValues(term)} onFinish={(values) => renew.mutation.mutate(values)}>
        <Form.Item name="post" label={t('appointments.post')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="duties" label={t('appointments.duties')} rules={[{ required: true }]}>
          <Input.TextArea autoSize />
        </Form.Item>
        <TermFields form={form} />
      </Form>
    </Modal>
  );
}

function RecordCard({ title, form, table }: { title: string; form: ReactNode; table: ReactNode }) {
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {form}
      <Card title={title}>{table}</Card>
    </Space>
  );
}

interface StudioValues {
  kind: StudioEntry['kind'];
  title: string;
  detail?: string;
  projectCategory?: string;
  result?: string;
  onDate: string;
}

function StudioTab({ holder }: { holder: HolderDetail }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<StudioValues>();
  const kind = Form.useWatch('kind', form);
  const record = useSubmit<StudioValues>(holder.certificateId, (values) => api.post(`/appointment-holders/${holder.certificateId}/studio-entries`, values), () => form.resetFields());
  const kinds = ['member', 'apprentice', 'project', 'research', 'bid-evaluation'] as const;
  return (
    <RecordCard
      title={t('appointments.studioTitle', { name: holder.holderName })}
      form={
        holder.canWrite ? (
          <Card title={t('appointments.studioAdd')}>
            <FailureAlert failure={record.failure} />
            <Form form={form} layout="vertical" initialValues={{ kind: 'project', onDate: today() }} onFinish={(values) => record.mutation.mutate(values)} data-testid="studio-form" style={{ maxWidth: 720 }}>
              <Form.Item name="kind" label={t('appointments.studioKind')} rules={[{ required: true }]}>
                <Select options={kinds.map((value) => ({ value, label: t(`appointments.studioKinds.${value}`) }))} data-testid="studio-kind" />
              </Form.Item>
              <Form.Item name="title" label={kind === 'member' || kind === 'apprentice' ? t('appointments.personName') : t('appointments.itemTitle')} rules={[{ required: true, message: t('appointments.required') }]}>
                <Input maxLength={200} data-testid="studio-title" />
              </Form.Item>
              {kind === 'project' ? (
                <Form.Item name="projectCategory" label={t('appointments.projectCategory')} rules={[{ required: true, message: t('appointments.required') }]}>
                  <Select
                    options={(['technical-problem', 'process-improvement', 'invention'] as const).map((value) => ({ value, label: t(`appointments.projectCategories.${value}`) }))}
                    data-testid="studio-category"
                  />
                </Form.Item>
              ) : null}
              {kind === 'member' || kind === 'apprentice' ? (
                <Form.Item name="detail" label={kind === 'apprentice' ? t('appointments.levelReached') : t('appointments.memberRole')} rules={kind === 'apprentice' ? [{ required: true, message: t('appointments.required') }] : []}>
                  <Input maxLength={500} />
                </Form.Item>
              ) : null}
              {kind === 'project' || kind === 'research' || kind === 'bid-evaluation' ? (
                <Form.Item name="result" label={t('appointments.result')}>
                  <Input.TextArea autoSize maxLength={2000} data-testid="studio-result" />
                </Form.Item>
              ) : null}
              <Form.Item name="onDate" label={t('appointments.onDate')} rules={[{ required: true }]}>
                <Input type="date" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={record.mutation.isPending} data-testid="studio-submit">
                {t('appointments.record')}
              </Button>
            </Form>
          </Card>
        ) : null
      }
      table={
        <Table<StudioEntry>
          rowKey="id"
          dataSource={holder.studio}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('appointments.studioEmpty')} /> }}
          data-testid="studio-table"
          columns={[
            { title: t('appointments.studioKind'), key: 'kind', render: (_: unknown, row) => <Tag>{t(`appointments.studioKinds.${row.kind}`)}</Tag> },
            { title: t('appointments.itemTitle'), dataIndex: 'title', key: 'title' },
            {
              title: t('appointments.detail'),
              key: 'detail',
              render: (_: unknown, row) => (row.projectCategory ? t(`appointments.projectCategories.${row.projectCategory}`) : (row.detail ?? '—')),
            },
            { title: t('appointments.result'), dataIndex: 'result', key: 'result', render: (value: string | null) => value ?? '—' },
            { title: t('appointments.onDate'), dataIndex: 'onDate', key: 'onDate' },
          ]}
        />
      }
    />
  );
}

function TreatmentTab({ holder }: { holder: HolderDetail }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ kind: Treatment['kind']; description: string; grantedOn: string }>();
  const record = useSubmit<{ kind: Treatment['kind']; description: string; grantedOn: string }>(holder.certificateId, (values) => api.post(`/appointment-holders/${holder.certificateId}/treatments`, values), () => form.resetFields());
  const kinds = ['pay', 'health-leave', 'residence', 'housing', 'medical', 'education', 'other'] as const;
  return (
    <RecordCard
      title={t('appointments.treatmentTitle')}
      form={
        holder.canWrite ? (
          <Card title={t('appointments.treatmentAdd')}>
            <Typography.Paragraph type="secondary">{t('appointments.treatmentHint')}</Typography.Paragraph>
            <FailureAlert failure={record.failure} />
            <Form form={form} layout="vertical" initialValues={{ kind: 'pay', grantedOn: today() }} onFinish={(values) => record.mutation.mutate(values)} style={{ maxWidth: 720 }}>
              <Form.Item name="kind" label={t('appointments.treatmentKind')} rules={[{ required: true }]}>
                <Select options={kinds.map((value) => ({ value, label: t(`appointments.treatmentKinds.${value}`) }))} />
              </Form.Item>
              <Form.Item name="description" label={t('appointments.treatmentDescription')} rules={[{ required: true, message: t('appointments.required') }]}>
                <Input.TextArea autoSize maxLength={2000} />
              </Form.Item>
              <Form.Item name="grantedOn" label={t('appointments.grantedOn')} rules={[{ required: true }]}>
                <Input type="date" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={record.mutation.isPending}>
                {t('appointments.record')}
              </Button>
            </Form>
          </Card>
        ) : null
      }
      table={
        <Table<Treatment>
          rowKey="id"
          dataSource={holder.treatments}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('appointments.treatmentEmpty')} /> }}
          columns={[
            { title: t('appointments.treatmentKind'), key: 'kind', render: (_: unknown, row) => <Tag>{t(`appointments.treatmentKinds.${row.kind}`)}</Tag> },
            { title: t('appointments.treatmentDescription'), dataIndex: 'description', key: 'description' },
            { title: t('appointments.grantedOn'), dataIndex: 'grantedOn', key: 'grantedOn' },
          ]}
        />
      }
    />
  );
}

const RESULT_COLOURS: Record<Assessment['result'], string> = { excellent: 'green', qualified: 'blue', 'basically-qualified': 'orange', unqualified: 'red' };

function AssessmentTab({ holder }: { holder: HolderDetail }) {
  const { t } = useTranslation();
  type Values = { appointmentId: string; kind: Assessment['kind']; year: number; result: Assessment['result']; comment?: string; assessedOn: string };
  const [form] = Form.useForm<Values>();
  const record = useSubmit<Values>(holder.certificateId, (values) => api.post(`/appointment-holders/${holder.certificateId}/assessments`, values), () => form.resetFields());
  const terms = holder.appointments.filter((term) => term.status !== 'drafted');
  const termLabel = (id: string) => {
    const term = holder.appointments.find((item) => item.id === id);
    return term ? t('appointments.termNumberValue', { number: term.termNumber }) : '—';
  };
  const failed = holder.assessments.some((item) => item.result === 'unqualified') && openTerm(holder);
  return (
    <RecordCard
      title={t('appointments.assessmentTitle')}
      form={
        <>
          {failed ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('appointments.failedHint')} /> : null}
          {holder.canWrite ? (
            <Card title={t('appointments.assessmentAdd')}>
              {terms.length ? null : <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('appointments.assessmentNoTerm')} />}
              <FailureAlert failure={record.failure} />
              <Form
                form={form}
                layout="vertical"
                initialValues={{ appointmentId: terms[0]?.id, kind: 'yearly', year: Number(today().slice(0, 4)), result: 'qualified', assessedOn: today() }}
                onFinish={(values) => record.mutation.mutate(values)}
                disabled={!terms.length}
                style={{ maxWidth: 720 }}
              >
                <Form.Item name="appointmentId" label={t('appointments.termNumber')} rules={[{ required: true }]}>
                  <Select options={terms.map((term) => ({ value: term.id, label: `${termLabel(term.id)}（${term.termStart} ~ ${term.termEnd ?? t('appointments.termKinds.open-ended')}）` }))} />
                </Form.Item>
                <Space wrap>
                  <Form.Item name="kind" label={t('appointments.assessmentKind')} rules={[{ required: true }]}>
                    <Select style={{ width: 160 }} options={(['yearly', 'end-of-term'] as const).map((value) => ({ value, label: t(`appointments.assessmentKinds.${value}`) }))} />
                  </Form.Item>
                  <Form.Item name="year" label={t('appointments.year')} rules={[{ required: true }]}>
                    <InputNumber min={2021} max={2100} />
                  </Form.Item>
                  <Form.Item name="result" label={t('appointments.assessmentResult')} rules={[{ required: true }]}>
                    <Select style={{ width: 160 }} options={(['excellent', 'qualified', 'basically-qualified', 'unqualified'] as const).map((value) => ({ value, label: t(`appointments.assessmentResults.${value}`) }))} />
                  </Form.Item>
                  <Form.Item name="assessedOn" label={t('appointments.assessedOn')} rules={[{ required: true }]}>
                    <Input type="date" />
                  </Form.Item>
                </Space>
                <Form.Item name="comment" label={t('appointments.comment')}>
                  <Input.TextArea autoSize maxLength={2000} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={record.mutation.isPending}>
                  {t('appointments.record')}
                </Button>
              </Form>
            </Card>
          ) : null}
        </>
      }
      table={
        <Table<Assessment>
          rowKey="id"
          dataSource={holder.assessments}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('appointments.assessmentEmpty')} /> }}
          columns={[
            { title: t('appointments.termNumber'), key: 'term', render: (_: unknown, row) => termLabel(row.appointmentId) },
            { title: t('appointments.assessmentKind'), key: 'kind', render: (_: unknown, row) => t(`appointments.assessmentKinds.${row.kind}`) },
            { title: t('appointments.year'), dataIndex: 'year', key: 'year' },
            { title: t('appointments.assessmentResult'), key: 'result', render: (_: unknown, row) => <Tag color={RESULT_COLOURS[row.result]}>{t(`appointments.assessmentResults.${row.result}`)}</Tag> },
            { title: t('appointments.comment'), dataIndex: 'comment', key: 'comment', render: (value: string | null) => value ?? '—' },
            { title: t('appointments.assessedOn'), dataIndex: 'assessedOn', key: 'assessedOn' },
          ]}
        />
      }
    />
  );
}

function ExitTab({ holder }: { holder: HolderDetail }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  type Values = { category: ExitCategory; reason: string; endedOn: string };
  const [form] = Form.useForm<Values>();
  const category = Form.useWatch('category', form);
  const [evidence, setEvidence] = useState<string[]>([]);
  const current = openTerm(holder);
  const exit = useSubmit<Values>(holder.certificateId, (values) =>
    api.post(`/appointments/${current?.id}/exit`, { ...values, evidenceFileIds: evidence, ...(values.category === 'fraud' ? { confirmFraud: true } : {}) }),
  );
  const ended = holder.appointments.filter((term) => term.status === 'ended');
  const categories = ['expired', 'failed-assessment', 'left', 'retired', 'violation', 'fraud'] as const;
  const submit = (values: Values) => {
    modal.confirm({
      title: values.category === 'fraud' ? t('appointments.fraudConfirmTitle') : t('appointments.exitConfirmTitle'),
      content: values.category === 'fraud' ? t('appointments.fraudWarning', { name: holder.holderName }) : t('appointments.exitConfirm', { name: holder.holderName }),
      okText: t('appointments.exitSubmit'),
      okButtonProps: { danger: true, 'data-testid': 'exit-confirm' } as never,
      onOk: () => exit.mutation.mutateAsync(values),
    });
  };
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {current && holder.canWrite ? (
        <Card title={t('appointments.exitTitle')}>
          <Typography.Paragraph type="secondary">{t('appointments.exitHint')}</Typography.Paragraph>
          <FailureAlert failure={exit.failure} />
          <Form form={form} layout="vertical" initialValues={{ category: 'expired', endedOn: today() }} onFinish={submit} style={{ maxWidth: 720 }} data-testid="exit-form">
            <Form.Item name="category" label={t('appointments.exitCategory')} rules={[{ required: true }]}>
              <Select options={categories.map((value) => ({ value, label: t(`appointments.exitCategories.${value}`) }))} data-testid="exit-category" />
            </Form.Item>
            {category === 'fraud' ? <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('appointments.fraudWarningTitle')} description={t('appointments.fraudWarning', { name: holder.holderName })} /> : null}
            <Form.Item name="reason" label={t('appointments.exitReason')} rules={[{ required: true, min: 2, message: t('appointments.required') }]}>
              <Input.TextArea autoSize maxLength={2000} />
            </Form.Item>
            <Form.Item name="endedOn" label={t('appointments.endedOn')} rules={[{ required: true }]}>
              <Input type="date" />
            </Form.Item>
            <Form.Item label={t('appointments.evidence')} required={category === 'fraud' || category === 'violation'}>
              <FileUploader testId="exit-evidence" multiple onChange={(files) => setEvidence(files.map((file) => file.id))} />
            </Form.Item>
            <Button danger type="primary" htmlType="submit" loading={exit.mutation.isPending}>
              {t('appointments.exitSubmit')}
            </Button>
          </Form>
        </Card>
      ) : null}
      <Card title={t('appointments.exitRecords')}>
        {ended.length ? (
          ended.map((term) => (
            <Descriptions key={term.id} size="small" column={1} bordered style={{ marginBottom: 12 }}>
              <Descriptions.Item label={t('appointments.termNumber')}>{t('appointments.termNumberValue', { number: term.termNumber })}</Descriptions.Item>
              <Descriptions.Item label={t('appointments.exitCategory')}>{term.exitCategory ? t(`appointments.exitCategories.${term.exitCategory}`) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('appointments.exitReason')}>{term.exitReason}</Descriptions.Item>
              <Descriptions.Item label={t('appointments.endedOn')}>{term.endedOn}</Descriptions.Item>
              <Descriptions.Item label={t('appointments.evidence')}>
                <Space wrap>
                  {term.exitEvidenceFileIds.length
                    ? term.exitEvidenceFileIds.map((id, index) => (
                        <a key={id} href={fileUrl(id)} target="_blank" rel="noreferrer">
                          {t('appointments.evidenceItem', { number: index + 1 })}
                        </a>
                      ))
                    : '—'}
                </Space>
              </Descriptions.Item>
            </Descriptions>
          ))
        ) : (
          <Empty description={current ? t('appointments.exitEmpty') : t('appointments.exitNoTerm')} />
        )}
      </Card>
    </Space>
  );
}
