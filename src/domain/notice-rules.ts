// 公示 (section 四(三)): where a notice stands on a day, when an objection is received, and what
// stands between the enterprise and confirming the list. Dates are 'YYYY-MM-DD' (both ends of the
// notice included); the end date itself is counted with noticeEnd (working-days.ts).

import type { CalendarDate } from './calendar-date.ts';

export type NoticePhase = 'not-started' | 'running' | 'ended' | 'confirmed' | 'cancelled';

export interface NoticeDates {
  status: 'open' | 'confirmed' | 'cancelled';
  startDate: CalendarDate;
  endDate: CalendarDate;
}

/** Not started before the first day, running from the first to the last day, ended after it, confirmed once confirmed (cancelled once cancelled). */
export function noticePhase(notice: NoticeDates, today: CalendarDate): NoticePhase {
  if (notice.status === 'confirmed') return 'confirmed';
  if (notice.status === 'cancelled') return 'cancelled';
  return noticeDatePhase(notice, today);
}

/** The phase by the dates alone: not started before the first day, running to the last day, ended after it. */
export function noticeDatePhase(dates: Pick<NoticeDates, 'startDate' | 'endDate'>, today: CalendarDate): 'not-started' | 'running' | 'ended' {
  if (today < dates.startDate) return 'not-started';
  if (today <= dates.endDate) return 'running';
  return 'ended';
}

export type ObjectionRefusal = { code: 'NOTICE_NOT_STARTED'; params: { start: CalendarDate } } | { code: 'NOTICE_OBJECTION_PERIOD_OVER'; params: { end: CalendarDate } };

/** Why an objection raised on `today` is refused; null while the notice runs (first and last day included). */
export function objectionRefusal(notice: NoticeDates, today: CalendarDate): ObjectionRefusal | null {
  const phase = noticePhase(notice, today);
  if (phase === 'running') return null;
  if (phase === 'not-started') return { code: 'NOTICE_NOT_STARTED', params: { start: notice.startDate } };
  return { code: 'NOTICE_OBJECTION_PERIOD_OVER', params: { end: notice.endDate } };
}

/**
 * Why a notice cannot start on `startDate` when `today` is today: a notice is an event people must
 * be able to see, so it starts today or later, never in the past (四(三)). Null: it can.
 */
export function startRefusal(startDate: CalendarDate, today: CalendarDate): { code: 'NOTICE_START_IN_PAST'; params: { start: CalendarDate; today: CalendarDate } } | null {
  return startDate < today ? { code: 'NOTICE_START_IN_PAST', params: { start: startDate, today } } : null;
}

export type CancellationRefusal = { code: 'NOTICE_CLOSED'; params: Record<string, never> } | { code: 'NOTICE_ENDED'; params: { end: CalendarDate } };

/**
 * Why the notice cannot be cancelled on `today`: once confirmed or cancelled it is closed; once
 * its last day has passed it ran its full period and stands (confirm it, or find fraud per
 * candidate). Null: it can (not started yet, or running).
 */
export function cancellationRefusal(notice: NoticeDates, today: CalendarDate): CancellationRefusal | null {
  if (notice.status !== 'open') return { code: 'NOTICE_CLOSED', params: {} };
  if (today > notice.endDate) return { code: 'NOTICE_ENDED', params: { end: notice.endDate } };
  return null;
}

export type ConfirmationBlocker =
  | { code: 'NOTICE_CLOSED'; params: Record<string, never> }
  | { code: 'NOTICE_NOT_ENDED'; params: { end: CalendarDate } }
  | { code: 'NOTICE_OBJECTIONS_OPEN'; params: { count: number } };

/** Every reason the list cannot be confirmed on `today`: the end date not passed, objections still open. Empty: it can. */
export function confirmationBlockers(notice: NoticeDates, openObjections: number, today: CalendarDate): ConfirmationBlocker[] {
  if (notice.status !== 'open') return [{ code: 'NOTICE_CLOSED', params: {} }];
  const blockers: ConfirmationBlocker[] = [];
  if (today <= notice.endDate) blockers.push({ code: 'NOTICE_NOT_ENDED', params: { end: notice.endDate } });
  if (openObjections > 0) blockers.push({ code: 'NOTICE_OBJECTIONS_OPEN', params: { count: openObjections } });
  return blockers;
}
