import { Alert, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { hasPermission, useMe } from '../../api/queries';
import { useSuspensions } from './sanction-api';

/**
 * 暂停评审 on the enterprise's pages: while a suspension covering the user's enterprise runs, every
 * page says so, with the period, who decided it and the findings.
 */
export function SuspensionBanner() {
  const { t } = useTranslation();
  const me = useMe().data;
  const enterprise = me?.organisation.kind === 'enterprise' && hasPermission(me, 'ban:read');
  const suspensions = useSuspensions({ active: 'true' }, Boolean(enterprise));
  if (!enterprise || !suspensions.data?.length) return null;
  return (
    <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }} data-testid="suspension-banner">
      {suspensions.data.map((suspension) => (
        <Alert
          key={suspension.id}
          type="error"
          showIcon
          title={t('sanctions.suspensions.bannerTitle')}
          description={t('sanctions.suspensions.banner', { name: suspension.enterpriseName, by: suspension.decidedByName, from: suspension.fromDate, until: suspension.untilDate, findings: suspension.findings })}
        />
      ))}
    </Space>
  );
}
