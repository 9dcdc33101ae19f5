import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CommitteeStatus } from './review-api';

const colours: Record<CommitteeStatus, string> = { forming: 'default', scoring: 'blue', voting: 'purple', closed: 'green' };

export function StatusTag({ status }: { status: CommitteeStatus }) {
  const { t } = useTranslation();
  return <Tag color={colours[status]} data-testid="committee-status">{t(`review.statuses.${status}`)}</Tag>;
}
