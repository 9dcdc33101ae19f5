import { DownloadOutlined, PlusOutlined, SearchOutlined, SettingOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, Modal, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { fileUrl } from '../../api/application-queries';
import { hasPermission, useMe } from '../../api/queries';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { FraudFindingModal } from '../sanctions/fraud-finding-modal';
import { ProblemDetails } from './certificate-parts';
import { ID_TYPES, certificateKeys, credentialUrl, pdfUrl, useCertificates, useIssueBatches, type Certificate, type IssueBatch, type RevocationBasis } from './certificate-api';
import { punct } from '../../i18n/punctuation';
import { chinaTime } from '../../clock';

const STATUS_COLOURS = { valid: 'green', revoked: 'red' } as const;
const UPLOAD_COLOURS = { pending: 'default', 'in-batch': 'processing', reported: 'green', failed: 'red' } as const;

/** 证书管理: the certificates in scope; HR issues, prints, revokes and corrects them. */
export default function CertificatesPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const navigate = useNavigate();
  const canIssue = hasPermission(me, 'certificate:issue');
  const [q, setQ] = useState('');
  // ?status=revoked: the list of revoked certificates the dashboards link to.
  const [searchParams] = useSearchParams();
  const [status, setStatus] = useState<string | undefined>(() => searchParams.get('status') ?? undefined);
  const [uploadStatus, setUploadStatus] = useState<string | undefined>();
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [revoking, setRevoking] = useState<Certificate | null>(null);
  const [correcting, setCorrecting] = useState<Certificate | null>(null);
  const [fraudOf, setFraudOf] = useState<Certificate | null>(null);
  const queryClient = useQueryClient();
  const list = useCertificates({ q: q.trim() || undefined, status, uploadStatus, limit: page.pageSize, offset: (page.current - 1) * page.pageSize });
  const batches = useIssueBatches(canIssue);
  const filtered = Boolean(q.trim() || status || uploadStatus);

  const columns: TableColumnsType<Certificate> = [
    { title: t('certificates.fields.code'), dataIndex: 'code', render: (code: string) => <Typography.Text copyable={{ text: code }} style={{ fontFamily: 'monospace' }}>{code}</Typography.Text> },
    { title: t('certificates.fields.holderName'), dataIndex: 'holderName' },
    // The status early: a revoked certificate is seen without scrolling the table sideways.
    {
      title: t('certificates.fields.status'),
      dataIndex: 'status',
      render: (value: Certificate['status'], row) => (
        <Space size={4} wrap>
          <Tag color={STATUS_COLOURS[value]}>{t(`certificates.status.${value}`)}</Tag>
          {row.revokedOn ? <Typography.Text type="secondary">{row.revokedOn}</Typography.Text> : null}
        </Space>
      ),
    },
    { title: t('certificates.fields.idNumber'), dataIndex: 'idNumberMasked', render: (value: string) => <span style={{ fontFamily: 'monospace' }}>{value}</span> },
    {
      title: t('certificates.fields.occupation'),
      key: 'occupation',
      render: (_value, row) => (row.trade && row.trade !== '--' ? `${row.occupationName}${punct().paren(row.trade)}` : row.occupationName),
    },
    { title: t('certificates.fields.issuer'), dataIndex: 'issuerName', ellipsis: true },
    { title: t('certificates.fields.issuedOn'), dataIndex: 'issuedOn' },
    // 发证依据 (四(三), 六(三)): the confirmed list after the notice, or 复核确认.
    {
      title: t('sanctions.basis.label'),
      key: 'basis',
      render: (_value, row) => <Tag color={row.basis.kind === 'unrecorded' ? 'default' : 'blue'} data-testid={`basis-${row.code}`}>{t(`sanctions.basis.${row.basis.kind}`)}</Tag>,
    },
    {
      title: t('certificates.fields.uploadStatus'),
      dataIndex: 'uploadStatus',
      render: (value: Certificate['uploadStatus'], row) => (
        <Tag color={UPLOAD_COLOURS[value]} title={row.uploadFailureReason ?? undefined}>
          {t(`certificates.uploadStatus.${value}`)}
        </Tag>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      // The column stays on screen while the table scrolls: its acts wrap onto lines of their own
      // instead of taking half the width at 1440 px (the holder and issuer then slid under it).
      width: 250,
      render: (_value, row) => (
        <Space size={[0, 2]} wrap>
          {row.allowedActs.includes('print') ? (
            <Button type="link" size="small" href={pdfUrl(row.id)} icon={<DownloadOutlined />} data-testid={`print-${row.code}`}>
              {t('certificates.actions.print')}
            </Button>
          ) : null}
          {row.allowedActs.includes('print') && row.status === 'valid' ? (
            <Button type="link" size="small" href={credentialUrl(row.id)} download icon={<DownloadOutlined />} data-testid={`credential-${row.code}`}>
              {t('certificates.actions.credential')}
            </Button>
          ) : null}
          <Button type="link" size="small" href={`/verify/${row.code}`} target="_blank">
            {t('certificates.actions.verify')}
          </Button>
          {row.allowedActs.includes('correct') ? (
            <Button type="link" size="small" onClick={() => setCorrecting(row)}>
              {t('certificates.actions.correct')}
            </Button>
          ) : null}
          {row.allowedActs.includes('revoke') ? (
            <Button type="link" size="small" danger onClick={() => setRevoking(row)}>
              {t('certificates.actions.revoke')}
            </Button>
          ) : null}
          {row.allowedActs.includes('find-fraud') ? (
            <Button type="link" size="small" danger onClick={() => setFraudOf(row)} data-testid={`fraud-${row.code}`}>
              {t('sanctions.fraud.actOnCertificate')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  const emptyText = filtered ? t('certificates.emptyFiltered') : canIssue ? t('certificates.empty') : t('certificates.emptyReadOnly');

  return (
    <>
      <PageHeader
        title={t('certificates.title')}
        description={canIssue ? t('certificates.intro') : t('certificates.introSupervisor')}
        extra={
          canIssue ? (
            <Space wrap>
              <Button icon={<SettingOutlined />} onClick={() => navigate('/certificates/settings')}>
                {t('certificates.settings')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/certificates/issue')} data-testid="issue-certificates">
                {t('certificates.issue')}
              </Button>
            </Space>
          ) : null
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('certificates.searchPlaceholder')}
            aria-label={t('certificates.searchPlaceholder')}
            value={q}
            onChange={(event) => {
              setQ(event.target.value);
              setPage((current) => ({ ...current, current: 1 }));
            }}
            style={{ width: 260 }}
          />
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('certificates.allStatuses')}
            aria-label={t('certificates.allStatuses')}
            value={status}
            onChange={setStatus}
            options={(['valid', 'revoked'] as const).map((value) => ({ value, label: t(`certificates.status.${value}`) }))}
          />
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('certificates.allUploadStatuses')}
            aria-label={t('certificates.allUploadStatuses')}
            value={uploadStatus}
            onChange={setUploadStatus}
            options={(['pending', 'in-batch', 'reported', 'failed'] as const).map((value) => ({ value, label: t(`certificates.uploadStatus.${value}`) }))}
          />
        </Space>
        {list.isError ? (
          <ProblemAlert title={t('errors.loadFailed')} error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Certificate>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isPending}
            scroll={{ x: 'max-content' }}
            pagination={{ ...page, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('common.total', { count: total }), onChange: (current, pageSize) => setPage({ current, pageSize }) }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
          />
        )}
      </Card>
      {canIssue ? <BatchesCard batches={batches.data ?? []} /> : null}
      <RevokeModal certificate={revoking} onClose={() => setRevoking(null)} />
      <CorrectModal certificate={correcting} onClose={() => setCorrecting(null)} />
      {fraudOf ? (
        <FraudFindingModal
          open
          revokes
          name={fraudOf.holderName}
          path={`/certificates/${fraudOf.id}/fraud`}
          onClose={() => setFraudOf(null)}
          onDone={() => {
            setFraudOf(null);
            void queryClient.invalidateQueries({ queryKey: certificateKeys.all });
          }}
        />
      ) : null}
    </>
  );
}

function BatchesCard({ batches }: { batches: IssueBatch[] }) {
  const { t } = useTranslation();
  if (batches.length === 0) return null;
  return (
    <Card title={t('certificates.batches.title')} style={{ marginTop: 16 }}>
      <Table<IssueBatch>
        rowKey="id"
        size="small"
        dataSource={batches}
        pagination={{ pageSize: 5 }}
        columns={[
          { title: t('certificates.fields.issuedOn'), dataIndex: 'issuedOn' },
          { title: t('certificates.batches.count'), key: 'count', render: (_value, batch) => t('certificates.batches.holders', { count: batch.holderCount }) },
          {
            title: t('certificates.batches.statusTitle'),
            key: 'status',
            render: (_value, batch) =>
              batch.job && (batch.job.status === 'queued' || batch.job.status === 'running') ? (
                <Progress percent={Math.round((100 * batch.job.progress.done) / Math.max(1, batch.job.progress.total ?? batch.holderCount))} size="small" style={{ width: 160 }} />
              ) : (
                <Tag color={batch.status === 'issued' ? 'green' : batch.status === 'failed' ? 'red' : 'processing'}>{t(`certificates.batches.status.${batch.status}`)}</Tag>
              ),
          },
          { title: t('certificates.batches.createdAt'), key: 'created', render: (_value, batch) => chinaTime(batch.createdAt) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_value, batch) =>
              batch.printFileId ? (
                <Button type="link" size="small" icon={<DownloadOutlined />} href={fileUrl(batch.printFileId)}>
                  {t('certificates.batches.printFile')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

function RevokeModal({ certificate, onClose }: { certificate: Certificate | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ basis: RevocationBasis; reason: string }>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const revoke = useMutation({
    mutationFn: (values: { basis: RevocationBasis; reason: string }) => api.post<Certificate>(`/certificates/${certificate!.id}/revoke`, values),
    onSuccess: (updated) => {
      void message.success(t('certificates.revoke.done', { code: updated.code }));
      void queryClient.invalidateQueries({ queryKey: certificateKeys.all });
      form.resetFields();
      onClose();
    },
  });
  return (
    <Modal
      open={Boolean(certificate)}
      title={t('certificates.revoke.title')}
      okText={t('certificates.revoke.confirm')}
      okButtonProps={{ danger: true, loading: revoke.isPending }}
      cancelText={t('common.cancel')}
      onCancel={() => {
        revoke.reset();
        onClose();
      }}
      onOk={() => void form.validateFields().then((values) => revoke.mutate(values))}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('certificates.revoke.warning')} style={{ marginBottom: 16 }} />
      {certificate ? (
        <Typography.Paragraph>
          {certificate.holderName} · <span style={{ fontFamily: 'monospace' }}>{certificate.code}</span>
        </Typography.Paragraph>
      ) : null}
      <Form form={form} layout="vertical" initialValues={{ basis: 'fraud' }}>
        <Form.Item name="basis" label={t('certificates.revoke.basis')} rules={[{ required: true }]}>
          <Select options={(['fraud', 'exit', 'issued-in-error', 'other'] as const).map((value) => ({ value, label: t(`certificates.revoke.bases.${value}`) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('certificates.revoke.reason')} rules={[{ required: true, min: 2, whitespace: true }]}>
          <Input.TextArea rows={3} maxLength={1000} placeholder={t('certificates.revoke.reasonPlaceholder')} />
        </Form.Item>
      </Form>
      {revoke.isError ? <ProblemDetails error={revoke.error} /> : null}
    </Modal>
  );
}

interface CorrectionValues {
  holderName: string;
  idType: Certificate['idType'];
  idNumber?: string;
  gender: Certificate['gender'];
  birthDate?: dayjs.Dayjs | null;
  occupationCode: string;
  occupationName: string;
  trade?: string;
  reason: string;
}

function CorrectModal({ certificate, onClose }: { certificate: Certificate | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CorrectionValues>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const correct = useMutation({
    mutationFn: (values: CorrectionValues) =>
      api.post<Certificate>(`/certificates/${certificate!.id}/correct`, {
        holderName: values.holderName,
        idType: values.idType,
        ...(values.idNumber?.trim() ? { idNumber: values.idNumber.trim() } : {}),
        gender: values.gender,
        // Sent only when HR gives one: the page holds the year, never the stored date.
        ...(values.birthDate ? { birthDate: values.birthDate.format('YYYY-MM-DD') } : {}),
        occupationCode: values.occupationCode,
        occupationName: values.occupationName,
        trade: values.trade ?? '',
        reason: values.reason,
      }),
    onSuccess: (updated) => {
      void message.success(t('certificates.correct.done', { code: updated.code }));
      void queryClient.invalidateQueries({ queryKey: certificateKeys.all });
      onClose();
    },
  });
  return (
    <Modal
      open={Boolean(certificate)}
      title={t('certificates.correct.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: correct.isPending }}
      onCancel={() => {
        correct.reset();
        onClose();
      }}
      onOk={() => void form.validateFields().then((values) => correct.mutate(values))}
      destroyOnHidden
      width={640}
    >
      <Typography.Paragraph type="secondary">{t('certificates.correct.hint')}</Typography.Paragraph>
      {certificate ? (
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{
            holderName: certificate.holderName,
            idType: certificate.idType,
            gender: certificate.gender,
            occupationCode: certificate.occupationCode,
            occupationName: certificate.occupationName,
            trade: certificate.trade === '--' ? '' : certificate.trade,
          }}
        >
          <Space wrap align="start">
            <Form.Item name="holderName" label={t('certificates.fields.holderName')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="idType" label={t('certificates.fields.idType')}>
              <Select style={{ width: 220 }} options={ID_TYPES.map((value) => ({ value, label: t(`certificates.idTypes.${value}`) }))} />
            </Form.Item>
            <Form.Item name="idNumber" label={t('certificates.fields.idNumber')} extra={certificate.idNumberMasked}>
              <Input placeholder={t('certificates.correct.idNumberKeep')} maxLength={40} />
            </Form.Item>
            <Form.Item name="gender" label={t('certificates.fields.gender')}>
              <Select style={{ width: 100 }} options={(['male', 'female'] as const).map((value) => ({ value, label: t(`certificates.genders.${value}`) }))} />
            </Form.Item>
            <Form.Item name="birthDate" label={t('certificates.fields.birthDate')} extra={t('certificates.correct.birthDateKeep', { year: certificate.birthYear ?? '—' })}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="occupationCode" label={t('certificates.fields.occupationCode')} rules={[{ required: true }]}>
              <Input maxLength={20} />
            </Form.Item>
            <Form.Item name="occupationName" label={t('certificates.fields.occupationName')} rules={[{ required: true }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="trade" label={t('certificates.fields.trade')}>
              <Input maxLength={100} placeholder="--" />
            </Form.Item>
          </Space>
          <Form.Item name="reason" label={t('certificates.fields.reason')} rules={[{ required: true, min: 2, whitespace: true }]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      ) : null}
      {correct.isError ? <ProblemDetails error={correct.error} /> : null}
    </Modal>
  );
}
