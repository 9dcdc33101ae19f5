import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Layout, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, API_BASE, ApiError, NetworkError } from '../../api/client';
import { LanguageSwitch } from '../../components/language-switch';
import { usePageTitle } from '../../components/page-header';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { useLocale } from '../../i18n';
import { candidateColours, candidateStatusKey, objectionColours, phaseColours, type ObjectionStatus, type PublicNotice } from './notice-types';
import { punct } from '../../i18n/punctuation';

/** Sends the objection as multipart/form-data: the fields and each evidence file as a `files` part. */
async function sendObjection(token: string, values: Record<string, string>, files: File[], locale: string): Promise<{ lookupCode: string }> {
  const body = new FormData();
  for (const [name, value] of Object.entries(values)) body.append(name, value);
  for (const file of files) body.append('files', file, file.name);
  let response: Response;
  try {
    response = await fetch(`${API_BASE}/public/notices/${token}/objections`, { method: 'POST', body, headers: { accept: 'application/json, application/problem+json', 'accept-language': locale } });
  } catch (error) {
    throw new NetworkError(error);
  }
  const data = (await response.json().catch(() => undefined)) as ({ lookupCode: string } & { code?: string }) | undefined;
  if (!response.ok) throw new ApiError(data && typeof data === 'object' && 'code' in data ? ({ ...(data as object), status: response.status } as never) : { status: response.status, code: `HTTP_${response.status}` });
  return data as { lookupCode: string };
}

