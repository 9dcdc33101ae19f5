import { EyeOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, ColorPicker, Descriptions, Form, Input, Space, Switch, Typography, Upload } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { postForm } from '../../api/application-queries';
import { api, API_BASE } from '../../api/client';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { useLocale } from '../../i18n';
import { certificateKeys, put, type CertificateSettings, type CertificateTemplate } from './certificate-api';
import { ProblemDetails } from './certificate-parts';
import { SigningKeysCard } from './signing-keys-card';

interface LayoutValues {
  titleText: string;
  bodyText: string;
  bodyTextEn: string;
  showEnglishLabels: boolean;
  showBorder: boolean;
  colour: string;
  provincialQuery: string;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** 证书版式与字体: the reference style's texts an enterprise may change, its own font, a preview. */
export default function CertificateSettingsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<LayoutValues>();
  const settings = useQuery({ queryKey: certificateKeys.settings, queryFn: ({ signal }) => api.get<CertificateSettings>('/certificate-settings', undefined, signal) });

  useEffect(() => {
    const template = settings.data?.template;
    if (!template) return;
    form.setFieldsValue({
      titleText: template.title.text,
      bodyText: template.body.text,
      bodyTextEn: template.body.textEn,
      showEnglishLabels: template.fields.showEnglishLabels,
      showBorder: template.border.show,
      colour: template.title.colour,
      provincialQuery: template.queries.provincialQuery ?? '',
    });
  }, [settings.data, form]);

  const refresh = (data: CertificateSettings) => queryClient.setQueryData(certificateKeys.settings, data);
  const save = useMutation({
    mutationFn: (overrides: Partial<CertificateTemplate> | null) => put<CertificateSettings>('/certificate-settings', { overrides }, locale),
    onSuccess: (data) => {
      refresh(data);
      void message.success(t('certificateSettings.saved'));
    },
  });
  const useDefaultFont = useMutation({
    mutationFn: () => put<CertificateSettings>('/certificate-settings', { overrides: settings.data?.overrides && Object.keys(settings.data.overrides).length ? settings.data.overrides : null, useUploadedFont: false }, locale),
    onSuccess: refresh,
  });
  const uploadFont = useMutation({ mutationFn: (file: File) => postForm<CertificateSettings>('/certificate-settings/font', file, {}, locale), onSuccess: refresh });

  if (settings.isError) return <ProblemAlert error={settings.error} onRetry={() => void settings.refetch()} />;
  const data = settings.data;

  const submit = (values: LayoutValues) => {
    if (!data) return;
    const template = data.template;
    const colour = typeof values.colour === 'string' ? values.colour : template.title.colour;
    save.mutate({
      title: { ...template.title, text: values.titleText.trim(), colour },
      body: { ...template.body, text: values.bodyText, textEn: values.bodyTextEn },
      fields: { ...template.fields, showEnglishLabels: values.showEnglishLabels },
      border: { ...template.border, show: values.showBorder, colour },
      queries: { ...template.queries, provincialQuery: values.provincialQuery.trim() || null },
    });
  };

  return (
    <>
      <PageHeader
        title={t('certificateSettings.title')}
        description={t('certificateSettings.intro')}
        extra={
          <Button icon={<EyeOutlined />} href={`${API_BASE}/certificate-settings/preview`} target="_blank">
            {t('certificateSettings.preview')}
          </Button>
        }
      />
      <Card title={t('certificateSettings.institution')} loading={settings.isPending} style={{ marginBottom: 16 }}>
        {data?.institution ? (
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[
              { key: 'enterprise', label: t('certificates.fields.issuer'), children: data.enterpriseName },
              { key: 'institution', label: t('certificateSettings.institution'), children: `${data.institution.category} ${data.institution.institutionCode} ${data.institution.provinceCode} ${data.institution.siteCode}` },
              { key: 'next', label: t('certificateSettings.nextCode'), children: <Typography.Text code>{data.nextCode}</Typography.Text> },
            ]}
          />
        ) : (
          <Alert type="warning" showIcon title={t('certificateSettings.institutionMissing')} />
        )}
      </Card>
      <SigningKeysCard />
      <Card title={t('certificateSettings.font')} loading={settings.isPending} style={{ marginBottom: 16 }}>
        <Space direction="vertical">
          <Typography.Text>{data?.font ? t('certificateSettings.fontUploaded', { name: data.font.name, size: formatSize(data.font.size) }) : t('certificateSettings.fontDefault')}</Typography.Text>
          <Typography.Text type="secondary">{t('certificateSettings.fontHint')}</Typography.Text>
          <Space wrap>
            <Upload
              accept=".ttf,.otf"
              showUploadList={false}
              beforeUpload={(file) => {
                uploadFont.mutate(file);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={uploadFont.isPending}>
                {t('certificateSettings.uploadFont')}
              </Button>
            </Upload>
            {data?.font ? (
              <Button onClick={() => useDefaultFont.mutate()} loading={useDefaultFont.isPending}>
                {t('certificateSettings.useDefaultFont')}
              </Button>
            ) : null}
          </Space>
          {uploadFont.isError ? <ProblemAlert error={uploadFont.error} /> : null}
        </Space>
      </Card>
      <Card loading={settings.isPending}>
        <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 720 }}>
          <Form.Item name="titleText" label={t('certificateSettings.titleText')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="bodyText" label={t('certificateSettings.bodyText')}>
            <Input.TextArea rows={2} maxLength={300} />
          </Form.Item>
          <Form.Item name="bodyTextEn" label={t('certificateSettings.bodyTextEn')}>
            <Input.TextArea rows={2} maxLength={300} />
          </Form.Item>
          <Space wrap size="large">
            <Form.Item name="showEnglishLabels" label={t('certificateSettings.englishLabels')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="showBorder" label={t('certificateSettings.border')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="colour" label={t('certificateSettings.borderColour')} getValueFromEvent={(colour: { toHexString(): string }) => colour.toHexString()}>
              <ColorPicker disabledAlpha format="hex" />
            </Form.Item>
          </Space>
          <Form.Item name="provincialQuery" label={t('certificateSettings.provincialQuery')}>
            <Input maxLength={100} placeholder={t('certificateSettings.provincialQueryPlaceholder')} />
          </Form.Item>
          {save.isError ? <ProblemDetails error={save.error} /> : null}
          <Space style={{ marginTop: 8 }}>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t('certificateSettings.save')}
            </Button>
            <Button onClick={() => save.mutate(null)}>{t('certificateSettings.reset')}</Button>
          </Space>
        </Form>
      </Card>
    </>
  );
}
