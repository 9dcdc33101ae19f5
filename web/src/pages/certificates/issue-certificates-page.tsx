import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, Modal, Progress, Radio, Result, Select, Space, Table, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fileUrl, postForm } from '../../api/application-queries';
import { api } from '../../api/client';
import type { PlanSummary } from '../../api/pilot-plan-types';
import type { ItemList } from '../../api/types';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { pickMessage, useLocale } from '../../i18n';
import { ID_TYPES, certificateKeys, fileToBase64, holderTemplateUrl, useIssueBatch, type ConfirmedApplication, type HolderFileResult, type HolderInput, type IssueBatch } from './certificate-api';
import { ProblemDetails } from './certificate-parts';
import { serverDayjs } from '../../clock';

type Source = 'confirmed' | 'list';

interface Occupation {
  code: string;
  name: string;
}

/**
 * A fresh random key (32 hex digits; crypto.getRandomValues works on plain http too, unlike
 * randomUUID). Its arguments are what it stands for: the form's values when it was made.
 */
function newRequestKey(..._form: unknown[]): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** 颁发证书: for the confirmed candidates of a plan, or for a list HR enters or imports (复核确认). */
export default function IssueCertificatesPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { modal, message } = App.useApp();
  const [planId, setPlanId] = useState<string | undefined>();
  const [issuedOn, setIssuedOn] = useState(serverDayjs());
  const [prefix, setPrefix] = useState('');
  const [source, setSource] = useState<Source>('list');
  const [holders, setHolders] = useState<HolderInput[]>([]);
  const [importReport, setImportReport] = useState<HolderFileResult | null>(null);
  const [adding, setAdding] = useState(false);
  const [batchId, setBatchId] = useState<string | null>(null);

  const plans = useQuery({
    queryKey: ['plans', 'for-certificates'],
    queryFn: ({ signal }) => api.get<ItemList<PlanSummary>>('/plans', undefined, signal),
    select: (data) => data.items.filter((plan) => plan.status !== 'draft'),
  });
  const confirmed = useQuery({
    queryKey: ['certificate-batches', 'confirmed', planId],
    queryFn: ({ signal }) => api.get<{ items: ConfirmedApplication[] }>('/certificate-batches/confirmed-applications', { planId }, signal),
    enabled: Boolean(planId) && source === 'confirmed',
    select: (data) => data.items,
  });
  const batch = useIssueBatch(batchId);
  const finished = batch.data?.job?.status === 'succeeded' || batch.data?.job?.status === 'failed';
  useEffect(() => {
    // The list and the batches change once the job has run.
    if (finished) void queryClient.invalidateQueries({ queryKey: certificateKeys.all });
    if (finished) void queryClient.invalidateQueries({ queryKey: certificateKeys.batches });
  }, [finished, queryClient]);

  // One idempotency key per list as it stands: a second click, or a retry after a lost answer, gets
  // the batch the first request made instead of issuing the list twice.
  const issuedOnText = issuedOn.format('YYYY-MM-DD');
  const requestKey = useMemo(() => newRequestKey(source, planId, issuedOnText, prefix, holders), [source, planId, issuedOnText, prefix, holders]);
  const start = useMutation({
    mutationFn: () =>
      source === 'confirmed'
        ? api.post<IssueBatch>('/certificate-batches/from-applications', { planId, issuedOn: issuedOnText, printSerialPrefix: prefix.trim() || null, idempotencyKey: requestKey })
        : api.post<IssueBatch>('/certificate-batches', { planId: planId ?? null, issuedOn: issuedOnText, printSerialPrefix: prefix.trim() || null, holders, idempotencyKey: requestKey }),
    onSuccess: (created) => {
      setBatchId(created.id);
      void queryClient.invalidateQueries({ queryKey: certificateKeys.batches });
    },
  });

  const importFile = useMutation({
    mutationFn: async (file: File) => api.post<HolderFileResult>('/certificate-holders/parse', { fileName: file.name, content: await fileToBase64(file) }),
    onSuccess: (result) => {
      setImportReport(result);
      setHolders((current) => [...current, ...result.holders]);
      void message.info(t('certificateIssue.importDone', { ok: result.holders.length, bad: result.rows.filter((row) => row.errors.length).length }));
    },
  });

  // A re-review plan's list goes through 复核确认 first (import, confirm, then issue there).
  const reReviewPlan = (plans.data ?? []).some((plan) => plan.id === planId && plan.kind === 're-review');
  const count = source === 'confirmed' ? (confirmed.data?.length ?? 0) : holders.length;
  const describePath = (path: string) => {
    const match = /^holders\.(\d+)\.(\w+)$/.exec(path);
    if (!match) return path;
    const holder = holders[Number(match[1])];
    return `${Number(match[1]) + 1}. ${holder?.name ?? ''}`;
  };

  const confirmIssue = () => {
    modal.confirm({
      title: t('certificateIssue.confirmTitle', { count }),
      content: t('certificateIssue.confirmContent'),
      okText: t('certificateIssue.submit'),
      cancelText: t('common.cancel'),
      onOk: () => start.mutateAsync().catch(() => undefined),
    });
  };

  if (batchId) {
    const job = batch.data?.job;
    const total = job?.progress.total ?? batch.data?.holderCount ?? 0;
    const done = job?.progress.done ?? 0;
    if (job?.status === 'failed') {
      return (
        <>
          <PageHeader title={t('certificateIssue.title')} />
          <Card>
            <Result status="error" title={t('certificateIssue.failed')} subTitle={pickMessage(job.error?.messages, locale)} extra={<Button onClick={() => setBatchId(null)}>{t('common.back')}</Button>} />
          </Card>
        </>
      );
    }
    if (job?.status === 'succeeded' && batch.data) {
      return (
        <>
          <PageHeader title={t('certificateIssue.title')} />
          <Card>
            <Result
              status="success"
              title={t('certificateIssue.done', { count: batch.data.certificateCount })}
              extra={
                <Space wrap>
                  {batch.data.printFileId ? (
                    <Button type="primary" icon={<DownloadOutlined />} href={fileUrl(batch.data.printFileId)} data-testid="download-print-file">
                      {t('certificateIssue.download')}
                    </Button>
                  ) : null}
                  <Button onClick={() => navigate('/certificates')} data-testid="to-certificates">
                    {t('certificateIssue.toList')}
                  </Button>
                  <Button
                    onClick={() => {
                      setBatchId(null);
                      setHolders([]);
                      setImportReport(null);
                      start.reset();
                    }}
                  >
                    {t('certificateIssue.another')}
                  </Button>
                </Space>
              }
            />
          </Card>
        </>
      );
    }
    return (
      <>
        <PageHeader title={t('certificateIssue.title')} />
        <Card>
          <Typography.Paragraph>{t('certificateIssue.progress', { done, total })}</Typography.Paragraph>
          <Progress percent={total ? Math.round((100 * done) / total) : 0} status="active" data-testid="issue-progress" />
        </Card>
      </>
    );
  }

  return (
    <>
      <PageHeader title={t('certificateIssue.title')} description={t('certificateIssue.intro')} />
      <Card>
        <Form layout="vertical">
          <Space wrap align="start" size="large">
            <Form.Item label={t('certificateIssue.plan')}>
              <Select
                allowClear
                style={{ width: 360 }}
                placeholder={t('certificateIssue.planPlaceholder')}
                loading={plans.isPending}
                value={planId}
                onChange={(value: string | undefined) => {
                  setPlanId(value);
                  if (!value) setSource('list');
                }}
                options={(plans.data ?? []).map((plan) => ({ value: plan.id, label: `${plan.year} · ${plan.title ?? t(`plans.kinds.${plan.kind}`)}（${t(`plans.kinds.${plan.kind}`)}）` }))}
                data-testid="plan-select"
              />
            </Form.Item>
            <Form.Item label={t('certificateIssue.issuedOn')} required>
              <DatePicker value={issuedOn} onChange={(value) => value && setIssuedOn(value)} disabledDate={(day) => day.isAfter(serverDayjs(), 'day')} allowClear={false} data-testid="issued-on" />
            </Form.Item>
            <Form.Item label={t('certificateIssue.printSerialPrefix')}>
              <Input value={prefix} onChange={(event) => setPrefix(event.target.value)} maxLength={20} style={{ width: 180 }} />
            </Form.Item>
          </Space>
          <Form.Item label={t('certificateIssue.source')}>
            <Radio.Group value={source} onChange={(event) => setSource(event.target.value as Source)}>
              <Radio.Button value="confirmed" disabled={!planId}>
                {t('certificateIssue.sources.confirmed')}
              </Radio.Button>
              <Radio.Button value="list">{t('certificateIssue.sources.list')}</Radio.Button>
            </Radio.Group>
          </Form.Item>
        </Form>

        {source === 'confirmed' ? (
          confirmed.isError ? (
            <ProblemAlert error={confirmed.error} onRetry={() => void confirmed.refetch()} />
          ) : (
            <>
              <Typography.Paragraph>{t('certificateIssue.confirmedCount', { count: confirmed.data?.length ?? 0 })}</Typography.Paragraph>
              <Table<ConfirmedApplication>
                rowKey="applicationId"
                size="small"
                loading={confirmed.isPending}
                dataSource={confirmed.data ?? []}
                pagination={false}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('certificateIssue.confirmedEmpty')} /> }}
                columns={[
                  { title: t('certificates.fields.holderName'), dataIndex: 'name' },
                  { title: t('certificates.fields.idNumber'), dataIndex: 'idNumberMasked' },
                  { title: t('certificates.fields.occupation'), key: 'occupation', render: (_value, row) => row.occupationName ?? row.occupationCode ?? '' },
                ]}
              />
            </>
          )
        ) : (
          <>
            <Space wrap style={{ marginBottom: 12 }}>
              <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-holder">
                {t('certificateIssue.addHolder')}
              </Button>
              <Upload
                accept=".xlsx"
                showUploadList={false}
                beforeUpload={(file) => {
                  importFile.mutate(file);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} loading={importFile.isPending}>
                  {t('certificateIssue.importExcel')}
                </Button>
              </Upload>
              <Button type="link" href={holderTemplateUrl} icon={<DownloadOutlined />}>
                {t('certificateIssue.template')}
              </Button>
            </Space>
            {importFile.isError ? <ProblemAlert error={importFile.error} /> : null}
            {importReport && importReport.rows.some((row) => row.errors.length) ? (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                title={t('certificateIssue.importErrors')}
                description={
                  <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                    {importReport.rows
                      .filter((row) => row.errors.length)
                      .map((row) => (
                        <li key={row.row}>
                          {t('certificateIssue.row', { row: row.row })}
                          {row.holder.name ? `（${row.holder.name}）` : ''}：{row.errors.map((error) => pickMessage(error.messages, locale)).join('；')}
                        </li>
                      ))}
                  </ul>
                }
              />
            ) : null}
            <Table<HolderInput & { key: number }>
              rowKey="key"
              size="small"
              dataSource={holders.map((holder, index) => ({ ...holder, key: index }))}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('certificateIssue.holdersEmpty')} /> }}
              columns={[
                { title: '#', key: 'index', render: (_value, _row, index) => index + 1 },
                { title: t('certificates.fields.holderName'), dataIndex: 'name' },
                { title: t('certificates.fields.idType'), dataIndex: 'idType', render: (value: HolderInput['idType']) => t(`certificates.idTypes.${value}`) },
                { title: t('certificates.fields.idNumber'), dataIndex: 'idNumber', render: (value: string) => <span style={{ fontFamily: 'monospace' }}>{value}</span> },
                { title: t('certificates.fields.gender'), dataIndex: 'gender', render: (value: HolderInput['gender']) => t(`certificates.genders.${value}`) },
                { title: t('certificates.fields.birthDate'), dataIndex: 'birthDate' },
                { title: t('certificates.fields.occupation'), key: 'occupation', render: (_value, row) => `${row.occupationName}（${row.occupationCode}）` },
                { title: t('certificates.fields.trade'), dataIndex: 'trade', render: (value: string | null | undefined) => value?.trim() || '--' },
                { title: t('certificates.fields.photo'), dataIndex: 'photoFileId', render: (value: string | null | undefined) => (value ? t('certificateIssue.photoUploaded') : '—') },
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_value, row) => (
                    <Button type="link" size="small" danger onClick={() => setHolders((current) => current.filter((_holder, index) => index !== row.key))}>
                      {t('certificateIssue.remove')}
                    </Button>
                  ),
                },
              ]}
            />
          </>
        )}

        {reReviewPlan && source === 'list' ? (
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 16 }}
            title={t('certificateIssue.reReviewHint')}
            action={
              <Button size="small" type="primary" onClick={() => navigate('/certificates/re-review')}>
                {t('reReview.title')}
              </Button>
            }
          />
        ) : null}
        {start.isError ? (
          <div style={{ marginTop: 16 }}>
            <ProblemDetails error={start.error} describePath={describePath} />
          </div>
        ) : null}
        <Space style={{ marginTop: 16 }}>
          <Button onClick={() => navigate('/certificates')}>{t('common.back')}</Button>
          <Button type="primary" disabled={count === 0 || (reReviewPlan && source === 'list')} loading={start.isPending} onClick={confirmIssue} data-testid="submit-issue">
            {t('certificateIssue.submit')}
            {count ? `（${count}）` : ''}
          </Button>
        </Space>
      </Card>
      <HolderModal
        open={adding}
        onClose={() => setAdding(false)}
        onAdd={(holder) => {
          setHolders((current) => [...current, holder]);
          setAdding(false);
        }}
        locale={locale}
      />
    </>
  );
}

