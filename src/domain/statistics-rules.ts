// The rules behind the supervision dashboards (监督管理与统计, sections 六(一), 六(二), 六(四) of
// 人社厅发〔2021〕66号): which process stage an application's status has reached, the age bands, the
// occupation major groups (大类) that stand for the industry, and when a pilot is overdue or at risk.
// Pure: the figures themselves are counted by the database (src/modules/statistics).

import { addDays, compareCalendarDates, toDayNumber, type CalendarDate } from './calendar-date.ts';
import type { LocalizedText } from './errors.ts';
import { missingCalendar } from './working-days.ts';

/**
 * The stages of the process an application can have reached, in order. An application counts in
 * every stage up to the one its status stands in (a confirmed application was also eligible,
 * reviewed and in the notice), so each figure is "how many got this far".
 */
export const APPLICATION_STAGES = ['applications', 'eligible', 'reviewed', 'inNotice', 'confirmed'] as const;
export type ApplicationStage = (typeof APPLICATION_STAGES)[number];

/** The statuses (src/domain/transitions.ts, `application`) that have reached each stage. */
export const STATUSES_REACHING: Record<ApplicationStage, readonly string[]> = {
  // A disqualified application (fraud, 六(四)) was made; how far it got before is not kept in its status.
  applications: ['submitted', 'returned', 'ineligible', 'eligible', 'in-review', 'recommended', 'not-recommended', 'in-notice', 'withdrawn', 'confirmed', 'certified', 'appointed', 'exited', 'disqualified'],
  eligible: ['eligible', 'in-review', 'recommended', 'not-recommended', 'in-notice', 'withdrawn', 'confirmed', 'certified', 'appointed', 'exited'],
  reviewed: ['recommended', 'not-recommended', 'in-notice', 'withdrawn', 'confirmed', 'certified', 'appointed', 'exited'],
  inNotice: ['in-notice', 'withdrawn', 'confirmed', 'certified', 'appointed', 'exited'],
  confirmed: ['confirmed', 'certified', 'appointed', 'exited'],
};

/** The statuses of someone who became a 特级技师 through the application (counted against the quota). */
export const PRINCIPAL_TECHNICIAN_STATUSES = ['confirmed', 'certified', 'appointed'] as const;

