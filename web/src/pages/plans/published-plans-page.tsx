import { Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePublishedPlans } from '../../api/pilot-plan-queries';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { PlanStatusTag } from './plan-parts';
import { chinaDate } from '../../clock';

/** 方案公示: the published work plans that cover the employee's enterprise (its own and its group's). */
export default function PublishedPlansPage() {
  const { t } = useTranslation();
  const plans = usePublishedPlans();
  return (
    <>
      <PageHeader title={t('publishedPlans.title')} description={t('publishedPlans.description')} />
      <Card>
        {plans.isError ? (
          <ProblemAlert title={t('errors.loadFailed')} error={plans.error} onRetry={() => void plans.refetch()} />
        ) : (
          <List
            loading={plans.isPending}
            dataSource={plans.data ?? []}
            locale={{ emptyText: <Empty description={t('publishedPlans.empty')} /> }}
            data-testid="published-plans"
            renderItem={(plan) => (
              <List.Item
                actions={[
                  <Link key="read" to={`/published-plans/${plan.id}`} data-testid={`published-plan-${plan.id}`}>
                    {t('publishedPlans.read')}
                  </Link>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <Link to={`/published-plans/${plan.id}`}>{plan.title || `${plan.enterpriseName} ${t('pilots.yearValue', { year: plan.year })} ${t(`plans.kinds.${plan.kind}`)}`}</Link>
                      {plan.status === 'closed' ? <PlanStatusTag status={plan.status} /> : null}
                      <Tag>{t('plans.versionValue', { version: plan.currentVersion })}</Tag>
                    </Space>
                  }
                  description={
                    <Typography.Text type="secondary">
                      {plan.enterpriseName} · {t(`plans.kinds.${plan.kind}`)} · {plan.publishedAt ? t('publishedPlans.publishedOn', { date: chinaDate(plan.publishedAt) }) : ''}
                    </Typography.Text>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </>
  );
}
