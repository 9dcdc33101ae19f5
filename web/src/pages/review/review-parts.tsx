import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOccupations } from '../../api/pilot-plan-queries';
import type { CommitteeStatus } from './review-api';
import { punct } from '../../i18n/punctuation';

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

/** A committee's occupations by name (from the catalogue), the code beside: 车工（6-18-01-01）. */
export function OccupationNames({ codes }: { codes: readonly string[] }) {
  const catalogue = useOccupations({ codes: codes.join(','), limit: Math.max(1, codes.length) }, codes.length > 0);
  const names = new Map((catalogue.data?.items ?? []).map((occupation) => [occupation.code, occupation.name]));
  return <>{codes.map((code) => (names.get(code) ? `${names.get(code)}${punct().paren(code)}` : code)).join(punct().list)}</>;
}
