import { useQuery } from '@tanstack/react-query';
import { Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { hasPermission, useMe } from '../../api/queries';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { CurrentReReviewNotices } from '../certificates/re-review-notice-card';
import { phaseColours, type NoticeSummary } from './notice-types';

/** 公示: the notices of the employee's enterprise (a group's notice covers its subsidiaries); HR and supervisors read the same board. */
export default function NoticesPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const notices = useQuery({ queryKey: ['notices'], queryFn: ({ signal }) => api.get<{ items: NoticeSummary[] }>('/notices', undefined, signal) });
  return (
    <>
      <PageHeader
        title={t('notices.boardTitle')}
        description={t(hasPermission(me, 'notice:manage') ? 'notices.boardIntroManager' : hasPermission(me, 'application:apply') ? 'notices.boardIntro' : 'notices.boardIntroSupervisor')}
      />
      <Card>
        {notices.isError ? (
          <ProblemAlert title={t('errors.loadFailed')} error={notices.error} onRetry={() => void notices.refetch()} />
        ) : (
          <List
            loading={notices.isPending}
            dataSource={notices.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('notices.emptyBoard')} /> }}
            renderItem={(notice) => (
              <List.Item actions={[<Link key="open" to={`/notices/${notice.id}`}>{t('notices.open')}</Link>]}>
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <Link to={`/notices/${notice.id}`}>{notice.planTitle ?? `${notice.enterpriseName} ${notice.planYear}`}</Link>
                      <Tag color={phaseColours[notice.phase]}>{t(`notices.phases.${notice.phase}`)}</Tag>
                    </Space>
                  }
                  description={<Typography.Text type="secondary">{t('notices.periodValue', { start: notice.startDate, end: notice.endDate, days: notice.workingDays })}</Typography.Text>}
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      <CurrentReReviewNotices />
    </>
  );
}
