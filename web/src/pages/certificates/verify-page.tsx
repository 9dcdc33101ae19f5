import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Grid, Input, Select, Space, Tabs, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api, isApiError } from '../../api/client';
import { usePageTitle } from '../../components/page-header';
import { LanguageSwitch } from '../../components/language-switch';
import { postForm } from '../../api/application-queries';
import { useLocale } from '../../i18n';
import { ID_TYPES, type DocumentVerification, type PublicCertificate } from './certificate-api';
import { ProblemDetails } from './certificate-parts';
import { CredentialCheckPanel } from './credential-check';
import { useQrSignatureCheck, type QrCheck } from './qr-signature-check';
import { chinaTime } from '../../clock';

/** 证书查询: the public page (no sign-in) the QR code on every certificate opens. */
const MODES = [
  ['code', 'verify.byCode'],
  ['pdf', 'verify.byPdf'],
  ['credential', 'verify.byCredential'],
  ['identity', 'verify.byIdentity'],
] as const;

export default function VerifyPage() {
  const { t } = useTranslation();
  // On a phone the four ways to verify are a list to choose from: as tabs they overflowed into
  // antd's "more" menu, a button inside the tab list (axe: aria-required-children).
  const screens = Grid.useBreakpoint();
  const [mode, setMode] = useState<string>('code');
  const params = useParams();
  const navigate = useNavigate();
  // The QR code's token: with it the holder is shown; a code alone shows the certificate only.
  const [searchParams] = useSearchParams();
  const token = searchParams.get('t') ?? '';
  // The QR code's key id and signature (issue 20): checked with the issuer's public key.
  const keyId = searchParams.get('k') ?? '';
  const signature = searchParams.get('s') ?? '';
  const locale = useLocale();
  // What the visitor is typing; the code in the address until they type.
  const [draft, setDraft] = useState<string | null>(null);
  const code = draft ?? params.code ?? '';
  usePageTitle(t('verify.title'));

  const byCode = useQuery({
    queryKey: ['public-certificate', params.code, token, keyId, signature],
    queryFn: ({ signal }) => api.get<PublicCertificate>(`/public/certificates/${encodeURIComponent(params.code!)}`, { t: token || undefined, k: keyId || undefined, s: signature || undefined }, signal),
    enabled: Boolean(params.code),
    retry: false,
  });
  const qrCheck = useQrSignatureCheck(byCode.data, keyId, signature);
  const uploaded = useMutation({ mutationFn: (file: File) => postForm<DocumentVerification>('/public/documents/verify', file, {}, locale) });
  const search = useMutation({ mutationFn: (values: { code: string; name: string; idType: string; idNumber: string }) => api.post<{ items: PublicCertificate[] }>('/public/certificates/search', values) });

  return (
    <div style={{ minHeight: '100vh', background: '#f3f5f9', padding: '32px 16px' }}>
      <div style={{ maxWidth: 720, margin: '0 auto' }}>
        <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} align="center">
          <Space align="center">
            <SafetyCertificateOutlined style={{ fontSize: 28, color: '#8a1c1c' }} />
            <div>
              <Typography.Title level={3} style={{ margin: 0 }}>
                {t('verify.title')}
              </Typography.Title>
              <Typography.Text type="secondary">{t('verify.subtitle')}</Typography.Text>
            </div>
          </Space>
          <LanguageSwitch />
        </Space>
        <Card>
          <Tabs
            activeKey={mode}
            onChange={setMode}
            renderTabBar={
              screens.sm === false
                ? () => (
                    <Select
                      value={mode}
                      onChange={setMode}
                      aria-label={t('verify.title')}
                      options={MODES.map(([value, label]) => ({ value, label: t(label) }))}
                      style={{ width: '100%', marginBottom: 16 }}
                      data-testid="verify-mode"
                    />
                  )
                : undefined
            }
            items={[
              {
                key: 'code',
                label: t('verify.byCode'),
                children: (
                  <Form layout="vertical" onFinish={() => {
                    if (!code.trim()) return;
                    setDraft(null);
                    navigate(`/verify/${encodeURIComponent(code.trim())}`);
                  }}>
                    <Form.Item label={t('verify.code')}>
                      <Space.Compact style={{ width: '100%' }}>
                        <Input value={code} onChange={(event) => setDraft(event.target.value)} placeholder={t('verify.codePlaceholder')} maxLength={40} style={{ fontFamily: 'monospace' }} aria-label={t('verify.code')} />
                        <Button type="primary" htmlType="submit">
                          {t('verify.query')}
                        </Button>
                      </Space.Compact>
                    </Form.Item>
                    {params.code && byCode.isError ? (
                      isApiError(byCode.error, 'NOT_FOUND') ? <Alert type="warning" showIcon title={t('verify.notFound')} /> : <ProblemDetails error={byCode.error} />
                    ) : null}
                    {byCode.data ? <CertificateResult certificate={byCode.data} qrCheck={qrCheck} /> : null}
                  </Form>
                ),
              },
              {
                key: 'pdf',
                label: t('verify.byPdf'),
                children: (
                  <div>
                    <Typography.Paragraph type="secondary">{t('verify.pdfHint')}</Typography.Paragraph>
                    <Upload
                      accept="application/pdf,.pdf"
                      maxCount={1}
                      showUploadList={false}
                      beforeUpload={(file) => {
                        uploaded.mutate(file);
                        return false;
                      }}
                    >
                      <Button icon={<UploadOutlined />} loading={uploaded.isPending} data-testid="verify-pdf-upload">
                        {t('verify.pdfChoose')}
                      </Button>
                    </Upload>
                    <div style={{ marginTop: 16 }}>
                      {uploaded.isError ? <ProblemDetails error={uploaded.error} /> : null}
                      {uploaded.data ? <DocumentResult answer={uploaded.data} /> : null}
                    </div>
                  </div>
                ),
              },
              {
                key: 'credential',
                label: t('verify.byCredential'),
                children: <CredentialCheckPanel />,
              },
              {
                key: 'identity',
                label: t('verify.byIdentity'),
                children: (
                  <Form layout="vertical" initialValues={{ idType: 'resident-id', code: params.code ?? '' }} onFinish={(values: { code: string; name: string; idType: string; idNumber: string }) => search.mutate(values)}>
                    <Typography.Paragraph type="secondary">{t('verify.identityHint')}</Typography.Paragraph>
                    <Form.Item name="code" label={t('verify.code')} rules={[{ required: true, whitespace: true }]}>
                      <Input maxLength={40} placeholder={t('verify.codePlaceholder')} style={{ fontFamily: 'monospace' }} />
                    </Form.Item>
                    <Space wrap align="start">
                      <Form.Item name="name" label={t('verify.name')} rules={[{ required: true, whitespace: true }]}>
                        <Input maxLength={50} />
                      </Form.Item>
                      <Form.Item name="idType" label={t('verify.idType')}>
                        <Select style={{ width: 230 }} options={ID_TYPES.map((value) => ({ value, label: t(`certificates.idTypes.${value}`) }))} />
                      </Form.Item>
                      <Form.Item name="idNumber" label={t('verify.idNumber')} rules={[{ required: true, whitespace: true }]}>
                        <Input maxLength={40} style={{ width: 220 }} />
                      </Form.Item>
                    </Space>
                    <Button type="primary" htmlType="submit" loading={search.isPending}>
                      {t('verify.query')}
                    </Button>
                    <div style={{ marginTop: 16 }}>
                      {search.isError ? <ProblemDetails error={search.error} /> : null}
                      {search.data && search.data.items.length === 0 ? <Alert type="info" showIcon title={t('verify.noneForIdentity')} /> : null}
                      {search.data?.items.map((certificate) => <CertificateResult key={certificate.code} certificate={certificate} qrCheck={null} />)}
                    </div>
                  </Form>
                ),
              },
            ]}
          />
        </Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, textAlign: 'center' }}>
          {t('verify.national')}
        </Typography.Paragraph>
      </div>
    </div>
  );
}

