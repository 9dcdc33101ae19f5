import { UploadOutlined } from '@ant-design/icons';
import { Button, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { postForm } from '../../api/application-queries';
import { useProblemText } from '../../components/problem-alert';
import { useLocale } from '../../i18n';
import type { AppointmentStatus } from './appointment-api';

const STATUS_COLOURS: Record<AppointmentStatus, string> = { drafted: 'blue', active: 'green', renewed: 'default', ended: 'red' };

export function AppointmentStatusTag({ status }: { status: AppointmentStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOURS[status]}>{t(`appointments.statuses.${status}`)}</Tag>;
}

/** Uploads PDF/JPG/PNG files through /files and reports their ids. */
export function FileUploader({ testId, multiple = false, onChange }: { testId: string; multiple?: boolean; onChange: (files: { id: string; name: string }[]) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const problemText = useProblemText();
  const [files, setFiles] = useState<{ id: string; name: string }[]>([]);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Space orientation="vertical" size={4} data-testid={testId}>
      <Upload
        accept=".pdf,.jpg,.jpeg,.png"
        multiple={multiple}
        showUploadList={false}
        beforeUpload={(file) => {
          setUploading(true);
          setError(null);
          postForm<{ id: string; name: string }>('/files', file, {}, locale)
            .then((stored) => {
              const next = multiple ? [...files, { id: stored.id, name: stored.name }] : [{ id: stored.id, name: stored.name }];
              setFiles(next);
              onChange(next);
            })
            .catch((failure: unknown) => setError(problemText(failure)))
            .finally(() => setUploading(false));
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={uploading}>
          {t('appointments.chooseFile')}
        </Button>
      </Upload>
      <Typography.Text type="secondary">{t('appointments.fileTypes')}</Typography.Text>
      {files.map((file) => (
        <Typography.Text key={file.id} data-testid={`${testId}-file`}>
          {file.name}
        </Typography.Text>
      ))}
      {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
    </Space>
  );
}
