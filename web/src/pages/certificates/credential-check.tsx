import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Input, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useLocale } from '../../i18n';
import { punct } from '../../i18n/punctuation';
import type { CredentialCheck } from './certificate-api';
import { ProblemDetails } from './certificate-parts';

/** The server takes up to 256 KiB (POST /public/credentials/verify); a credential is a few KiB. */
const MAX_BYTES = 256 * 1024;

type Outcome = 'authentic' | 'revoked' | 'status-unknown' | 'altered' | 'not-ours';
type InputError = 'empty' | 'tooLarge' | 'notJson' | 'notObject' | 'unreadable';

/** What the answer means for the visitor: one of five outcomes. */
export function outcomeOf(check: CredentialCheck): Outcome {
  if (!check.issuer.known) return 'not-ours';
  if (check.signature !== 'valid') return 'altered';
  if (check.status === 'revoked') return 'revoked';
  if (check.status === 'unknown') return 'status-unknown';
  return 'authentic';
}

/** The credential in the text, or why not. A `{ "credential": … }` wrapper (the API's own body) is accepted too. */
function parseCredential(text: string): { credential: Record<string, unknown> } | { error: InputError } {
  if (!text.trim()) return { error: 'empty' };
  if (new TextEncoder().encode(text).length > MAX_BYTES) return { error: 'tooLarge' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'notJson' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: 'notObject' };
  const object = value as Record<string, unknown>;
  const wrapped = object.credential;
  if (!('proof' in object) && wrapped && typeof wrapped === 'object' && !Array.isArray(wrapped)) return { credential: wrapped as Record<string, unknown> };
  return { credential: object };
}

/**
 * 验证电子证书: a credential file (.json) chosen or its content pasted is sent to
 * POST /public/credentials/verify and the answer shown. Nothing is kept: not in the browser, not on the server.
 */
export function CredentialCheckPanel() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [inputError, setInputError] = useState<InputError | null>(null);
  const check = useMutation({ mutationFn: (credential: Record<string, unknown>) => api.post<CredentialCheck>('/public/credentials/verify', { credential }) });

  function submit(content: string) {
    check.reset();
    const parsed = parseCredential(content);
    if ('error' in parsed) {
      setInputError(parsed.error);
      return;
    }
    setInputError(null);
    check.mutate(parsed.credential);
  }

  return (
    <div>
      <Typography.Paragraph type="secondary">{t('verify.credential.hint')}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Upload
          accept="application/json,application/ld+json,.json,.jsonld"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(file) => {
            setFileName(file.name);
            setText('');
            if (file.size > MAX_BYTES) {
              check.reset();
              setInputError('tooLarge');
              return false;
            }
            file.text().then(submit, () => setInputError('unreadable'));
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={check.isPending} data-testid="verify-credential-upload">
            {t('verify.credential.choose')}
          </Button>
        </Upload>
        {fileName ? <Typography.Text type="secondary">{t('verify.credential.chosen', { name: fileName })}</Typography.Text> : null}
        <Typography.Text>{t('verify.credential.paste')}</Typography.Text>
        <Input.TextArea
          rows={5}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setFileName(null);
          }}
          placeholder={t('verify.credential.pastePlaceholder')}
          style={{ fontFamily: 'monospace' }}
          aria-label={t('verify.credential.paste')}
          data-testid="verify-credential-text"
        />
        <Button type="primary" onClick={() => submit(text)} loading={check.isPending} data-testid="verify-credential-check">
          {t('verify.credential.check')}
        </Button>
      </Space>
      <div style={{ marginTop: 16 }}>
        {inputError ? <Alert type="error" showIcon title={t(`verify.credential.errors.${inputError}`, { brace: '{' })} data-testid="verify-credential-error" /> : null}
        {check.isError ? <ProblemDetails error={check.error} /> : null}
        {check.data ? <CredentialResult answer={check.data} /> : null}
      </div>
    </div>
  );
}

function CredentialResult({ answer }: { answer: CredentialCheck }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const outcome = outcomeOf(answer);
  const colour = outcome === 'authentic' ? '#16a34a' : outcome === 'not-ours' || outcome === 'status-unknown' ? '#d97706' : '#dc2626';
  const Icon = outcome === 'authentic' ? CheckCircleFilled : outcome === 'not-ours' || outcome === 'status-unknown' ? ExclamationCircleFilled : CloseCircleFilled;
  const certificate = answer.certificate;
  const findings = answer.problems.map((problem) => (locale === 'en' ? problem.en : problem['zh-CN']));
  return (
    <Card size="small" style={{ borderColor: colour }} data-testid="verify-credential-result" data-result={outcome}>
      <Space align="center" style={{ marginBottom: 8 }}>
        <Icon style={{ color: colour, fontSize: 22 }} />
        <Typography.Text strong style={{ fontSize: 16 }} data-testid="verify-credential-status">
          {t(`verify.credential.results.${outcome}`)}
        </Typography.Text>
      </Space>
      <Typography.Paragraph>{t(`verify.credential.explanations.${outcome}`)}</Typography.Paragraph>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          ...(answer.issuer.name ? [{ key: 'issuer', label: t('verify.credential.issuer'), children: answer.issuer.name }] : []),
          ...(certificate
            ? [
                { key: 'code', label: t('verify.code'), children: <span style={{ fontFamily: 'monospace' }} data-testid="verify-credential-code">{certificate.code}</span> },
                { key: 'holderName', label: t('verify.fields.holderName'), children: certificate.holderName },
                { key: 'occupation', label: t('verify.fields.occupation'), children: certificate.occupation },
                { key: 'level', label: t('verify.fields.level'), children: certificate.level },
                { key: 'issuedOn', label: t('verify.fields.issuedOn'), children: certificate.issuedOn },
                {
                  key: 'status',
                  label: t('verify.credential.statusNow'),
                  children: certificate.status === 'valid' || certificate.status === 'revoked' ? t(`verify.credential.statuses.${certificate.status}`) : certificate.status,
                },
                ...(certificate.revokedOn ? [{ key: 'revokedOn', label: t('verify.revokedOn'), children: certificate.revokedOn }] : []),
              ]
            : []),
          ...(findings.length ? [{ key: 'problems', label: t('verify.credential.problems'), children: findings.join(punct().semicolon) }] : []),
        ]}
      />
    </Card>
  );
}
