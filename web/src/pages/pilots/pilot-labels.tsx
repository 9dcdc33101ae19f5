import { Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { PilotApplicationStatus, PilotYear } from '../../api/pilot-plan-types';

const STATUS_COLORS: Record<PilotApplicationStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  accepted: 'success',
  returned: 'warning',
};

export function PilotStatusTag({ status }: { status: PilotApplicationStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="pilot-status">
      {t(`pilots.statuses.${status}`)}
    </Tag>
  );
}

/** "2026-12-31 可报送" / "2026-09-30（默认） 已截止". */
export function DeadlineText({ deadline }: { deadline: PilotYear }) {
  const { t } = useTranslation();
  return (
    <span>
      {deadline.deadline}
      {deadline.isDefault ? t('pilots.deadlineDefault') : ''}{' '}
      <Tag color={deadline.open ? 'green' : 'red'}>{deadline.open ? t('pilots.deadlineOpen') : t('pilots.deadlineClosed')}</Tag>
    </span>
  );
}

export function formatDateTime(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '—';
}
