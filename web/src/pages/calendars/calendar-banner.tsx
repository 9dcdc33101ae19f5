import { useQuery } from '@tanstack/react-query';
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { calendarStatusKey, type CalendarStatus } from './calendar-api';

/**
 * From 1 November (the server's clock), while next year's holiday calendar is missing — or once a
 * year has begun without one — administrators and enterprise HR see it above every page: those
 * who may load calendars with a link to the page, the others with whom to ask.
 */
export function CalendarBanner() {
  const { t } = useTranslation();
  const status = useQuery({
    queryKey: calendarStatusKey,
    queryFn: ({ signal }) => api.get<CalendarStatus>('/calendars/status', undefined, signal),
    staleTime: 10 * 60_000,
  }).data;
  if (!status?.remind || status.missingYear === null) return null;
  const year = status.missingYear;
  return (
    <Alert
      className="calendar-banner"
      data-testid="calendar-banner"
      type={status.overdue ? 'error' : 'warning'}
      showIcon
      title={status.overdue ? t('calendars.banner.overdueTitle', { year }) : t('calendars.banner.title', { year })}
      description={status.canLoad ? t('calendars.banner.canLoad', { year }) : t('calendars.banner.askAdmin', { year })}
      action={
        status.canLoad ? (
          <Link to="/calendars">
            <Button size="small" type="primary">
              {t('calendars.banner.go')}
            </Button>
          </Link>
        ) : undefined
      }
    />
  );
}
