// The rules of pilot filing (试点申报, sections 二 and 六(一) of 人社厅发〔2021〕66号), the 2021 model
// that a jurisdiction may still choose (jurisdiction-rules.ts): which enterprises may be put
// forward, and whether the jurisdiction's deadline has passed. Pure: no I/O.

import { compareCalendarDates, type CalendarDate } from './calendar-date.ts';
import { isRecognitionFiled } from './jurisdiction-rules.ts';
import type { LocalizedText } from './errors.ts';

/** The first pilot year (the notice is of 2021); the last one the system accepts. */
export const FIRST_PILOT_YEAR = 2021;
export const LAST_PILOT_YEAR = 2100;

/** Submitting is open on every day up to and including the deadline (China's calendar date). */
export function isBeforeDeadline(today: CalendarDate, deadline: CalendarDate): boolean {
  return compareCalendarDates(today, deadline) <= 0;
}

/** What the rules need to know of an enterprise put forward. */
export interface PilotCandidate {
  kind: string;
  filing: { filed: boolean; level: 'national' | 'provincial' | null } | null;
  /** Below the department that puts it forward. */
  inDepartmentScope: boolean;
}

export type PilotCandidateProblem = 'NOT_AN_ENTERPRISE' | 'OUTSIDE_SCOPE' | 'NOT_FILED';

/**
 * Why an enterprise may not be put forward, or null when it may: section 二 admits only
 * enterprises filed (备案) for skill level recognition with a department at provincial level or
 * above, and a department puts forward only enterprises below it (a central enterprise's HR body:
 * its own subsidiaries).
 */
export function pilotCandidateProblem(candidate: PilotCandidate): PilotCandidateProblem | null {
  if (candidate.kind !== 'enterprise') return 'NOT_AN_ENTERPRISE';
  if (!candidate.inDepartmentScope) return 'OUTSIDE_SCOPE';
  if (!isRecognitionFiled(candidate.filing)) return 'NOT_FILED';
  return null;
}

export const PILOT_CANDIDATE_PROBLEMS: Record<PilotCandidateProblem, LocalizedText> = {
  NOT_AN_ENTERPRISE: { 'zh-CN': '不是企业，不能作为试点企业', en: 'Not an enterprise; only enterprises can be pilots' },
  OUTSIDE_SCOPE: { 'zh-CN': '不在本部门管辖范围内', en: "Outside the department's scope" },
  NOT_FILED: {
    'zh-CN': '未在省级及以上人社部门进行职业技能等级认定备案，不能参加试点',
    en: 'Not filed for skill level recognition at provincial level or above; it cannot be a pilot',
  },
};
