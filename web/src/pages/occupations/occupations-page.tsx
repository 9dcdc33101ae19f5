import { DownloadOutlined, SearchOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Modal, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { pilotPlanKeys, postFile, useOccupations } from '../../api/pilot-plan-queries';
import type { Occupation, OccupationImportResult } from '../../api/pilot-plan-types';
import { hasPermission, useMe } from '../../api/queries';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { pickMessage, useLocale } from '../../i18n';
import { formatDateTime } from '../pilots/pilot-labels';

const MAX_BYTES = 20 * 1024 * 1024;
const PAGE_SIZE = 20;

/** 职业（工种）目录: search the catalogue; the ministry and the system administrator import it. */
export default function OccupationsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useMe().data;
  const canImport = hasPermission(me, 'catalogue:write');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const occupations = useOccupations({ q: search.trim() || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const problemText = useProblemText();
  const [importing, setImporting] = useState(false);
  const [result, setResult] = useState<OccupationImportResult | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const upload = useMutation({
    mutationFn: async (file: File) => {
      if (file.size > MAX_BYTES) throw new Error(t('occupations.fileTooLarge'));
      return postFile<OccupationImportResult>('/occupations/import', file, locale);
    },
    onMutate: () => {
      setResult(null);
      setFailure(null);
    },
    onSuccess: async (imported) => {
      setResult(imported);
      void message.success(t('occupations.importDone', { ...imported }));
      await queryClient.invalidateQueries({ queryKey: pilotPlanKeys.occupations });
    },
    onError: (error) => setFailure(error),
  });

  const fieldLabels: Record<string, string> = { code: t('occupations.code'), name: t('occupations.name'), category: t('occupations.category') };
  const rowErrors = failure instanceof ApiError ? (failure.problem.errors ?? []) : [];

  return (
    <>
      <PageHeader
        title={t('occupations.title')}
        description={canImport ? t('occupations.description') : t('occupations.descriptionReader')}
        extra={
          <Space>
            <Button icon={<DownloadOutlined />} href="/api/v1/occupations/template">
              {t('occupations.template')}
            </Button>
            {canImport ? (
              <Button type="primary" icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="occupation-import">
                {t('occupations.import')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Card>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('occupations.search')}
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            setPage(1);
          }}
          style={{ maxWidth: 360, marginBottom: 16 }}
          data-testid="occupation-search"
        />
        {occupations.isError ? (
          <ProblemAlert error={occupations.error} onRetry={() => void occupations.refetch()} />
        ) : (
          <Table<Occupation>
            rowKey="code"
            size="middle"
            loading={occupations.isFetching}
            dataSource={occupations.data?.items ?? []}
            locale={{ emptyText: search ? t('occupations.noMatch') : t('occupations.empty') }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: occupations.data?.total ?? 0,
              showSizeChanger: false,
              onChange: setPage,
              showTotal: (total) => t('occupations.total', { count: total }),
            }}
            columns={[
              { title: t('occupations.code'), dataIndex: 'code', key: 'code', width: 150, render: (value: string) => <Typography.Text code>{value}</Typography.Text> },
              { title: t('occupations.name'), dataIndex: 'name', key: 'name' },
              { title: t('occupations.category'), dataIndex: 'category', key: 'category', render: (value: string | null) => value ?? '—' },
              { title: t('occupations.source'), dataIndex: 'source', key: 'source', ellipsis: true },
              { title: t('occupations.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', width: 160, render: (value: string) => formatDateTime(value) },
            ]}
            data-testid="occupation-table"
          />
        )}
      </Card>
      <Modal open={importing} title={t('occupations.importTitle')} footer={null} onCancel={() => setImporting(false)} width={760} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('occupations.importHint')}</Typography.Paragraph>
        <Upload
          accept=".xlsx,.csv,.json"
          showUploadList={false}
          beforeUpload={(file) => {
            upload.mutate(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="occupation-file">
            {upload.isPending ? t('occupations.importing') : t('occupations.chooseFile')}
          </Button>
        </Upload>
        {result ? <Alert type="success" showIcon style={{ marginTop: 16 }} title={t('occupations.importDone', { ...result })} /> : null}
        {failure ? (
          <div style={{ marginTop: 16 }}>
            <Alert type="error" showIcon title={t('occupations.importFailed')} description={failure instanceof Error && !(failure instanceof ApiError) ? failure.message : problemText(failure)} />
            {rowErrors.length ? (
              <Table
                style={{ marginTop: 12 }}
                size="small"
                rowKey={(row) => `${row.path}-${row.code}`}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                dataSource={rowErrors}
                title={() => t('occupations.errorReport')}
                columns={[
                  { title: t('occupations.row'), key: 'row', width: 80, render: (_: unknown, row) => row.path.split('.')[1] ?? '—' },
                  { title: t('occupations.field'), key: 'field', width: 100, render: (_: unknown, row) => fieldLabels[row.path.split('.')[2] ?? ''] ?? '—' },
                  { title: t('occupations.message'), key: 'message', render: (_: unknown, row) => pickMessage(row.messages, locale) ?? row.code },
                ]}
                data-testid="occupation-errors"
              />
            ) : null}
          </div>
        ) : null}
      </Modal>
    </>
  );
}