/** What the uploaded PDF is: authentic (with the certificate it is and its status now), altered, or not ours. */
function DocumentResult({ answer }: { answer: DocumentVerification }) {
  const { t } = useTranslation();
  const colour = answer.result === 'authentic' ? '#16a34a' : answer.result === 'altered' ? '#dc2626' : '#d97706';
  const Icon = answer.result === 'authentic' ? CheckCircleFilled : answer.result === 'altered' ? CloseCircleFilled : ExclamationCircleFilled;
  return (
    <Card size="small" style={{ borderColor: colour }} data-testid="verify-pdf-result" data-result={answer.result}>
      <Space align="center" style={{ marginBottom: 8 }}>
        <Icon style={{ color: colour, fontSize: 22 }} />
        <Typography.Text strong style={{ fontSize: 16 }} data-testid="verify-pdf-status">
          {t(`verify.pdf.${answer.result}`)}
        </Typography.Text>
      </Space>
      <Typography.Paragraph>{t(`verify.pdf.reasons.${answer.reason}`)}</Typography.Paragraph>
      {answer.signer ? (
        <Descriptions
          size="small"
          column={1}
          bordered
          items={[
            { key: 'signer', label: t('verify.pdf.signer'), children: answer.signer.organisationName },
            ...(answer.signer.signedAt ? [{ key: 'signedAt', label: t('verify.pdf.signedAt'), children: chinaTime(answer.signer.signedAt, 'YYYY-MM-DD HH:mm:ss') }] : []),
            { key: 'key', label: t('verify.pdf.key'), children: <span><span style={{ fontFamily: 'monospace' }}>{answer.signer.keyId}</span>（{t(`verify.pdf.keyStatus.${answer.signer.keyStatus}`)}）</span> },
            ...(answer.document && answer.result === 'authentic' ? [{ key: 'kind', label: t('verify.pdf.kind'), children: t(`verify.pdf.kinds.${answer.document.kind}`) }] : []),
          ]}
        />
      ) : null}
      {answer.document?.certificate ? <CertificateResult certificate={answer.document.certificate} qrCheck={null} /> : null}
    </Card>
  );
}

