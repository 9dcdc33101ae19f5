import { RightOutlined } from '@ant-design/icons';
import { Card, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMyPlans } from '../../api/application-queries';
import { ApplicationStatusTag, planTitle } from '../applications/application-parts';

/**
 * The employee's own business on the home page: each application's state and what comes next, or
 * an open plan they may apply under. Their certificate, once issued, is on the card beside it.
 */
export function MyApplicationCard() {
  const { t } = useTranslation();
  const plans = useMyPlans();
  const items = (plans.data ?? []).filter((entry) => entry.application || entry.plan.open);
  return (
    <Card title={t('home.myApplication')} style={{ marginBottom: 16 }} loading={plans.isPending} data-testid="home-my-application">
      {items.length ? (
        <List
          dataSource={items}
          renderItem={(entry) => (
            <List.Item
              key={entry.plan.id}
              actions={[
                <Link key="open" to={`/my-application?plan=${entry.plan.id}`}>
                  {entry.application ? t('home.openApplication') : t('home.apply')} <RightOutlined style={{ fontSize: 11 }} />
                </Link>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <span>{planTitle(entry.plan, t)}</span>
                    {entry.application ? <ApplicationStatusTag status={entry.application.status} /> : null}
                  </Space>
                }
                description={
                  <Typography.Text type="secondary" data-testid="home-next-step">
                    {entry.application
                      ? t(`home.nextSteps.${entry.application.status}` as 'home.nextSteps.draft', { defaultValue: '' })
                      : entry.invited
                        ? t('home.invitedToApply')
                        : t('home.mayApply', { to: entry.plan.window.to ?? '—' })}
                  </Typography.Text>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Typography.Text type="secondary">{t('home.noApplication')}</Typography.Text>
      )}
    </Card>
  );
}
