import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Empty, Form, Input, Modal, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileUrl, postForm } from '../../api/application-queries';
import { api } from '../../api/client';
import { hasPermission, useMe, useOrganisations } from '../../api/queries';
import { serverDayjs } from '../../clock';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { useLocale } from '../../i18n';
import { sanctionKeys, useSuspensions, type Suspension } from './sanction-api';
import { punct } from '../../i18n/punctuation';

function statusOf(row: Suspension, today: string): 'active' | 'lifted' | 'ended' | 'notStarted' {
  if (row.status === 'lifted') return 'lifted';
  if (row.active) return 'active';
  return row.fromDate > today ? 'notStarted' : 'ended';
}
const STATUS_COLOURS = { active: 'red', lifted: 'default', ended: 'default', notStarted: 'orange' } as const;

/**
 * 暂停评审 (申报单位弄虚作假, 六(四)): the suspensions in scope (or of one's own enterprise); a
 * supervising department suspends an enterprise under it for a period with its findings, and lifts
 * a suspension with a reason.
 */
export function SuspensionsCard() {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useMe().data;
  const { message } = App.useApp();
  const problemText = useProblemText();
  const queryClient = useQueryClient();
  const canSuspend = hasPermission(me, 'fraud:sanction');
  const suspensions = useSuspensions({});
  const organisations = useOrganisations(canSuspend);
  const [creating, setCreating] = useState(false);
  const [lifting, setLifting] = useState<Suspension | null>(null);
  const [reason, setReason] = useState('');
  const [enterpriseId, setEnterpriseId] = useState<string>();
  const [period, setPeriod] = useState<[Dayjs, Dayjs] | null>(null);
  const [findings, setFindings] = useState('');
  const [files, setFiles] = useState<{ id: string; name: string }[]>([]);
  const today = serverDayjs().format('YYYY-MM-DD');
  const refresh = () => void queryClient.invalidateQueries({ queryKey: sanctionKeys.allSuspensions });
  const upload = useMutation({
    mutationFn: (file: File) => postForm<{ id: string; name: string }>('/files', file, {}, locale),
    onSuccess: (file) => setFiles((current) => [...current, file]),
    onError: (error) => message.error(problemText(error)),
  });
  const create = useMutation({
    mutationFn: () => api.post<Suspension>('/suspensions', { enterpriseId, fromDate: period?.[0].format('YYYY-MM-DD'), untilDate: period?.[1].format('YYYY-MM-DD'), findings, evidenceFileIds: files.map((file) => file.id) }),
    onSuccess: (created) => {
      message.success(t('sanctions.suspensions.created', { name: created.enterpriseName }));
      setCreating(false);
      setFindings('');
      setFiles([]);
      setPeriod(null);
      refresh();
    },
  });
  const lift = useMutation({
    mutationFn: () => api.post<Suspension>(`/suspensions/${lifting?.id}/lift`, { reason }),
    onSuccess: () => {
      message.success(t('sanctions.suspensions.liftedDone'));
      setLifting(null);
      setReason('');
      refresh();
    },
  });
  const columns: TableColumnsType<Suspension> = [
    { title: t('sanctions.suspensions.enterprise'), dataIndex: 'enterpriseName' },
    { title: t('sanctions.suspensions.period'), key: 'period', render: (_value, row) => `${row.fromDate} — ${row.untilDate}` },
    {
      title: t('sanctions.suspensions.findings'),
      key: 'findings',
      width: 320,
      render: (_value, row) => (
        <Space direction="vertical" size={2}>
          <Typography.Text>{row.findings}</Typography.Text>
          {row.evidenceFileIds.map((fileId, index) => (
            <a key={fileId} href={fileUrl(fileId)} target="_blank" rel="noreferrer">
              {t('sanctions.suspensions.evidence')} {index + 1}
            </a>
          ))}
          {row.liftReason ? <Typography.Text type="secondary">{t('sanctions.bans.liftedOn', { date: row.liftedOn ?? '', reason: row.liftReason })}</Typography.Text> : null}
        </Space>
      ),
    },
    { title: t('sanctions.suspensions.decidedBy'), key: 'decidedBy', render: (_value, row) => `${row.decidedByName}${punct().paren(t(`sanctions.suspensions.source.${row.sourceType as 'department'}`, { defaultValue: row.sourceType }))}` },
    {
      title: t('sanctions.suspensions.status'),
      key: 'status',
      render: (_value, row) => {
        const status = statusOf(row, today);
        return <Tag color={STATUS_COLOURS[status]}>{t(`sanctions.suspensions.${status}`)}</Tag>;
      },
    },
    {
      title: t('common.actions'),
      key: 'acts',
      render: (_value, row) =>
        row.allowedActs.includes('lift') ? (
          <Button size="small" danger onClick={() => setLifting(row)} data-testid={`suspension-lift-${row.enterpriseName}`}>
            {t('sanctions.suspensions.lift')}
          </Button>
        ) : null,
    },
  ];
  const enterprises = (organisations.data ?? []).filter((organisation) => organisation.kind === 'enterprise');
  return (
    <Card
      title={t('sanctions.suspensions.title')}
      style={{ marginTop: 16 }}
      data-testid="suspensions-card"
      extra={
        canSuspend ? (
          <Button danger onClick={() => setCreating(true)} data-testid="suspension-create">
            {t('sanctions.suspensions.create')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">{t('sanctions.suspensions.intro')}</Typography.Paragraph>
      {suspensions.isError ? (
        <ProblemAlert title={t('errors.loadFailed')} error={suspensions.error} onRetry={() => void suspensions.refetch()} />
      ) : (
        <Table<Suspension>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={suspensions.data ?? []}
          loading={suspensions.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sanctions.suspensions.empty')} /> }}
        />
      )}
      <Modal
        open={creating}
        title={t('sanctions.suspensions.create')}
        width={640}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, disabled: !enterpriseId || !period || findings.trim().length < 5, loading: create.isPending, 'data-testid': 'suspension-ok' } as never}
        onOk={() => create.mutate()}
        onCancel={() => setCreating(false)}
        destroyOnHidden
      >
        {create.isError ? <ProblemAlert error={create.error} /> : null}
        <Form layout="vertical">
          <Form.Item label={t('sanctions.suspensions.enterprise')} required>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('sanctions.suspensions.enterprisePlaceholder')}
              value={enterpriseId}
              onChange={setEnterpriseId}
              options={enterprises.map((organisation) => ({ value: organisation.id, label: organisation.name }))}
              data-testid="suspension-enterprise"
            />
          </Form.Item>
          <Form.Item label={t('sanctions.suspensions.period')} required>
            <DatePicker.RangePicker value={period} onChange={(value) => setPeriod(value && value[0] && value[1] ? [value[0], value[1]] : null)} disabledDate={(day) => day.isBefore(serverDayjs(), 'day')} />
          </Form.Item>
          <Form.Item label={t('sanctions.suspensions.findings')} required>
            <Input.TextArea rows={4} maxLength={4000} value={findings} onChange={(event) => setFindings(event.target.value)} data-testid="suspension-findings" />
          </Form.Item>
          <Form.Item label={t('sanctions.suspensions.evidence')}>
            <Space direction="vertical">
              <Upload
                accept=".pdf,.jpg,.jpeg,.png"
                showUploadList={false}
                beforeUpload={(file) => {
                  upload.mutate(file);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} loading={upload.isPending}>
                  {t('sanctions.suspensions.upload')}
                </Button>
              </Upload>
              {files.map((file) => (
                <Typography.Text key={file.id}>{file.name}</Typography.Text>
              ))}
            </Space>
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={lifting !== null}
        title={t('sanctions.suspensions.liftTitle', { name: lifting?.enterpriseName ?? '' })}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: reason.trim().length < 2, loading: lift.isPending, 'data-testid': 'suspension-lift-ok' } as never}
        onOk={() => lift.mutate()}
        onCancel={() => setLifting(null)}
        destroyOnHidden
      >
        {lift.isError ? <ProblemAlert error={lift.error} /> : null}
        <Form layout="vertical">
          <Form.Item label={t('sanctions.suspensions.reason')} required>
            <Input.TextArea rows={3} maxLength={1000} value={reason} onChange={(event) => setReason(event.target.value)} data-testid="suspension-lift-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
