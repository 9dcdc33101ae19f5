import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PilotApplicationStatus, PilotDeadline } from '../../api/pilot-plan-types';
import { chinaTime } from '../../clock';

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

/** "2026-12-31（人社部设定） 可报送" / "无需报送（当前模式：……）". */
export function DeadlineText({ deadline }: { deadline: PilotDeadline }) {
  const { t } = useTranslation();
  if (deadline.model !== 'ministry-pilot-filing') return <Tag>{t('pilots.filingNotRequired')}</Tag>;
  return (
    <span>
      {deadline.deadline ?? '—'}
      {deadline.setBy ? t('pilots.deadlineSetBy', { by: deadline.setBy }) : ''}{' '}
      <Tag color={deadline.open ? 'green' : 'red'}>{deadline.open ? t('pilots.deadlineOpen') : t('pilots.deadlineClosed')}</Tag>
    </span>
  );
}

export function formatDateTime(value: string | null | undefined): string {
  return value ? chinaTime(value) : '—';
}
