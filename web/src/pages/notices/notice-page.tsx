import { CopyOutlined, FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Descriptions, Empty, Form, Input, Modal, Radio, Select, Space, Switch, Table, Tag, Timeline, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { postForm } from '../../api/application-queries';
import { api } from '../../api/client';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { pickMessage, useLocale } from '../../i18n';
import { FraudFindingModal } from '../sanctions/fraud-finding-modal';
import { CancelNoticeButton } from './cancel-notice-button';
import { candidateColours, candidateStatusKey, objectionColours, phaseColours, type Notice, type NoticeCandidate, type Objection } from './notice-types';
import { punct } from '../../i18n/punctuation';
import { chinaTime } from '../../clock';

function CandidateTable({ candidates, notice }: { candidates: NoticeCandidate[]; notice?: Notice }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [fraudOf, setFraudOf] = useState<NoticeCandidate | null>(null);
  // HR during the notice: 取消本年度评审资格（弄虚作假） for a candidate still in it.
  const mayFindFraud = Boolean(notice?.canManage && notice.status === 'open');
  const columns: TableColumnsType<NoticeCandidate> = [
    { title: '#', dataIndex: 'position', width: 50 },
    { title: t('notices.name'), dataIndex: 'name', width: 100 },
    { title: t('notices.unit'), key: 'unit', width: 200, render: (_, row) => [row.unitName, row.department].filter(Boolean).join(' ') },
    { title: t('notices.occupation'), key: 'occupation', width: 160, render: (_, row) => row.occupationName ?? row.occupationCode },
    { title: t('notices.summary'), dataIndex: 'summary' },
    {
      title: t('notices.status'),
      key: 'status',
      width: 120,
      render: (_, row) => (
        <Tag color={candidateColours[row.status]} title={row.withdrawnReason ?? undefined}>
          {t(`notices.candidateStatus.${candidateStatusKey(row.status, notice?.phase)}`)}
        </Tag>
      ),
    },
    ...(mayFindFraud
      ? [
          {
            title: t('common.actions'),
            key: 'fraud',
            width: 200,
            render: (_: unknown, row: NoticeCandidate) =>
              row.status === 'in-notice' && row.applicationId ? (
                <Button size="small" danger onClick={() => setFraudOf(row)} data-testid={`candidate-fraud-${row.name}`}>
                  {t('sanctions.fraud.act')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <>
      <Table rowKey="id" size="small" pagination={false} dataSource={candidates} columns={columns} scroll={{ x: 860 }} data-testid="notice-candidates" />
      {fraudOf && notice ? (
        <FraudFindingModal
          open
          name={fraudOf.name}
          path={`/applications/${fraudOf.applicationId}/fraud`}
          onClose={() => setFraudOf(null)}
          onDone={() => {
            setFraudOf(null);
            void queryClient.invalidateQueries({ queryKey: ['notices', notice.id] });
          }}
        />
      ) : null}
    </>
  );
}

/** The objection form of employees (real name, contact, evidence uploaded through /api/v1/files). */
export function ObjectionForm({ notice, onDone }: { notice: Notice; onDone: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const problemText = useProblemText();
  const [form] = Form.useForm<{ candidateId: string; name: string; contact: string; content: string }>();
  const [files, setFiles] = useState<{ id: string; name: string }[]>([]);
  const upload = useMutation({
    mutationFn: (file: File) => postForm<{ id: string; name: string }>('/files', file, {}, locale),
    onSuccess: (file) => setFiles((current) => [...current, file]),
    onError: (error) => message.error(problemText(error)),
  });
  const raise = useMutation({
    mutationFn: (values: { candidateId: string; name: string; contact: string; content: string }) =>
      api.post(`/notices/${notice.id}/objections`, { ...values, evidenceFileIds: files.map((file) => file.id) }),
    onSuccess: () => {
      message.success(t('notices.objectionSent'));
      form.resetFields();
      setFiles([]);
      onDone();
    },
    onError: (error) => message.error(problemText(error)),
  });
  if (!notice.canObject) return <Alert type="info" showIcon title={t('notices.windowClosed', { start: notice.startDate, end: notice.endDate })} />;
  return (
    <Form form={form} layout="vertical" style={{ maxWidth: 640 }} onFinish={(values) => raise.mutate(values)} data-testid="objection-form">
      <Typography.Paragraph type="secondary">{t('notices.raiseIntro')}</Typography.Paragraph>
      <Form.Item name="candidateId" label={t('notices.candidate')} rules={[{ required: true }]}>
        <Select data-testid="objection-candidate" options={notice.candidates.filter((row) => row.status === 'in-notice').map((row) => ({ value: row.id, label: `${row.name}${punct().paren(row.unitName)}` }))} />
      </Form.Item>
      <Form.Item name="name" label={t('notices.yourName')} rules={[{ required: true, min: 2 }]}>
        <Input data-testid="objection-name" maxLength={50} />
      </Form.Item>
      <Form.Item name="contact" label={t('notices.yourContact')} rules={[{ required: true, min: 5 }]}>
        <Input data-testid="objection-contact" maxLength={200} />
      </Form.Item>
      <Form.Item name="content" label={t('notices.objectionContent')} rules={[{ required: true, min: 10 }]}>
        <Input.TextArea data-testid="objection-content" rows={4} maxLength={4000} showCount />
      </Form.Item>
      <Form.Item label={t('notices.evidence')}>
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
              {t('notices.uploadEvidence')}
            </Button>
          </Upload>
          {files.map((file) => (
            <Typography.Text key={file.id}>{file.name}</Typography.Text>
          ))}
        </Space>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={raise.isPending} data-testid="objection-submit">
        {t('notices.submitObjection')}
      </Button>
    </Form>
  );
}

function InvestigateModal({ notice, objection, onClose }: { notice: Notice; objection: Objection; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const save = useMutation({
    mutationFn: () => api.post<Notice>(`/notices/${notice.id}/objections/${objection.id}/investigation`, { note }),
    onSuccess: (updated) => {
      queryClient.setQueryData(['notices', notice.id], updated);
      onClose();
    },
  });
  return (
    <Modal open title={t('notices.investigate')} onCancel={onClose} onOk={() => save.mutate()} okButtonProps={{ disabled: note.trim().length < 2, loading: save.isPending }}>
      {save.isError ? <ProblemAlert error={save.error} /> : null}
      <Input.TextArea data-testid="investigation-note" rows={4} value={note} maxLength={4000} placeholder={t('notices.investigateNote')} onChange={(event) => setNote(event.target.value)} />
    </Modal>
  );
}

function DecideModal({ notice, objection, onClose }: { notice: Notice; objection: Objection; onClose: () => void }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<'upheld' | 'dismissed'>('dismissed');
  const [reasons, setReasons] = useState('');
  const [fraud, setFraud] = useState(false);
  const [unitFraud, setUnitFraud] = useState(false);
  const save = useMutation({
    mutationFn: () => api.post<Notice>(`/notices/${notice.id}/objections/${objection.id}/finding`, { outcome, reasons, fraud: outcome === 'upheld' && fraud, unitFraud: outcome === 'upheld' && fraud && unitFraud }),
    onSuccess: (updated) => {
      queryClient.setQueryData(['notices', notice.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['notices'] });
      message.success(t('notices.decided'));
      onClose();
    },
  });
  const ask = () =>
    modal.confirm({
      title: outcome === 'upheld' ? t('notices.confirmUpheld') : t('notices.confirmDismissed'),
      content: outcome === 'upheld' ? t(fraud ? 'notices.confirmFraudBody' : 'notices.confirmUpheldBody', { name: objection.candidateName }) : t('notices.confirmDismissedBody'),
      okButtonProps: { danger: outcome === 'upheld' },
      onOk: () => save.mutateAsync(),
    });
  return (
    <Modal open title={t('notices.decide')} onCancel={onClose} onOk={ask} okButtonProps={{ disabled: reasons.trim().length < 2, loading: save.isPending }} okText={t('notices.decide')}>
      {save.isError ? <ProblemAlert error={save.error} /> : null}
      <Form layout="vertical">
        <Form.Item label={t('notices.outcome')}>
          <Radio.Group value={outcome} onChange={(event) => setOutcome(event.target.value as 'upheld' | 'dismissed')} data-testid="finding-outcome">
            <Space direction="vertical">
              <Radio value="dismissed">{t('notices.dismissed')}</Radio>
              <Radio value="upheld">{t('notices.upheld')}</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        {outcome === 'upheld' ? (
          <Form.Item>
            <Space direction="vertical">
              <Checkbox checked={fraud} onChange={(event) => setFraud(event.target.checked)}>
                {t('notices.fraud')}
              </Checkbox>
              <Checkbox checked={unitFraud} disabled={!fraud} onChange={(event) => setUnitFraud(event.target.checked)}>
                {t('notices.unitFraud')}
              </Checkbox>
            </Space>
          </Form.Item>
        ) : null}
        <Form.Item label={t('notices.reasons')} required>
          <Input.TextArea data-testid="finding-reasons" rows={4} maxLength={4000} value={reasons} onChange={(event) => setReasons(event.target.value)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ObjectionsTable({ notice, manage }: { notice: Notice; manage: boolean }) {
  const { t } = useTranslation();
  const [investigating, setInvestigating] = useState<Objection | null>(null);
  const [deciding, setDeciding] = useState<Objection | null>(null);
  const open = (row: Objection) => notice.status === 'open' && (row.status === 'open' || row.status === 'investigating');
  const columns: TableColumnsType<Objection> = [
    { title: t('notices.raisedOn'), dataIndex: 'raisedOn', width: 110 },
    { title: t('notices.candidate'), dataIndex: 'candidateName', width: 100 },
    ...(manage
      ? [
          { title: t('notices.objector'), key: 'objector', width: 180, render: (_: unknown, row: Objection) => `${row.objectorName} · ${row.objectorContact}` },
          { title: t('notices.channel'), key: 'channel', width: 100, render: (_: unknown, row: Objection) => <Tag>{t(`notices.channels.${row.channel}`)}</Tag> },
        ]
      : []),
    {
      title: t('notices.objectionContent'),
      key: 'content',
      render: (_, row) => (
        <Space direction="vertical" size={2}>
          <Typography.Text>{row.content}</Typography.Text>
          {row.evidenceFileIds.map((fileId, index) => (
            <a key={fileId} href={`/api/v1/files/${fileId}`} target="_blank" rel="noreferrer">
              {t('notices.evidence')} {index + 1}
            </a>
          ))}
          {manage && row.investigation ? <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }}>{`${t('notices.investigation')}${punct().colon}${row.investigation}`}</Typography.Text> : null}
          {row.findingReasons ? <Typography.Text strong>{`${t('notices.finding')}${punct().colon}${row.findingReasons}`}</Typography.Text> : null}
        </Space>
      ),
    },
    { title: t('notices.status'), key: 'status', width: 120, render: (_, row) => <Tag color={objectionColours[row.status]}>{t(`notices.objectionStatus.${row.status}`)}</Tag> },
    ...(manage
      ? [
          {
            title: t('common.actions'),
            key: 'acts',
            width: 190,
            render: (_: unknown, row: Objection) =>
              open(row) ? (
                <Space>
                  <Button size="small" onClick={() => setInvestigating(row)} data-testid={`investigate-${row.id}`}>
                    {t('notices.investigate')}
                  </Button>
                  <Button size="small" type="primary" onClick={() => setDeciding(row)} data-testid={`decide-${row.id}`}>
                    {t('notices.decide')}
                  </Button>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <>
      <Table rowKey="id" size="small" pagination={false} dataSource={notice.objections} columns={columns} scroll={{ x: 900 }} locale={{ emptyText: <Empty description={t('notices.objectionsEmpty')} /> }} data-testid="notice-objections" />
      {investigating ? <InvestigateModal notice={notice} objection={investigating} onClose={() => setInvestigating(null)} /> : null}
      {deciding ? <DecideModal notice={notice} objection={deciding} onClose={() => setDeciding(null)} /> : null}
    </>
  );
}

function PublicLinkCard({ notice }: { notice: Notice }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const problemText = useProblemText();
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => api.put<Notice>(`/notices/${notice.id}/public-link`, { enabled }),
    onSuccess: (updated) => queryClient.setQueryData(['notices', notice.id], updated),
    onError: (error) => message.error(problemText(error)),
  });
  const link = notice.publicLink?.token ? `${window.location.origin}/notice/${notice.publicLink.token}` : null;
  return (
    <Card title={t('notices.publicLinkTitle')} size="small">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space>
          <Switch checked={notice.publicLink?.enabled ?? false} loading={toggle.isPending} onChange={(checked) => toggle.mutate(checked)} aria-label={t('notices.publicLinkTitle')} data-testid="public-link-switch" />
          <Typography.Text>{notice.publicLink?.enabled ? t('notices.publicLinkOn') : t('notices.publicLinkOff')}</Typography.Text>
        </Space>
        <Typography.Text type="secondary">{t('notices.publicLinkHint')}</Typography.Text>
        {notice.publicLink?.enabled && link ? (
          <Typography.Text copyable={{ text: link, icon: [<CopyOutlined key="copy" />, <CopyOutlined key="copied" />], tooltips: [t('notices.copyLink'), t('notices.copied')] }} data-testid="public-link">
            <a href={link} target="_blank" rel="noreferrer">
              {link}
            </a>
          </Typography.Text>
        ) : null}
      </Space>
    </Card>
  );
}

function ConfirmCard({ notice }: { notice: Notice }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { modal, message } = App.useApp();
  const problemText = useProblemText();
  const queryClient = useQueryClient();
  const confirm = useMutation({
    mutationFn: () => api.post<{ notice: Notice; confirmedApplicationIds: string[] }>(`/notices/${notice.id}/confirm`),
    onSuccess: (result) => {
      queryClient.setQueryData(['notices', notice.id], result.notice);
      void queryClient.invalidateQueries({ queryKey: ['notices'] });
      message.success(t('notices.confirmed'));
    },
    onError: (error) => message.error(problemText(error)),
  });
  if (notice.status === 'confirmed') return <Alert type="success" showIcon title={t('notices.confirmed')} />;
  if (notice.status === 'cancelled') return null;
  const remaining = notice.candidates.filter((row) => row.status === 'in-notice').length;
  return (
    <Card title={t('notices.confirmList')} size="small">
      {notice.confirmBlockers.length ? (
        <Alert
          type="warning"
          showIcon
          data-testid="confirm-blockers"
          title={t('notices.cannotConfirm')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {notice.confirmBlockers.map((blocker) => (
                <li key={blocker.code}>{pickMessage(blocker.messages, locale)}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Button
        type="primary"
        style={{ marginTop: 12 }}
        disabled={notice.confirmBlockers.length > 0}
        loading={confirm.isPending}
        data-testid="confirm-list"
        onClick={() =>
          modal.confirm({
            title: t('notices.confirmListTitle'),
            content: t('notices.confirmListBody', { count: remaining }),
            onOk: () => confirm.mutateAsync(),
          })
        }
      >
        {t('notices.confirmList')}
      </Button>
    </Card>
  );
}

/** A notice: HR manages it (public link, objections, confirmation, timeline); employees read it and object. */
export default function NoticePage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { id } = useParams<{ id: string }>();
  const notice = useQuery({ queryKey: ['notices', id], queryFn: ({ signal }) => api.get<Notice>(`/notices/${id}`, undefined, signal) });
  if (notice.isError) return <ProblemAlert title={t('errors.loadFailed')} error={notice.error} onRetry={() => void notice.refetch()} />;
  if (!notice.data) return <Card loading />;
  const data = notice.data;
  return (
    <>
      <PageHeader
        title={`${data.planTitle ?? data.enterpriseName} · ${t('notices.detailTitle')}`}
        extra={
          <Button icon={<FilePdfOutlined />} href={`/api/v1/notices/${data.id}/pdf`} target="_blank">
            {t('notices.pdf')}
          </Button>
        }
      />
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Card>
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label={t('notices.period')}>
              <span data-testid="notice-period">{t('notices.periodValue', { start: data.startDate, end: data.endDate, days: data.workingDays })}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('notices.status')}>
              <Tag color={phaseColours[data.phase]} data-testid="notice-phase">
                {t(`notices.phases.${data.phase}`)}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('notices.contact')}>{data.contact}</Descriptions.Item>
            <Descriptions.Item label={t('notices.openObjections')}>{data.openObjections}</Descriptions.Item>
          </Descriptions>
          {data.status === 'cancelled' ? (
            <Alert type="warning" showIcon style={{ marginTop: 12 }} data-testid="notice-cancelled" title={t('sanctions.notice.cancelledOn', { at: chinaTime(data.cancelledAt), reason: data.cancelReason ?? '' })} />
          ) : null}
          {data.canCancel ? (
            <div style={{ marginTop: 12 }}>
              <CancelNoticeButton noticeId={data.id} />
            </div>
          ) : null}
        </Card>
        <Card title={t('notices.candidates')}>
          <CandidateTable candidates={data.candidates} notice={data} />
        </Card>
        {data.canManage ? (
          <>
            <ConfirmCard notice={data} />
            <PublicLinkCard notice={data} />
            <Card title={t('notices.objections')}>
              <ObjectionsTable notice={data} manage />
            </Card>
            <Card title={t('notices.timeline')}>
              <Timeline
                data-testid="notice-timeline"
                items={data.events.map((event) => ({
                  children: (
                    <Space direction="vertical" size={0}>
                      <Typography.Text strong>
                        {t(`notices.acts.${event.act}`, { defaultValue: event.act })}
                        {event.candidateName ? ` · ${event.candidateName}` : ''}
                      </Typography.Text>
                      {event.comment ? <Typography.Text>{locale === 'en' && event.commentEn ? event.commentEn : event.comment}</Typography.Text> : null}
                      <Typography.Text type="secondary">
                        {chinaTime(event.at)} · {event.actorName}
                      </Typography.Text>
                    </Space>
                  ),
                }))}
              />
            </Card>
          </>
        ) : (
          <>
            <Card title={t('notices.raise')}>
              <ObjectionForm notice={data} onDone={() => void notice.refetch()} />
            </Card>
            {data.objections.length ? (
              <Card title={t('notices.myObjections')}>
                <ObjectionsTable notice={data} manage={false} />
              </Card>
            ) : null}
          </>
        )}
      </Space>
    </>
  );
}
