import { Alert, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fileUrl } from '../../api/application-queries';
import { pickMessage, useLocale } from '../../i18n';
import { useFraudFindings } from './sanction-api';
import { chinaTime } from '../../clock';

/** The findings of fraud recorded on an application or a certificate, with their evidence. */
export function FraudFindingsList({ applicationId, certificateId }: { applicationId?: string; certificateId?: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const findings = useFraudFindings({ applicationId, certificateId }, Boolean(applicationId || certificateId));
  if (!findings.data?.length) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="fraud-findings">
      {findings.data.map((finding) => (
        <Alert
          key={finding.id}
          type="error"
          showIcon
          title={t('sanctions.fraud.findingsTitle')}
          description={
            <Space direction="vertical" size={2}>
              <Typography.Text>{finding.findings}</Typography.Text>
              <Typography.Text type="secondary">
                {t('sanctions.fraud.foundBy', {
                  stage: pickMessage(finding.stageName, locale),
                  finder: pickMessage(finding.finderName, locale),
                  name: finding.foundByName,
                  organisation: finding.foundByOrganisationName,
                })}
                {' · '}
                {chinaTime(finding.createdAt)}
              </Typography.Text>
              <Typography.Text>
                {finding.banUntil ? t('sanctions.fraud.banUntil', { until: finding.banUntil }) : null}
                {finding.certificateRevoked ? ` · ${t('sanctions.fraud.revoked')}` : ''}
              </Typography.Text>
              <Space wrap>
                {finding.evidenceFileIds.map((fileId, index) => (
                  <a key={fileId} href={fileUrl(fileId)} target="_blank" rel="noreferrer">
                    {t('sanctions.fraud.evidence')} {index + 1}
                  </a>
                ))}
              </Space>
            </Space>
          }
        />
      ))}
    </Space>
  );
}