function CertificateResult({ certificate, qrCheck }: { certificate: PublicCertificate; qrCheck: QrCheck }) {
  const { t } = useTranslation();
  const valid = certificate.status === 'valid';
  // On a phone the labels go above the values: beside them, a 19-character code had half a line.
  const screens = Grid.useBreakpoint();
  return (
    <Card size="small" style={{ marginTop: 16, borderColor: valid ? '#86efac' : '#fca5a5' }} data-testid="verify-result">
      <Space align="center" style={{ marginBottom: 12 }}>
        {valid ? <CheckCircleFilled style={{ color: '#16a34a', fontSize: 22 }} /> : <CloseCircleFilled style={{ color: '#dc2626', fontSize: 22 }} />}
        <Typography.Text strong style={{ fontSize: 16 }} data-testid="verify-status">
          {valid ? t('verify.valid') : t('verify.revoked')}
        </Typography.Text>
      </Space>
      <Descriptions
        size="small"
        column={1}
        bordered
        layout={screens.sm === false ? 'vertical' : 'horizontal'}
        items={[
          { key: 'code', label: t('verify.code'), children: <span className="code-text" data-testid="verify-code">{certificate.code}</span> },
          ...(certificate.holderName !== null ? [{ key: 'holderName', label: t('verify.fields.holderName'), children: certificate.holderName }] : []),
          ...(certificate.idNumberMasked !== null
            ? [{ key: 'idNumberMasked', label: t('verify.fields.idNumberMasked'), children: <span className="code-text">{certificate.idNumberMasked}</span> }]
            : []),
          { key: 'occupation', label: t('verify.fields.occupation'), children: certificate.occupation },
          { key: 'level', label: t('verify.fields.level'), children: certificate.level },
          { key: 'issuer', label: t('verify.fields.issuer'), children: certificate.issuer },
          { key: 'issuedOn', label: t('verify.fields.issuedOn'), children: certificate.issuedOn },
          // 依据：公示核准名单 / 复核确认 (四(三), 六(三)).
          { key: 'basis', label: t('sanctions.basis.label'), children: <span data-testid="verify-basis">{t('sanctions.basis.line', { basis: t(`sanctions.basis.${certificate.basis}`) })}</span> },
          ...(certificate.revokedOn ? [{ key: 'revokedOn', label: t('verify.revokedOn'), children: certificate.revokedOn }] : []),
        ]}
      />
      {qrCheck ? (
        <Alert
          style={{ marginTop: 12 }}
          type={qrCheck.status === 'valid' ? 'success' : 'error'}
          showIcon
          data-testid="verify-qr-signature"
          title={t(`verify.qr.${qrCheck.status}`)}
          description={t(`verify.qr.${qrCheck.where}`)}
        />
      ) : null}
      {certificate.disclosure === 'code-only' ? <Alert style={{ marginTop: 12 }} type="info" showIcon title={t('verify.codeOnly')} data-testid="verify-code-only" /> : null}
    </Card>
  );
}
