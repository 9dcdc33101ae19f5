import { KeyOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Popconfirm, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { postForm } from '../../api/application-queries';
import { api } from '../../api/client';
import { ProblemAlert } from '../../components/problem-alert';
import { useLocale } from '../../i18n';
import { chinaDate } from '../../clock';

interface SigningKey {
  id: string;
  kind: 'ed25519' | 'x509';
  kid: string;
  algorithm: string;
  source: 'generated' | 'uploaded';
  status: 'current' | 'retired';
  notBefore: string;
  notAfter: string | null;
  certificateSha256: string | null;
  createdAt: string;
}

interface SigningKeySet {
  organisationId: string;
  organisationName: string;
  publicKeysUrl: string;
  keys: SigningKey[];
}

const KEYS = ['signing-keys'];

/**
 * 签名密钥: the keys the enterprise signs its certificates' PDFs (X.509) and QR codes (Ed25519) with —
 * created at the first issuance, rotated here (old public keys stay published and still verify), or
 * the PDF certificate replaced by a PKCS#12 from a certification authority.
 */
export function SigningKeysCard() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const keys = useQuery({ queryKey: KEYS, queryFn: ({ signal }) => api.get<SigningKeySet>('/signing-keys', undefined, signal) });
  const done = (data: SigningKeySet, text: string) => {
    queryClient.setQueryData(KEYS, data);
    void message.success(text);
  };
  const rotate = useMutation({ mutationFn: () => api.post<SigningKeySet>('/signing-keys/rotate', {}), onSuccess: (data) => done(data, t('signingKeys.rotated')) });
  const upload = useMutation({
    mutationFn: (file: File) => postForm<SigningKeySet>('/signing-keys/pkcs12', file, { password }, locale),
    onSuccess: (data) => {
      setPassword('');
      done(data, t('signingKeys.uploaded'));
    },
  });
  const date = (value: string | null) => (value ? chinaDate(value) : '—');
  return (
    <Card title={<Space><KeyOutlined />{t('signingKeys.title')}</Space>} loading={keys.isPending} style={{ marginBottom: 16 }} data-testid="signing-keys">
      <Typography.Paragraph type="secondary">{t('signingKeys.hint')}</Typography.Paragraph>
      {keys.isError ? <ProblemAlert error={keys.error} /> : null}
      <Table<SigningKey>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={keys.data?.keys ?? []}
        locale={{ emptyText: t('signingKeys.none') }}
        columns={[
          { key: 'kind', title: t('signingKeys.kind'), render: (_, key) => t(`signingKeys.kinds.${key.kind}`) },
          { key: 'kid', title: t('signingKeys.kid'), render: (_, key) => <Typography.Text code>{key.kid}</Typography.Text> },
          { key: 'algorithm', dataIndex: 'algorithm', title: t('signingKeys.algorithm') },
          { key: 'source', title: t('signingKeys.source'), render: (_, key) => t(`signingKeys.sources.${key.source}`) },
          { key: 'status', title: t('signingKeys.status'), render: (_, key) => <Tag color={key.status === 'current' ? 'green' : 'default'}>{t(`signingKeys.statuses.${key.status}`)}</Tag> },
          { key: 'validity', title: t('signingKeys.validity'), render: (_, key) => `${date(key.notBefore)} – ${date(key.notAfter)}` },
        ]}
      />
      <Space wrap style={{ marginTop: 16 }}>
        <Popconfirm title={t('signingKeys.rotateConfirm')} onConfirm={() => rotate.mutate()} okText={t('signingKeys.rotate')}>
          <Button loading={rotate.isPending}>{t('signingKeys.rotate')}</Button>
        </Popconfirm>
        <Input.Password style={{ width: 220 }} value={password} onChange={(event) => setPassword(event.target.value)} placeholder={t('signingKeys.password')} aria-label={t('signingKeys.password')} />
        <Upload
          accept=".p12,.pfx"
          showUploadList={false}
          beforeUpload={(file) => {
            upload.mutate(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending}>
            {t('signingKeys.upload')}
          </Button>
        </Upload>
      </Space>
      {rotate.isError ? <ProblemAlert error={rotate.error} /> : null}
      {upload.isError ? <ProblemAlert error={upload.error} /> : null}
      {keys.data ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('signingKeys.published')} <Typography.Text code>{`/api/v1/public/organisations/${keys.data.organisationId}/keys`}</Typography.Text>
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}
