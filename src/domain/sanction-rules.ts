// 六(四) of 人社厅发〔2021〕66号: fraud (弄虚作假) by an applicant or a reporting unit may come to
// light at any step. Wherever it is found the year's result is void and a five-year ban follows
// (after certification the certificate is revoked too); a unit's fraud suspends its evaluation for
// the period the supervising department decides. And the rule that keeps the procedure whole:
// a certificate rests either on the confirmed list of a notice that ran its full period (四(三)) or
// on 复核确认 (六(三)). Pure rules; the modules apply them.

import type { CalendarDate } from './calendar-date.ts';
import type { LocalizedText } from './errors.ts';
import { nextState } from './transitions.ts';

/** The step at which fraud is found, by the state of the application (`application` life cycle). */
export type FraudStage = 'screening' | 'review' | 'before-notice' | 'notice' | 'after-certification';

export const FRAUD_STAGE_NAMES: Record<FraudStage, LocalizedText> = {
  screening: { 'zh-CN': '资格审核', en: 'screening' },
  review: { 'zh-CN': '评审', en: 'review' },
  'before-notice': { 'zh-CN': '评审结束后、公示前', en: 'after the review, before the notice' },
  notice: { 'zh-CN': '公示', en: 'the public notice' },
  'after-certification': { 'zh-CN': '颁证后', en: 'after certification' },
};

const STAGE_OF_STATE: Record<string, FraudStage> = {
  submitted: 'screening',
  returned: 'screening',
  ineligible: 'screening',
  eligible: 'screening',
  'in-review': 'review',
  recommended: 'before-notice',
  'not-recommended': 'before-notice',
  'in-notice': 'notice',
  withdrawn: 'notice',
  confirmed: 'notice',
  certified: 'after-certification',
  appointed: 'after-certification',
  exited: 'after-certification',
};

/** The step an application in this state is at, for a finding of fraud; null where none can be made (a draft, or already disqualified). */
export function fraudStageOf(status: string): FraudStage | null {
  if (nextState('application', status, 'disqualify') === null) return null;
  return STAGE_OF_STATE[status] ?? null;
}

/**
 * Who finds fraud: the enterprise's HR (its screening, its list before and during the notice, its
 * holders after certification), the committee's chair (while the applicant is in review), the
 * supervising department (at any step, for organisations under it).
 */
export type FraudFinder = 'enterprise' | 'chair' | 'department';

export const FRAUD_FINDER_NAMES: Record<FraudFinder, LocalizedText> = {
  enterprise: { 'zh-CN': '企业人力资源部门', en: 'the enterprise’s HR' },
  chair: { 'zh-CN': '评审委员会主任委员', en: 'the committee’s chair' },
  department: { 'zh-CN': '主管部门', en: 'the supervising department' },
};

/** Whether this finder may find fraud in an application in this state. */
export function mayFindFraud(finder: FraudFinder, status: string): boolean {
  const stage = fraudStageOf(status);
  if (!stage) return false;
  if (finder === 'department') return true;
  if (finder === 'chair') return stage === 'review';
  return stage !== 'review';
}

/** The finders who may act on an application in this state (for the refusal's message). */
export function fraudFindersOf(status: string): FraudFinder[] {
  return (['enterprise', 'chair', 'department'] as const).filter((finder) => mayFindFraud(finder, status));
}

/** When it was found, as a sentence says it (资格审核中, 公示期间, 颁证后 …). */
export const FRAUD_STAGE_PHRASES: Record<FraudStage | 'supervision', string> = {
  screening: '资格审核中',
  review: '评审中',
  'before-notice': '评审结束后',
  notice: '公示期间',
  'after-certification': '颁证后',
  supervision: '监督检查中',
};

/** What the ban records as its basis: the year lost, the step and the finding. */
export function fraudBanBasis(year: number, stage: FraudStage | 'supervision', findings: string): string {
  return `${year}年度特级技师评聘${FRAUD_STAGE_PHRASES[stage]}经核实弄虚作假，取消当年评审资格：${findings.trim()}`;
}

// ------------------------------------------------------------------------ issuance basis

/**
 * What a certificate rests on: the confirmed list of a notice that ran its full period (四(三)), or
 * 复核确认 (六(三)). `unrecorded` only for certificates issued before the basis was recorded.
 */
export type IssuanceBasis = 'confirmed-list' | 're-review' | 'unrecorded';

export const ISSUANCE_BASIS_NAMES: Record<IssuanceBasis, LocalizedText> = {
  'confirmed-list': { 'zh-CN': '公示核准名单', en: 'the confirmed list after the public notice' },
  're-review': { 'zh-CN': '复核确认', en: 're-review and confirmation (复核确认)' },
  unrecorded: { 'zh-CN': '未记录（发证依据记录前颁发）', en: 'not recorded (issued before the basis was recorded)' },
};

/**
 * Whether a certificate dated `issuedOn` may rest on a notice that ran `startDate`..`endDate` and
 * was confirmed: the certificate comes after the notice's last day (the list is confirmed after it).
 */
export function issuedAfterNotice(issuedOn: CalendarDate, notice: { endDate: CalendarDate }): boolean {
  return issuedOn > notice.endDate;
}

// --------------------------------------------------------------------------- suspension

export interface SuspensionPeriod {
  status: 'effective' | 'lifted';
  fromDate: CalendarDate;
  untilDate: CalendarDate;
  /** The suspended enterprise (its path in the organisation tree): it and every organisation below it. */
  enterprisePath: string;
}

/** A suspension stops the evaluation of its enterprise and of the organisations below it, from its first to its last day, until lifted. */
export function suspensionCovers(suspension: SuspensionPeriod, organisationPath: string, day: CalendarDate): boolean {
  return suspension.status === 'effective' && suspension.fromDate <= day && day <= suspension.untilDate && organisationPath.startsWith(suspension.enterprisePath);
}

/** Every reason a suspension's period is wrong: dates, order, a start in the past. */
export function suspensionPeriodIssues(fromDate: CalendarDate, untilDate: CalendarDate, today: CalendarDate): { field: 'fromDate' | 'untilDate'; code: string; message: LocalizedText }[] {
  const issues: { field: 'fromDate' | 'untilDate'; code: string; message: LocalizedText }[] = [];
  if (fromDate < today) issues.push({ field: 'fromDate', code: 'DATE_IN_PAST', message: { 'zh-CN': `暂停评审自今天（${today}）或以后开始`, en: `A suspension starts today (${today}) or later` } });
  if (untilDate < fromDate) issues.push({ field: 'untilDate', code: 'DATE_RANGE_REVERSED', message: { 'zh-CN': '暂停评审的截止日期不能早于开始日期', en: 'The last day cannot lie before the first' } });
  return issues;
}
