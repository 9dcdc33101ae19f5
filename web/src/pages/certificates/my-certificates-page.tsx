import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { punct } from '../../i18n/punctuation';
import { credentialUrl, useMyCertificates, useMyVerifications, type MyCertificate } from './certificate-api';
import { chinaTime } from '../../clock';

/** 谁查询了我的证书: each signed-in look-up (when, which organisation); anonymous ones per day. */
function Verifications({ certificateId }: { certificateId: string }) {
  const { t } = useTranslation();
  const verifications = useMyVerifications(certificateId);
  if (verifications.isError) return <ProblemAlert error={verifications.error} onRetry={() => void verifications.refetch()} />;
  if (!verifications.data) return <Skeleton active />;
  const data = verifications.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="my-certificate-verifications">
      <Typography.Paragraph type="secondary">{t('myCertificates.verificationsIntro')}</Typography.Paragraph>
      <Space size={48}>
        <Statistic title={t('myCertificates.signedInTotal')} value={data.totals.signedIn} />
        <Statistic title={t('myCertificates.anonymousTotal')} value={data.totals.anonymous} />
      </Space>
      <Table
        size="small"
        rowKey={(row) => `${row.at}-${row.organisationName}`}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        dataSource={data.signedIn}
        locale={{ emptyText: t('myCertificates.noSignedIn') }}
        data-testid="my-certificate-signed-in"
        columns={[
          { title: t('myCertificates.columns.at'), dataIndex: 'at', render: (at: string) => chinaTime(at) },
          { title: t('myCertificates.columns.organisation'), dataIndex: 'organisationName' },
          { title: t('myCertificates.columns.channel'), dataIndex: 'channel', render: (channel: 'code' | 'search' | 'credential' | 'document') => t(`myCertificates.channels.${channel}`) },
        ]}
      />
      <Table
        size="small"
        rowKey="day"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={data.anonymousDays}
        locale={{ emptyText: t('myCertificates.noAnonymous') }}
        data-testid="my-certificate-anonymous"
        columns={[
          { title: t('myCertificates.columns.day'), dataIndex: 'day' },
          { title: t('myCertificates.columns.count'), dataIndex: 'count' },
        ]}
      />
    </Space>
  );
}

function CertificateCard({ certificate }: { certificate: MyCertificate }) {
  const { t } = useTranslation();
  return (
    <Card
      style={{ marginBottom: 16 }}
      data-testid="my-certificate"
      title={
        <Space wrap>
          <span>{certificate.code}</span>
          <Tag color={certificate.status === 'valid' ? 'green' : 'red'}>{t(`myCertificates.statuses.${certificate.status}`)}</Tag>
        </Space>
      }
    >
      {certificate.status === 'revoked' ? <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('myCertificates.revokedOn', { date: certificate.revokedOn ?? '' })} /> : null}
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'name', label: t('myCertificates.fields.holder'), children: `${certificate.holderName}${punct().paren(certificate.idNumberMasked)}` },
          { key: 'level', label: t('myCertificates.fields.level'), children: certificate.level },
          { key: 'occupation', label: t('myCertificates.fields.occupation'), children: certificate.trade && certificate.trade !== '--' ? `${certificate.occupationName}${punct().paren(certificate.trade)}` : certificate.occupationName },
          { key: 'issuer', label: t('myCertificates.fields.issuer'), children: certificate.issuerName },
          { key: 'issuedOn', label: t('myCertificates.fields.issuedOn'), children: certificate.issuedOn },
        ]}
      />
      {certificate.status === 'valid' ? (
        <Space direction="vertical" style={{ marginBottom: 16 }}>
          <Button icon={<DownloadOutlined />} href={credentialUrl(certificate.id)} download data-testid="my-credential-download">
            {t('myCertificates.credentialDownload')}
          </Button>
          <Typography.Text type="secondary">{t('myCertificates.credentialHint')}</Typography.Text>
        </Space>
      ) : null}
      <Typography.Title level={5}>{t('myCertificates.verificationsTitle')}</Typography.Title>
      <Verifications certificateId={certificate.id} />
    </Card>
  );
}

/** 我的证书: the holder's own certificates and who verified them. */
export default function MyCertificatesPage() {
  const { t } = useTranslation();
  const certificates = useMyCertificates();
  return (
    <>
      <PageHeader title={t('myCertificates.title')} description={t('myCertificates.intro')} />
      {certificates.isError ? <ProblemAlert error={certificates.error} onRetry={() => void certificates.refetch()} /> : null}
      {certificates.isPending ? <Card loading /> : null}
      {certificates.data && !certificates.data.length ? (
        <Card>
          <Empty description={t('myCertificates.empty')} />
        </Card>
      ) : null}
      {certificates.data?.map((certificate) => (
        <CertificateCard key={certificate.id} certificate={certificate} />
      ))}
    </>
  );
}
