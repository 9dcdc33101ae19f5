import { DownloadOutlined, ExportOutlined, SearchOutlined, UploadOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Progress, Space, Table, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applicationKeys, fileUrl, postForm, useJob, useRegister } from '../../api/application-queries';
import type { Employee, RegisterImportResult, RegisterRowIssue } from '../../api/application-types';
import { api } from '../../api/client';
import { hasPermission, useMe } from '../../api/queries';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { useLocale } from '../../i18n';
import { useLocalized } from './application-parts';

const PAGE_SIZE = 20;

/** 职工名册: HR imports the register from the template (a background job with progress), searches it, exports it, opens accounts. */
export default function RegisterPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const canWrite = hasPermission(me, 'register:write');
  const locale = useLocale();
  const localized = useLocalized();
  const problemText = useProblemText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const [importJobId, setImportJobId] = useState<string | null>(null);
  const [exportJobId, setExportJobId] = useState<string | null>(null);
  const [accountFor, setAccountFor] = useState<Employee | null>(null);
  const [initialPassword, setInitialPassword] = useState<{ name: string; username: string; password: string } | null>(null);
  const [form] = Form.useForm<{ username: string }>();

  const register = useRegister({ q: query || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const importJob = useJob<RegisterImportResult>(importJobId);
  const exportJob = useJob<{ fileId: string; fileName: string; rows: number }>(exportJobId);

  const importDone = importJob.data?.status === 'succeeded' || importJob.data?.status === 'failed';
  useEffect(() => {
    if (importJob.data?.status === 'succeeded') void queryClient.invalidateQueries({ queryKey: applicationKeys.register });
  }, [importJob.data?.status, queryClient]);

  const upload = useMutation({
    mutationFn: (file: File) => postForm<{ job: { id: string } }>('/register/imports', file, {}, locale),
    onSuccess: ({ job }) => setImportJobId(job.id),
    onError: (error) => void message.error(problemText(error)),
  });
  const startExport = useMutation({
    mutationFn: () => api.post<{ job: { id: string } }>('/register/exports', { format: 'xlsx' }),
    onSuccess: ({ job }) => setExportJobId(job.id),
    onError: (error) => void message.error(problemText(error)),
  });
  const createAccount = useMutation({
    mutationFn: ({ employee, username }: { employee: Employee; username: string }) =>
      api.post<{ user: { username: string }; initialPassword?: string }>(`/register/${employee.id}/user`, { username }),
    onSuccess: (result, { employee }) => {
      setAccountFor(null);
      form.resetFields();
      if (result.initialPassword) setInitialPassword({ name: employee.name, username: result.user.username, password: result.initialPassword });
      void queryClient.invalidateQueries({ queryKey: applicationKeys.register });
    },
    onError: (error) => void message.error(problemText(error)),
  });

  const result = importJob.data?.status === 'succeeded' ? importJob.data.result : null;
  const percent = importJob.data ? Math.round(((importJob.data.progress.done ?? 0) / (importJob.data.progress.total || 1000)) * 100) : 0;

  const issueColumns: TableColumnsType<RegisterRowIssue> = [
    { title: t('register.columns.row'), dataIndex: 'row', width: 80 },
    {
      title: t('register.columns.column'),
      dataIndex: 'column',
      width: 200,
      render: (column: string | null) => (column ? t(`register.columnNames.${column}` as 'register.columnNames.name', { defaultValue: column }) : '—'),
    },
    { title: t('register.columns.message'), dataIndex: 'message', render: (text: RegisterRowIssue['message']) => localized(text) },
  ];

  const columns: TableColumnsType<Employee> = [
    { title: t('register.columns.name'), dataIndex: 'name', fixed: 'left', width: 100 },
    { title: t('register.columns.idNumber'), dataIndex: 'idNumberMasked', render: (value: string) => <Typography.Text code>{value}</Typography.Text> },
    { title: t('register.columns.gender'), dataIndex: 'gender', render: (value: Employee['gender']) => t(`appCommon.genders.${value}`) },
    {
      title: t('register.columns.organisation'),
      key: 'organisation',
      render: (_value, row) => (
        <Space orientation="vertical" size={0}>
          <span>{row.organisationName}</span>
          {row.department || row.post ? <Typography.Text type="secondary">{[row.department, row.post].filter(Boolean).join(' · ')}</Typography.Text> : null}
        </Space>
      ),
    },
    { title: t('register.columns.occupation'), key: 'occupation', render: (_value, row) => `${row.occupationCode} ${row.occupationName ?? ''}` },
    {
      title: t('register.columns.certificate'),
      key: 'certificate',
      render: (_value, row) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text code>{row.certificateNumber}</Typography.Text>
          <Typography.Text type="secondary">
            {t(`appCommon.certificateKinds.${row.certificateKind}`)} · {row.certificateDate}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('register.columns.postSince'), dataIndex: 'postSince' },
    { title: t('register.columns.stillInOccupation'), dataIndex: 'stillInOccupation', render: (value: boolean) => (value ? t('common.yes') : t('common.no')) },
    {
      title: t('register.columns.honours'),
      dataIndex: 'honours',
      render: (honours: string[]) => (
        <Space size={[4, 4]} wrap>
          {honours.map((id) => (
            <Tag key={id} color="gold">
              {t(`appCommon.honours.${id}` as 'appCommon.honours.china-skills-award')}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('register.columns.account'),
      key: 'account',
      fixed: 'right',
      render: (_value, row) =>
        row.user ? (
          <Typography.Text code>{row.user.username}</Typography.Text>
        ) : canWrite ? (
          <Button size="small" type="link" icon={<UserAddOutlined />} onClick={() => setAccountFor(row)} data-testid={`create-account-${row.id}`}>
            {t('register.createAccount')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('register.noAccount')}</Typography.Text>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('register.title')}
        description={t('register.description')}
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined />} href="/api/v1/register/template" data-testid="register-template">
              {t('register.template')}
            </Button>
            {canWrite ? (
              <Upload
                accept=".xlsx"
                showUploadList={false}
                beforeUpload={(file) => {
                  setImportJobId(null);
                  upload.mutate(file);
                  return false;
                }}
              >
                <Button type="primary" icon={<UploadOutlined />} loading={upload.isPending || (Boolean(importJobId) && !importDone)} data-testid="register-import">
                  {t('register.import')}
                </Button>
              </Upload>
            ) : null}
            <Button icon={<ExportOutlined />} onClick={() => startExport.mutate()} loading={startExport.isPending || exportJob.data?.status === 'running' || exportJob.data?.status === 'queued'}>
              {t('register.export')}
            </Button>
          </Space>
        }
      />
      {importJobId && importJob.data && !importDone ? (
        <Card style={{ marginBottom: 16 }} data-testid="register-import-progress">
          <Typography.Text>{t('register.importing', { percent })}</Typography.Text>
          <Progress percent={percent} status="active" />
        </Card>
      ) : null}
      {importJob.data?.status === 'failed' ? <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('register.jobFailed')} description={localized(importJob.data.error?.messages)} /> : null}
      {result?.outcome === 'imported' ? (
        <Alert
          type="success"
          showIcon
          closable
          style={{ marginBottom: 16 }}
          title={t('register.importDone', { rows: result.rows, created: result.created ?? 0, updated: result.updated ?? 0 })}
          data-testid="register-import-done"
        />
      ) : null}
      {result?.outcome === 'imported' && result.warningCount ? (
        <Card style={{ marginBottom: 16 }} data-testid="register-import-warnings">
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('register.importWarnings', { count: result.warningCount })} />
          <Table<RegisterRowIssue> rowKey={(row, index) => `${row.row}-${row.column}-${index}`} size="small" columns={issueColumns} dataSource={result.warnings ?? []} pagination={{ pageSize: 10 }} />
        </Card>
      ) : null}
      {result?.outcome === 'rejected' ? (
        <Card style={{ marginBottom: 16 }} data-testid="register-import-errors">
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('register.importRejected', { count: result.errorCount ?? 0 })}
            description={result.errorsNotListed ? t('register.importErrorsNotListed', { listed: result.errors?.length ?? 0, rest: result.errorsNotListed }) : undefined}
            action={
              result.reportFileId ? (
                <Button size="small" icon={<DownloadOutlined />} href={fileUrl(result.reportFileId)}>
                  {t('register.downloadReport')}
                </Button>
              ) : undefined
            }
          />
          <Table<RegisterRowIssue> rowKey={(row, index) => `${row.row}-${row.column}-${index}`} size="small" columns={issueColumns} dataSource={result.errors ?? []} pagination={{ pageSize: 10 }} />
        </Card>
      ) : null}
      {exportJob.data?.status === 'succeeded' && exportJob.data.result ? (
        <Alert
          type="success"
          showIcon
          closable
          style={{ marginBottom: 16 }}
          title={t('register.exportReady', { rows: exportJob.data.result.rows })}
          action={
            <Button size="small" icon={<DownloadOutlined />} href={fileUrl(exportJob.data.result.fileId)}>
              {t('register.downloadExport')}
            </Button>
          }
        />
      ) : null}
      <Card>
        <Input.Search
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('register.search')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onSearch={(value) => {
            setQuery(value.trim());
            setPage(1);
          }}
          style={{ maxWidth: 360, marginBottom: 16 }}
          data-testid="register-search"
        />
        {register.isError ? (
          <ProblemAlert title={t('errors.loadFailed')} error={register.error} onRetry={() => void register.refetch()} />
        ) : (
          <Table<Employee>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={register.data?.items ?? []}
            loading={register.isPending}
            scroll={{ x: 'max-content' }}
            pagination={{ current: page, pageSize: PAGE_SIZE, total: register.data?.total ?? 0, onChange: setPage, showTotal: (total) => t('common.total', { count: total }), showSizeChanger: false }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={query ? t('register.emptyFiltered') : t('register.empty')} /> }}
          />
        )}
      </Card>
      <Modal
        open={Boolean(accountFor)}
        title={accountFor ? t('register.createAccountTitle', { name: accountFor.name }) : ''}
        okText={t('register.createAccount')}
        cancelText={t('common.cancel')}
        confirmLoading={createAccount.isPending}
        onCancel={() => setAccountFor(null)}
        onOk={() => void form.validateFields().then((values) => accountFor && createAccount.mutate({ employee: accountFor, username: values.username }))}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="username" label={t('register.username')} extra={t('register.usernameHint')} rules={[{ required: true, pattern: /^[A-Za-z0-9._-]{3,50}$/, message: t('register.usernameHint') }]}>
            <Input autoComplete="off" data-testid="account-username" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={Boolean(initialPassword)} title={initialPassword?.name} onOk={() => setInitialPassword(null)} onCancel={() => setInitialPassword(null)} cancelButtonProps={{ style: { display: 'none' } }} okText={t('common.close')}>
        <Typography.Paragraph>{t('register.accountCreated')}</Typography.Paragraph>
        <Typography.Paragraph>
          {t('register.username')}：<Typography.Text code>{initialPassword?.username}</Typography.Text>
        </Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: initialPassword?.password }}>
          <Typography.Text code data-testid="initial-password">
            {initialPassword?.password}
          </Typography.Text>
        </Typography.Paragraph>
      </Modal>
    </>
  );
}
