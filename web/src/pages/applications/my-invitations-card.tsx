import { MailOutlined } from '@ant-design/icons';
import { Button, Card, List, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMyPlans } from '../../api/application-queries';
import { hasPermission, useMe } from '../../api/queries';
import { planTitle } from './application-parts';

/** On the employee's home page: the plans HR invited them to apply under, not yet applied for. */
export function MyInvitationsCard() {
  const { t } = useTranslation();
  const me = useMe().data;
  const enabled = hasPermission(me, 'application:apply');
  const plans = useMyPlans(enabled);
  const invitations = (plans.data ?? []).filter((item) => item.invited && !item.application);
  if (!enabled || !invitations.length) return null;
  return (
    <Card title={<Space><MailOutlined />{t('myInvitations.title')}</Space>} style={{ marginBottom: 16 }} data-testid="my-invitations">
      <List
        dataSource={invitations}
        renderItem={(item) => (
          <List.Item
            actions={[
              <Link key="go" to={`/my-application?plan=${item.plan.id}`}>
                <Button type="primary" size="small">
                  {t('myInvitations.go')}
                </Button>
              </Link>,
            ]}
          >
            {t('myInvitations.line', { title: planTitle(item.plan, t), window: t('appCommon.window', { from: item.plan.window.from ?? '—', to: item.plan.window.to ?? '—' }) })}
          </List.Item>
        )}
      />
    </Card>
  );
}
