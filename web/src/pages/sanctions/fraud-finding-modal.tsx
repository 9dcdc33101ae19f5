import { UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { postForm } from '../../api/application-queries';
import { api } from '../../api/client';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { useLocale } from '../../i18n';
import type { FraudFinding } from './sanction-api';

/**
 * 取消本年度评审资格（弄虚作假）(六(四)): the findings, the evidence and an explicit confirmation,
 * then one act that voids the year and bans for five years (and revokes an issued certificate).
 * `path` is where the act is reached: the application, the committee's candidate, the certificate.
 */
export function FraudFindingModal({ open, name, path, revokes, onClose, onDone }: { open: boolean; name: string; path: string; revokes?: boolean; onClose: () => void; onDone: (finding: FraudFinding) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { modal, message } = App.useApp();
  const problemText = useProblemText();
  const [findings, setFindings] = useState('');
  const [files, setFiles] = useState<{ id: string; name: string }[]>([]);
  const [confirmed, setConfirmed] = useState(false);
  const upload = useMutation({
    mutationFn: (file: File) => postForm<{ id: string; name: string }>('/files', file, {}, locale),
    onSuccess: (file) => setFiles((current) => [...current, file]),
    onError: (error) => message.error(problemText(error)),
  });
  const save = useMutation({
    mutationFn: () => api.post<FraudFinding>(path, { findings, evidenceFileIds: files.map((file) => file.id), confirm: confirmed }),
    onSuccess: (finding) => {
      message.success(t('sanctions.fraud.done', { name: finding.subjectName, until: finding.banUntil ?? '' }));
      setFindings('');
      setFiles([]);
      setConfirmed(false);
      onDone(finding);
    },
  });
  const revoke = revokes ? t('sanctions.fraud.revokeToo') : '';
  const ready = findings.trim().length >= 5 && files.length > 0 && confirmed;
  return (
    <Modal
      open={open}
      title={t('sanctions.fraud.title')}
      width={640}
      destroyOnHidden
      okText={t('sanctions.fraud.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, disabled: !ready, loading: save.isPending, 'data-testid': 'fraud-submit' } as never}
      onCancel={onClose}
      onOk={() =>
        modal.confirm({
          title: t('sanctions.fraud.confirmTitle', { name }),
          content: t('sanctions.fraud.confirmBody', { revoke }),
          okButtonProps: { danger: true },
          okText: t('sanctions.fraud.submit'),
          cancelText: t('common.cancel'),
          onOk: () => save.mutateAsync().catch(() => undefined),
        })
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="warning" showIcon title={t('sanctions.fraud.intro')} />
        {save.isError ? <ProblemAlert error={save.error} /> : null}
        <Typography.Text>
          {t('sanctions.fraud.subject')}：<Typography.Text strong>{name}</Typography.Text>
        </Typography.Text>
        <Form layout="vertical">
          <Form.Item label={t('sanctions.fraud.findings')} required>
            <Input.TextArea data-testid="fraud-findings" rows={4} maxLength={4000} showCount value={findings} placeholder={t('sanctions.fraud.findingsPlaceholder')} onChange={(event) => setFindings(event.target.value)} />
          </Form.Item>
          <Form.Item label={t('sanctions.fraud.evidence')} required help={files.length ? undefined : t('sanctions.fraud.evidenceRequired')}>
            <Space direction="vertical">
              <Upload
                accept=".pdf,.jpg,.jpeg,.png"
                showUploadList={false}
                beforeUpload={(file) => {
                  upload.mutate(file);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="fraud-evidence">
                  {t('sanctions.fraud.upload')}
                </Button>
              </Upload>
              {files.map((file) => (
                <Typography.Text key={file.id} data-testid="fraud-evidence-file">
                  {file.name}
                </Typography.Text>
              ))}
            </Space>
          </Form.Item>
          <Checkbox checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} data-testid="fraud-confirm">
            {t('sanctions.fraud.confirm', { name, revoke })}
          </Checkbox>
        </Form>
      </Space>
    </Modal>
  );
}