interface HolderValues {
  name: string;
  idType: HolderInput['idType'];
  idNumber: string;
  gender: HolderInput['gender'];
  birthDate: dayjs.Dayjs;
  occupation: string;
  trade?: string;
}

/** One person: the resident ID fills gender and birth date; the occupation comes from the catalogue. */
function HolderModal({ open, onClose, onAdd, locale }: { open: boolean; onClose: () => void; onAdd: (holder: HolderInput) => void; locale: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<HolderValues>();
  const [photoFileId, setPhotoFileId] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const catalogue = useQuery({
    queryKey: ['occupations', 'all'],
    queryFn: ({ signal }) => api.get<{ items: Occupation[] }>('/occupations', { limit: 5000 }, signal),
    select: (data) => data.items,
    enabled: open,
  });
  const options = useMemo(() => (catalogue.data ?? []).map((item) => ({ value: item.code, label: `${item.name}（${item.code}）` })), [catalogue.data]);

  const fillFromId = (value: string) => {
    const number = value.trim().toUpperCase();
    if (form.getFieldValue('idType') !== 'resident-id' || !/^\d{17}[\dX]$/.test(number)) return;
    const birth = dayjs(`${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`);
    form.setFieldsValue({ gender: Number(number[16]) % 2 ? 'male' : 'female', ...(birth.isValid() ? { birthDate: birth } : {}) });
  };

  return (
    <Modal
      open={open}
      title={t('certificateIssue.addHolder')}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      destroyOnHidden
      width={640}
      onOk={() =>
        void form.validateFields().then((values) => {
          const occupation = (catalogue.data ?? []).find((item) => item.code === values.occupation);
          onAdd({
            name: values.name.trim(),
            idType: values.idType,
            idNumber: values.idNumber.trim().toUpperCase(),
            gender: values.gender,
            birthDate: values.birthDate.format('YYYY-MM-DD'),
            occupationCode: values.occupation,
            occupationName: occupation?.name ?? values.occupation,
            trade: values.trade?.trim() || null,
            photoFileId,
          });
          form.resetFields();
          setPhotoFileId(null);
        })
      }
    >
      <Form form={form} layout="vertical" initialValues={{ idType: 'resident-id' }} preserve={false}>
        <Space wrap align="start">
          <Form.Item name="name" label={t('certificates.fields.holderName')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={50} data-testid="holder-name" />
          </Form.Item>
          <Form.Item name="idType" label={t('certificates.fields.idType')}>
            <Select style={{ width: 230 }} options={ID_TYPES.map((value) => ({ value, label: t(`certificates.idTypes.${value}`) }))} />
          </Form.Item>
          <Form.Item name="idNumber" label={t('certificates.fields.idNumber')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={40} style={{ width: 220 }} onBlur={(event) => fillFromId(event.target.value)} data-testid="holder-id-number" />
          </Form.Item>
          <Form.Item name="gender" label={t('certificates.fields.gender')} rules={[{ required: true }]}>
            <Select style={{ width: 100 }} options={(['male', 'female'] as const).map((value) => ({ value, label: t(`certificates.genders.${value}`) }))} />
          </Form.Item>
          <Form.Item name="birthDate" label={t('certificates.fields.birthDate')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.Item name="occupation" label={t('certificates.fields.occupation')} rules={[{ required: true }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={options} loading={catalogue.isPending} data-testid="holder-occupation" />
        </Form.Item>
        <Form.Item name="trade" label={t('certificates.fields.trade')}>
          <Input maxLength={100} placeholder="--" />
        </Form.Item>
        <Form.Item label={t('certificates.fields.photo')}>
          <Upload
            accept=".jpg,.jpeg,.png"
            showUploadList={false}
            beforeUpload={(file) => {
              setUploading(true);
              setUploadError(null);
              postForm<{ id: string }>('/files', file, {}, locale)
                .then((stored) => setPhotoFileId(stored.id))
                .catch(setUploadError)
                .finally(() => setUploading(false));
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={uploading}>
              {photoFileId ? t('certificateIssue.photoUploaded') : t('certificateIssue.uploadPhoto')}
            </Button>
          </Upload>
        </Form.Item>
        {uploadError ? <ProblemAlert error={uploadError} /> : null}
      </Form>
    </Modal>
  );
}
