import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CommitteeStatus } from './review-api';

const colours: Record<CommitteeStatus, string> = { forming: 'default', scoring: 'blue', voting: 'purple', closed: 'green' };

export function StatusTag({ status }: { status: CommitteeStatus }) {
  const { t } = useTranslation();
  return <Tag color={colours[status]} data-testid="committee-status">{t(`review.statuses.${status}`)}</Tag>;
}

/** The plan as a committee shows it: its title, with the enterprise's name only when the title does not start with it. */
export function planLabel(enterpriseName: string, planTitle: string | null): string {
  if (!planTitle) return enterpriseName;
  return planTitle.startsWith(enterpriseName) ? planTitle : `${enterpriseName} ${planTitle}`;
}