/** Age bands, by the age reached on 31 December of the pilot year. */
export const AGE_BANDS = ['under-35', '35-44', '45-54', '55-plus', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export function ageBandOf(age: number | null): AgeBand {
  if (age === null || !Number.isFinite(age) || age < 0) return 'unknown';
  if (age < 35) return 'under-35';
  if (age < 45) return '35-44';
  if (age < 55) return '45-54';
  return '55-plus';
}

/**
 * The eight major groups (大类) of 《中华人民共和国职业分类大典》(2022): the first digit of an occupation
 * code. The dashboards count "by industry" with them, since the occupation is what every record
 * carries.
 */
export const OCCUPATION_MAJOR_GROUPS: Record<string, LocalizedText> = {
  '1': { 'zh-CN': '党的机关、国家机关、群众团体和社会组织、企事业单位负责人', en: 'Heads of Party and state organs, mass and social organisations, enterprises and institutions' },
  '2': { 'zh-CN': '专业技术人员', en: 'Professional and technical personnel' },
  '3': { 'zh-CN': '办事人员和有关人员', en: 'Clerical and related personnel' },
  '4': { 'zh-CN': '社会生产服务和生活服务人员', en: 'Social production and life service personnel' },
  '5': { 'zh-CN': '农、林、牧、渔业生产及辅助人员', en: 'Agriculture, forestry, animal husbandry and fishery production and auxiliary personnel' },
  '6': { 'zh-CN': '生产制造及有关人员', en: 'Production and manufacturing and related personnel' },
  '7': { 'zh-CN': '军人', en: 'Military personnel' },
  '8': { 'zh-CN': '不便分类的其他从业人员', en: 'Other personnel not classified elsewhere' },
};

export function occupationMajorGroupName(group: string | null): LocalizedText {
  return (group && OCCUPATION_MAJOR_GROUPS[group]) || { 'zh-CN': '未填写职业', en: 'Occupation not given' };
}

// ------------------------------------------------------------------------------ deadlines

/** A pilot application still in draft (or returned) this many days before the year's deadline is at risk. */
export const APPLICATION_AT_RISK_DAYS = 14;
/** A pilot enterprise without a published plan this many days before the year ends is at risk. */
export const PLAN_AT_RISK_DAYS = 90;
/** A pilot enterprise that has issued no certificate this many days before its issuance date (or the year's end) is at risk. */
export const COMPLETION_AT_RISK_DAYS = 45;

export type FollowUpSeverity = 'overdue' | 'at-risk';
export const FOLLOW_UP_KINDS = ['pilot-application-not-submitted', 'plan-not-published', 'pilot-not-completed', 'calendar-missing', 'plan-filing-not-accepted', 'issuance-not-done'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

export interface FollowUp {
  kind: FollowUpKind;
  severity: FollowUpSeverity;
  /** The day it is (or was) due. */
  dueDate: CalendarDate;
  /** Whole days from today to the due date (negative once overdue). */
  daysLeft: number;
}

function judge(kind: FollowUpKind, today: CalendarDate, dueDate: CalendarDate, atRiskDays: number): FollowUp | null {
  const daysLeft = toDayNumber(dueDate) - toDayNumber(today);
  if (daysLeft < 0) return { kind, severity: 'overdue', dueDate, daysLeft };
  if (compareCalendarDates(today, addDays(dueDate, -atRiskDays)) >= 0) return { kind, severity: 'at-risk', dueDate, daysLeft };
  return null;
}

/** A department's pilot application (六(一)) still to be submitted by the year's deadline. */
export function pilotApplicationFollowUp(today: CalendarDate, deadline: CalendarDate, status: string): FollowUp | null {
  if (status !== 'draft' && status !== 'returned') return null;
  return judge('pilot-application-not-submitted', today, deadline, APPLICATION_AT_RISK_DAYS);
}

export interface PilotProgress {
  year: number;
  /** A plan of the year is published (or was, and is now closed). */
  planPublished: boolean;
  /** Certificates issued under the year's pilot. */
  certificates: number;
  /** The plan's timetable: the day certificates are to be issued, when set. */
  issuanceDate: CalendarDate | null;
}

/** An accepted pilot enterprise of the ministry-filing model, which (as in 2021, 六(一)) finishes within the year: a plan, then certificates. */
export function pilotProgressFollowUp(today: CalendarDate, progress: PilotProgress): FollowUp | null {
  const yearEnd = `${progress.year}-12-31`;
  if (!progress.planPublished) return judge('plan-not-published', today, yearEnd, PLAN_AT_RISK_DAYS);
  if (progress.certificates > 0) return null;
  const due = progress.issuanceDate && compareCalendarDates(progress.issuanceDate, yearEnd) < 0 ? progress.issuanceDate : yearEnd;
  return judge('pilot-not-completed', today, due, COMPLETION_AT_RISK_DAYS);
}

/** A plan's progress under the other models, judged on the plan's own timetable (no year-end bound). */
export interface PlanProgress {
  /** A plan of the year is published (or was, and is now closed). */
  planPublished: boolean;
  /** The plan's first day of applications (its working copy's while a draft). */
  applicationFrom: CalendarDate | null;
  /** The provincial-plan-filing model asks the plan's filing to be accepted before the review. */
  filingRequired: boolean;
  filingAccepted: boolean;
  /** When the filing is due: the jurisdiction's deadline, else the plan's first day of review. */
  filingDue: CalendarDate | null;
  /** Certificates issued under the plan's year. */
  certificates: number;
  issuanceDate: CalendarDate | null;
}

/**
 * Under the filed-enterprise and provincial-plan-filing models nothing is due by the year's end:
 * an enterprise is followed up against its own plan — published before applications open, filed
 * and accepted before the review (provincial model), certificates by the plan's issuance date.
 * Nothing is due where the plan sets no date.
 */
export function planProgressFollowUp(today: CalendarDate, progress: PlanProgress): FollowUp | null {
  if (!progress.planPublished) return progress.applicationFrom ? judge('plan-not-published', today, progress.applicationFrom, PLAN_AT_RISK_DAYS / 3) : null;
  if (progress.filingRequired && !progress.filingAccepted && progress.filingDue) return judge('plan-filing-not-accepted', today, progress.filingDue, APPLICATION_AT_RISK_DAYS);
  if (progress.certificates > 0 || !progress.issuanceDate) return null;
  return judge('issuance-not-done', today, progress.issuanceDate, COMPLETION_AT_RISK_DAYS);
}

/**
 * The holiday calendar the system must hold and does not (working-days.ts, missingCalendar): next
 * year's from 1 November is at risk, a year begun without one is overdue. Every notice and deadline
 * counted in working days depends on it, so every dashboard lists it.
 */
export function calendarMissingFollowUp(today: CalendarDate, heldYears: Iterable<number>): FollowUp | null {
  const missing = missingCalendar(today, heldYears);
  if (!missing) return null;
  return { kind: 'calendar-missing', severity: missing.overdue ? 'overdue' : 'at-risk', dueDate: missing.dueDate, daysLeft: missing.daysLeft };
}