/** The notice on its public link (/notice/<token>): no sign-in; real-name objections with evidence; a finding by look-up code. */
export default function PublicNoticePage() {
  const { t } = useTranslation();
  const { token } = useParams<{ token: string }>();
  const { message } = App.useApp();
  const locale = useLocale();
  const problemText = useProblemText();
  usePageTitle(t('notices.publicTitle'));
  const notice = useQuery({ queryKey: ['public-notice', token], queryFn: ({ signal }) => api.get<PublicNotice>(`/public/notices/${token}`, undefined, signal), retry: false });
  const [form] = Form.useForm<{ candidateId: string; name: string; contact: string; content: string }>();
  const [files, setFiles] = useState<File[]>([]);
  const [receipt, setReceipt] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const raise = useMutation({
    mutationFn: (values: { candidateId: string; name: string; contact: string; content: string }) => sendObjection(token ?? '', values, files, locale),
    onSuccess: (result) => {
      setReceipt(result.lookupCode);
      form.resetFields();
      setFiles([]);
    },
    onError: (error) => message.error(problemText(error)),
  });
  const lookup = useMutation({
    mutationFn: () => api.post<{ candidateName: string; status: ObjectionStatus; findingReasons: string | null; raisedOn: string }>(`/public/notices/${token}/objection-lookup`, { code: code.trim().toUpperCase() }),
  });

  const data = notice.data;
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f7fb' }}>
      <Layout.Header style={{ background: '#ffffff', borderBottom: '1px solid #e5e7eb', display: 'flex', alignItems: 'center', justifyContent: 'space-between', paddingInline: 24 }}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {t('notices.publicTitle')}
        </Typography.Text>
        <LanguageSwitch />
      </Layout.Header>
      <Layout.Content style={{ maxWidth: 1080, width: '100%', margin: '24px auto', padding: '0 16px' }}>
        {notice.isError ? (
          <Alert type="warning" showIcon title={t('notices.notFound')} />
        ) : !data ? (
          <Card loading />
        ) : (
          <Space direction="vertical" size="large" style={{ width: '100%' }}>
            <Card>
              <Typography.Title level={3} style={{ marginTop: 0 }}>
                {data.enterpriseName} · {t('notices.detailTitle')}
              </Typography.Title>
              {data.planTitle ? <Typography.Paragraph type="secondary">{data.planTitle}</Typography.Paragraph> : null}
              <Descriptions column={{ xs: 1, md: 2 }} size="small">
                <Descriptions.Item label={t('notices.period')}>
                  <span data-testid="public-period">{t('notices.periodValue', { start: data.startDate, end: data.endDate, days: data.workingDays })}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('notices.status')}>
                  <Tag color={phaseColours[data.phase]}>{t(`notices.phases.${data.phase}`)}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label={t('notices.contact')}>{data.contact}</Descriptions.Item>
              </Descriptions>
              {data.status === 'cancelled' ? <Alert type="warning" showIcon data-testid="public-cancelled" title={t('notices.phases.cancelled')} description={data.cancelReason} /> : null}
            </Card>
            <Card title={t('notices.candidates')}>
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={data.candidates}
                scroll={{ x: 760 }}
                columns={[
                  { title: t('notices.name'), dataIndex: 'name', width: 100 },
                  { title: t('notices.unit'), key: 'unit', width: 200, render: (_, row) => [row.unitName, row.department].filter(Boolean).join(' ') },
                  { title: t('notices.occupation'), key: 'occupation', width: 150, render: (_, row) => row.occupationName ?? row.occupationCode },
                  { title: t('notices.summary'), dataIndex: 'summary' },
                  { title: t('notices.status'), key: 'status', width: 110, render: (_, row) => <Tag color={candidateColours[row.status]}>{t(`notices.candidateStatus.${candidateStatusKey(row.status, data.phase)}`)}</Tag> },
                ]}
              />
            </Card>
            <Card title={t('notices.raise')}>
              {receipt ? <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('notices.objectionSent')} description={t('notices.lookupCodeHint', { code: receipt })} data-testid="public-receipt" /> : null}
              {data.phase !== 'running' ? (
                <Alert type="info" showIcon title={t('notices.windowClosed', { start: data.startDate, end: data.endDate })} />
              ) : (
                <Form form={form} layout="vertical" style={{ maxWidth: 640 }} onFinish={(values) => raise.mutate(values)}>
                  <Typography.Paragraph type="secondary">{t('notices.raiseIntro')}</Typography.Paragraph>
                  <Form.Item name="candidateId" label={t('notices.candidate')} rules={[{ required: true }]}>
                    <Select options={data.candidates.filter((row) => row.status === 'in-notice').map((row) => ({ value: row.id, label: `${row.name}${punct().paren(row.unitName)}` }))} />
                  </Form.Item>
                  <Form.Item name="name" label={t('notices.yourName')} rules={[{ required: true, min: 2 }]}>
                    <Input maxLength={50} />
                  </Form.Item>
                  <Form.Item name="contact" label={t('notices.yourContact')} rules={[{ required: true, min: 5 }]}>
                    <Input maxLength={200} />
                  </Form.Item>
                  <Form.Item name="content" label={t('notices.objectionContent')} rules={[{ required: true, min: 10 }]}>
                    <Input.TextArea rows={4} maxLength={4000} showCount />
                  </Form.Item>
                  <Form.Item label={t('notices.evidence')}>
                    <Upload
                      accept=".pdf,.jpg,.jpeg,.png"
                      fileList={files.map((file, index) => ({ uid: String(index), name: file.name, status: 'done' as const }))}
                      onRemove={(removed) => setFiles((current) => current.filter((_, index) => String(index) !== removed.uid))}
                      beforeUpload={(file) => {
                        setFiles((current) => [...current, file].slice(0, 5));
                        return false;
                      }}
                    >
                      <Button icon={<UploadOutlined />}>{t('notices.uploadEvidence')}</Button>
                    </Upload>
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={raise.isPending}>
                    {t('notices.submitObjection')}
                  </Button>
                </Form>
              )}
            </Card>
            <Card title={t('notices.lookupTitle')}>
              <Space wrap>
                <Input style={{ width: 220 }} placeholder={t('notices.lookupCode')} value={code} maxLength={12} onChange={(event) => setCode(event.target.value)} />
                <Button onClick={() => lookup.mutate()} disabled={code.trim().length !== 12} loading={lookup.isPending}>
                  {t('notices.lookup')}
                </Button>
              </Space>
              {lookup.isError ? <div style={{ marginTop: 12 }}><ProblemAlert error={lookup.error} /></div> : null}
              {lookup.data ? (
                <Descriptions style={{ marginTop: 12 }} column={1} size="small">
                  <Descriptions.Item label={t('notices.candidate')}>{lookup.data.candidateName}</Descriptions.Item>
                  <Descriptions.Item label={t('notices.status')}>
                    <Tag color={objectionColours[lookup.data.status]}>{t(`notices.objectionStatus.${lookup.data.status}`)}</Tag>
                  </Descriptions.Item>
                  {lookup.data.findingReasons ? <Descriptions.Item label={t('notices.finding')}>{lookup.data.findingReasons}</Descriptions.Item> : null}
                </Descriptions>
              ) : null}
            </Card>
            <Typography.Text type="secondary">{t('notices.publicFooter')}</Typography.Text>
          </Space>
        )}
      </Layout.Content>
    </Layout>
  );
}
