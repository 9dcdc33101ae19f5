import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Drawer, Empty, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { certificateKeys, packageUrl, useNationalMapping, type UploadBatch, type UploadItem } from './certificate-api';
import { ProblemDetails } from './certificate-parts';
import { punct } from '../../i18n/punctuation';
import { chinaTime } from '../../clock';

const STATUS_COLOURS = { prepared: 'blue', sending: 'processing', completed: 'green', 'partially-failed': 'orange', failed: 'red' } as const;
const ITEM_COLOURS = { pending: 'default', reported: 'green', failed: 'red' } as const;

/** 数据上报: batches for the national certificate query system, their packages and results. */
export default function NationalUploadPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { modal } = App.useApp();
  const [openId, setOpenId] = useState<string | null>(null);
  const mapping = useNationalMapping();
  const batches = useQuery({
    queryKey: certificateKeys.uploads,
    queryFn: ({ signal }) => api.get<{ items: UploadBatch[] }>('/national-uploads', undefined, signal),
    select: (data) => data.items,
    refetchInterval: (query) => (query.state.data?.items.some((batch) => batch.status === 'sending') ? 1000 : false),
  });
  const failedCertificates = useQuery({
    queryKey: [...certificateKeys.all, 'failed-upload'],
    queryFn: ({ signal }) => api.get<{ items: { id: string }[]; total: number }>('/certificates', { uploadStatus: 'failed', limit: 500 }, signal),
  });
  const create = useMutation({
    mutationFn: (certificateIds?: string[]) => api.post<UploadBatch>('/national-uploads', certificateIds ? { certificateIds } : {}),
    onSuccess: (batch) => {
      void queryClient.invalidateQueries({ queryKey: certificateKeys.uploads });
      void queryClient.invalidateQueries({ queryKey: certificateKeys.all });
      setOpenId(batch.id);
    },
  });

  const confirmCreate = (certificateIds?: string[]) =>
    modal.confirm({
      title: t('nationalUpload.createConfirmTitle'),
      content: t('nationalUpload.createConfirmContent'),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: () => create.mutateAsync(certificateIds).catch(() => undefined),
    });

  const failedIds = (failedCertificates.data?.items ?? []).map((item) => item.id);
  return (
    <>
      <PageHeader
        title={t('nationalUpload.title')}
        description={mapping.data?.endpointConfigured ? `${t('nationalUpload.intro')} ${t('nationalUpload.endpointIntro')}` : t('nationalUpload.intro')}
        extra={
          <Space wrap>
            {failedIds.length ? (
              <Button icon={<ReloadOutlined />} onClick={() => confirmCreate(failedIds)}>
                {t('nationalUpload.resendFailed')}{punct().paren(failedIds.length)}
              </Button>
            ) : null}
            <Button type="primary" icon={<PlusOutlined />} onClick={() => confirmCreate()} loading={create.isPending} data-testid="create-upload">
              {t('nationalUpload.create')}
            </Button>
          </Space>
        }
      />
      {create.isError ? (
        <div style={{ marginBottom: 16 }}>
          <ProblemDetails error={create.error} />
        </div>
      ) : null}
      <Card>
        {batches.isError ? (
          <ProblemAlert error={batches.error} onRetry={() => void batches.refetch()} />
        ) : (
          <Table<UploadBatch>
            rowKey="id"
            size="middle"
            loading={batches.isPending}
            dataSource={batches.data ?? []}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('nationalUpload.empty')} /> }}
            columns={[
              { title: t('certificates.batches.createdAt'), dataIndex: 'createdAt', render: (value: string) => chinaTime(value) },
              { title: t('certificates.fields.issuer'), dataIndex: 'enterpriseName' },
              { title: t('nationalUpload.modeTitle'), dataIndex: 'mode', render: (value: UploadBatch['mode']) => <Tag>{t(`nationalUpload.mode.${value}`)}</Tag> },
              { title: t('certificates.fields.status'), dataIndex: 'status', render: (value: UploadBatch['status']) => <Tag color={STATUS_COLOURS[value]}>{t(`nationalUpload.status.${value}`)}</Tag> },
              {
                title: t('nationalUpload.details'),
                key: 'counts',
                render: (_value, batch) => t('nationalUpload.counts', { total: batch.itemCount, ...batch.counts }),
              },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_value, batch) => (
                  <Space size={0} wrap>
                    <Button type="link" size="small" onClick={() => setOpenId(batch.id)}>
                      {t('common.details')}
                    </Button>
                    <Button type="link" size="small" icon={<DownloadOutlined />} href={packageUrl(batch.id, 'xlsx')}>
                      {t('nationalUpload.downloadExcel')}
                    </Button>
                    <Button type="link" size="small" icon={<DownloadOutlined />} href={packageUrl(batch.id, 'json')}>
                      {t('nationalUpload.downloadJson')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <BatchDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}

function BatchDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [failing, setFailing] = useState<UploadItem | null>(null);
  const [reason, setReason] = useState('');
  const batch = useQuery({
    queryKey: certificateKeys.upload(id ?? ''),
    queryFn: ({ signal }) => api.get<UploadBatch>(`/national-uploads/${id}`, undefined, signal),
    enabled: Boolean(id),
    refetchInterval: (query) => (query.state.data?.status === 'sending' ? 1000 : false),
  });
  const record = useMutation({
    mutationFn: (items: { certificateId: string; outcome: 'reported' | 'failed'; reason?: string }[]) => api.post<UploadBatch>(`/national-uploads/${id}/results`, { items }),
    onSuccess: (updated) => {
      queryClient.setQueryData(certificateKeys.upload(updated.id), updated);
      void queryClient.invalidateQueries({ queryKey: certificateKeys.uploads });
      void queryClient.invalidateQueries({ queryKey: certificateKeys.all });
      void message.success(t('nationalUpload.recorded'));
      setFailing(null);
      setReason('');
    },
  });
  const data = batch.data;
  const manual = data?.mode === 'manual';
  const pending = (data?.items ?? []).filter((item) => item.status === 'pending');
  return (
    <Drawer open={Boolean(id)} onClose={onClose} width={880} title={t('nationalUpload.details')} destroyOnHidden>
      {batch.isError ? <ProblemAlert error={batch.error} /> : null}
      {data ? (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <Tag color={STATUS_COLOURS[data.status]}>{t(`nationalUpload.status.${data.status}`)}</Tag>
            <Typography.Text>{t('nationalUpload.counts', { total: data.itemCount, ...data.counts })}</Typography.Text>
            {data.response ? <Typography.Text type="secondary">{data.response.status === null ? data.response.error : t('nationalUpload.response', { status: data.response.status })}</Typography.Text> : null}
          </Space>
          <Space wrap style={{ marginBottom: 12 }}>
            <Button icon={<DownloadOutlined />} href={packageUrl(data.id, 'xlsx')}>
              {t('nationalUpload.downloadExcel')}
            </Button>
            <Button icon={<DownloadOutlined />} href={packageUrl(data.id, 'json')}>
              {t('nationalUpload.downloadJson')}
            </Button>
            {manual && pending.length ? (
              <Button type="primary" loading={record.isPending} onClick={() => record.mutate(pending.map((item) => ({ certificateId: item.certificateId, outcome: 'reported' as const })))} data-testid="mark-all-reported">
                {t('nationalUpload.markAllReported')}
              </Button>
            ) : null}
          </Space>
          {record.isError ? <ProblemDetails error={record.error} /> : null}
          <Table<UploadItem>
            rowKey="certificateId"
            size="small"
            dataSource={data.items}
            pagination={{ pageSize: 20 }}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('certificates.fields.code'), dataIndex: 'code', render: (value: string) => <span style={{ fontFamily: 'monospace' }}>{value}</span> },
              { title: t('certificates.fields.holderName'), dataIndex: 'holderName' },
              { title: t('certificates.fields.idNumber'), dataIndex: 'idNumberMasked' },
              { title: t('nationalUpload.sentStatus'), dataIndex: 'sentStatus', render: (value: UploadItem['sentStatus']) => t(`certificates.status.${value}`) },
              {
                title: t('certificates.fields.uploadStatus'),
                key: 'status',
                render: (_value, item) => (
                  <Space size={4} wrap>
                    <Tag color={ITEM_COLOURS[item.status]}>{t(`nationalUpload.itemStatus.${item.status}`)}</Tag>
                    {item.reason ? <Typography.Text type="danger">{item.reason}</Typography.Text> : null}
                  </Space>
                ),
              },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_value, item) =>
                  manual && item.status === 'pending' ? (
                    <Space size={0}>
                      <Button type="link" size="small" onClick={() => record.mutate([{ certificateId: item.certificateId, outcome: 'reported' }])}>
                        {t('nationalUpload.markReported')}
                      </Button>
                      <Button type="link" size="small" danger onClick={() => setFailing(item)}>
                        {t('nationalUpload.markFailed')}
                      </Button>
                    </Space>
                  ) : null,
              },
            ]}
          />
        </>
      ) : null}
      <Modal
        open={Boolean(failing)}
        title={`${t('nationalUpload.markFailed')} · ${failing?.holderName ?? ''}`}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !reason.trim(), loading: record.isPending }}
        onCancel={() => setFailing(null)}
        onOk={() => failing && record.mutate([{ certificateId: failing.certificateId, outcome: 'failed', reason: reason.trim() }])}
      >
        <Alert type="info" showIcon title={t('certificates.correct.hint')} style={{ marginBottom: 12 }} />
        <Input.TextArea rows={3} value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} placeholder={t('nationalUpload.failedReasonPlaceholder')} aria-label={t('nationalUpload.failedReason')} />
      </Modal>
    </Drawer>
  );
}
