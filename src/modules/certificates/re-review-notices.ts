// 复核确认名单公示 (section 六(三) with 四(三)): the holders a re-review confirmed are published inside
// the enterprise for the plan's working days (never fewer than 5) before certificates are issued to
// them, unless the plan cites the provincial document that lifts the notice (flagged as a deviation).
// A notice starts today or later, ends by its dates, and can be cancelled with a reason until its
// last day has passed; objections go to its contact, and an upheld one is acted on by reconsidering
// the holder, which takes them off the notice. Each act is audited in its transaction.
import { and, asc, desc, eq, inArray, isNull, like, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { requireCalendarDate, type CalendarDate } from '../../domain/calendar-date.ts';
import { noticeDatePhase } from '../../domain/notice-rules.ts';
import { assertTransition } from '../../domain/transitions.ts';
import { createWorkCalendar, noticeEnd } from '../../domain/working-days.ts';
import { writeAudit } from '../../platform/audit.ts';
import { loadCalendars } from '../../platform/calendar-store.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, validationError } from '../../platform/errors.ts';
import { assertInScope, assertPermission, hasPermission } from '../../platform/policy.ts';
import { activeBansByHash, bannedPeopleRefusal } from '../bans/service.ts';
import { assertNotSuspended } from '../bans/suspensions.ts';
import { getPlanForApplications, type PlanForApplications } from '../plans/plan-for-applications.ts';
import type { ReReviewHolderRow } from './re-review-holders.ts';
import { reReviewHolders, reReviewNotices } from './tables.ts';

type ReReviewNoticeRow = typeof reReviewNotices.$inferSelect;

export interface ReReviewNoticeDto {
  id: string;
  planId: string;
  status: 'open' | 'cancelled';
  /** not-started, running, ended (the last day has passed); cancelled ones say so by `status`. */
  phase: ReturnType<typeof noticeDatePhase>;
  startDate: string;
  endDate: string;
  workingDays: number;
  contact: string;
  holders: { holderId: string; name: string; occupationName: string; previousEvaluation: string | null }[];
  cancelReason: string | null;
  cancelledAt: string | null;
  createdAt: string;
}

function toDto(row: ReReviewNoticeRow, today: CalendarDate): ReReviewNoticeDto {
  return {
    id: row.id,
    planId: row.planId,
    status: row.status,
    phase: noticeDatePhase(row, today),
    startDate: row.startDate,
    endDate: row.endDate,
    workingDays: row.workingDays,
    contact: row.contact,
    holders: row.holders,
    cancelReason: row.cancelReason,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

async function managedReReviewPlan(db: Database, context: RequestContext, planId: string): Promise<PlanForApplications> {
  const plan = await getPlanForApplications(db, planId);
  if (!plan) throw new AppError('NOT_FOUND');
  assertInScope(context.actor, plan.enterprise.path);
  if (plan.kind !== 're-review') throw new AppError('RE_REVIEW_PLAN_REQUIRED');
  return plan;
}

/** Confirmed holders not yet on a notice that stands (none, or one cancelled): the ones a new notice publishes. */
async function holdersToPublish(db: Database, context: RequestContext, plan: PlanForApplications): Promise<ReReviewHolderRow[]> {
  return db
    .select()
    .from(reReviewHolders)
    .where(and(eq(reReviewHolders.planId, plan.id), eq(reReviewHolders.status, 'confirmed'), isNull(reReviewHolders.noticeId), like(reReviewHolders.enterprisePath, `${context.actor.organisationPath}%`)))
    .orderBy(asc(reReviewHolders.sourceRow));
}

/** The notices of a re-review plan, whether the plan requires one, and who is waiting to be published. */
export async function listReReviewNotices(db: Database, context: RequestContext, planId: string) {
  if (!hasPermission(context.actor, 'certificate:issue')) assertPermission(context.actor, 'application:screen');
  const plan = await managedReReviewPlan(db, context, planId);
  const today = context.clock.today();
  const rows = await db.select().from(reReviewNotices).where(eq(reReviewNotices.planId, plan.id)).orderBy(desc(reReviewNotices.createdAt));
  const waiting = await holdersToPublish(db, context, plan);
  return {
    planId: plan.id,
    required: plan.publicity.reReviewNoticeRequired,
    workingDays: plan.publicity.workingDays,
    waiting: waiting.map((row) => ({ holderId: row.id, name: row.name, occupationName: row.occupationName })),
    items: rows.map((row) => toDto(row, today)),
  };
}

/** The end date a notice starting on `startDate` would have (the plan's working days, counted with the calendars). */
export async function previewReReviewNotice(db: Database, context: RequestContext, planId: string, startDate: CalendarDate) {
  if (!hasPermission(context.actor, 'certificate:issue')) assertPermission(context.actor, 'application:screen');
  const plan = await managedReReviewPlan(db, context, planId);
  requireCalendarDate(startDate, 'startDate');
  const endDate = noticeEnd(createWorkCalendar(await loadCalendars(db)), startDate, plan.publicity.workingDays);
  return { planId: plan.id, startDate, endDate, workingDays: plan.publicity.workingDays };
}

/** Publishes every confirmed holder not yet published, from `startDate` (today or later) for the plan's working days. */
export async function startReReviewNotice(db: Database, context: RequestContext, planId: string, input: { startDate: string; contact: string }) {
  assertPermission(context.actor, 'certificate:issue');
  const plan = await managedReReviewPlan(db, context, planId);
  requireCalendarDate(input.startDate, 'startDate');
  const today = context.clock.today();
  if (input.startDate < today) throw new AppError('RE_REVIEW_NOTICE_START_IN_PAST', { start: input.startDate, today });
  const contact = input.contact.trim();
  if (!contact) throw validationError([fieldError('contact', 'REQUIRED', '请填写受理异议的部门、联系人和电话', 'Say where objections go: department, person, telephone')]);
  const workingDays = plan.publicity.workingDays;
  const endDate = noticeEnd(createWorkCalendar(await loadCalendars(db)), input.startDate, workingDays);
  // 六(四): no notice while the enterprise's evaluation is suspended, and nobody under a ban is published.
  await assertNotSuspended(db, context, [plan.enterprise.path], 'notice');
  const holders = await holdersToPublish(db, context, plan);
  if (!holders.length) throw new AppError('RE_REVIEW_NOTICE_NO_HOLDERS');
  const bans = await activeBansByHash(db, holders.map((row) => row.idNumberLookup), today);
  const banned = bannedPeopleRefusal(holders.flatMap((row, index) => (bans.has(row.idNumberLookup) ? [{ path: `holders.${index}`, name: row.name, ban: bans.get(row.idNumberLookup)! }] : [])));
  if (banned) throw banned;
  const published = holders.map((row) => ({ holderId: row.id, name: row.name, occupationName: row.occupationName, previousEvaluation: row.previousEvaluation }));
  const notice = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(reReviewNotices)
      .values({
        planId: plan.id,
        enterpriseId: plan.enterprise.id,
        enterprisePath: plan.enterprise.path,
        startDate: input.startDate,
        endDate,
        workingDays,
        contact,
        holders: published,
        createdBy: context.actor.userId,
      })
      .returning();
    const changed = await tx
      .update(reReviewHolders)
      .set({ noticeId: created.id, updatedAt: context.clock.now() })
      .where(and(inArray(reReviewHolders.id, holders.map((row) => row.id)), eq(reReviewHolders.status, 'confirmed'), isNull(reReviewHolders.noticeId)))
      .returning({ id: reReviewHolders.id });
    if (changed.length !== holders.length) throw new AppError('CONFLICT');
    await writeAudit(tx, context, {
      action: 're-review.notice-started',
      targetType: 're-review-notice',
      targetId: created.id,
      organisationId: plan.enterprise.id,
      organisationPath: plan.enterprise.path,
      after: { planId: plan.id, startDate: input.startDate, endDate, workingDays, holderIds: holders.map((row) => row.id) },
    });
    return created;
  });
  return toDto(notice, today);
}

/** Cancels a notice whose last day has not passed, with a reason; its holders wait to be published again. */
export async function cancelReReviewNotice(db: Database, context: RequestContext, id: string, input: { reason: string }) {
  assertPermission(context.actor, 'certificate:issue');
  const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await db.select().from(reReviewNotices).where(eq(reReviewNotices.id, id)) : [];
  if (!row) throw new AppError('NOT_FOUND');
  assertInScope(context.actor, row.enterprisePath);
  const reason = input.reason.trim();
  if (!reason) throw validationError([fieldError('reason', 'REASON_REQUIRED', '撤销公示须写明理由', 'Cancelling a notice needs a reason')]);
  const to = assertTransition('reReviewNotice', row.status, 'cancel');
  const today = context.clock.today();
  if (today > row.endDate) throw new AppError('RE_REVIEW_NOTICE_ENDED', { end: row.endDate });
  const updated = await db.transaction(async (tx) => {
    const [changed] = await tx
      .update(reReviewNotices)
      .set({ status: to, cancelReason: reason, cancelledBy: context.actor.userId, cancelledAt: context.clock.now() })
      .where(and(eq(reReviewNotices.id, row.id), eq(reReviewNotices.status, 'open')))
      .returning();
    if (!changed) throw new AppError('CONFLICT');
    await tx.update(reReviewHolders).set({ noticeId: null, updatedAt: context.clock.now() }).where(eq(reReviewHolders.noticeId, row.id));
    await writeAudit(tx, context, {
      action: 're-review.notice-cancelled',
      targetType: 're-review-notice',
      targetId: row.id,
      organisationId: row.enterpriseId,
      organisationPath: row.enterprisePath,
      before: { status: row.status, startDate: row.startDate, endDate: row.endDate },
      after: { status: to, reason },
    });
    return changed;
  });
  return toDto(updated, today);
}

/** The re-review notices the caller's enterprise publishes and that have not ended: what its people read on 公示. */
export async function currentReReviewNotices(db: Database, context: RequestContext) {
  assertPermission(context.actor, 'notice:read');
  const path = context.actor.organisationPath;
  const today = context.clock.today();
  const rows = await db
    .select()
    .from(reReviewNotices)
    .where(
      and(
        eq(reReviewNotices.status, 'open'),
        sql`${reReviewNotices.endDate} >= ${today}`,
        or(like(reReviewNotices.enterprisePath, `${path}%`), sql`${path} like ${reReviewNotices.enterprisePath} || '%'`),
      ),
    )
    .orderBy(asc(reReviewNotices.startDate))
    .limit(50);
  return { items: rows.map((row) => toDto(row, today)) };
}

/**
 * 六(三): the names among these confirmed holders whose notice has not run to its end before
 * `issuedOn` (and today): none when the plan lifts the notice by citing a provincial document.
 */
export async function holdersNotNoticed(db: Database, plan: PlanForApplications, holders: ReReviewHolderRow[], issuedOn: string, today: CalendarDate): Promise<string[]> {
  if (!plan.publicity.reReviewNoticeRequired) return [];
  const noticeIds = [...new Set(holders.map((row) => row.noticeId).filter((id): id is string => Boolean(id)))];
  const noticesFound = noticeIds.length ? await db.select().from(reReviewNotices).where(inArray(reReviewNotices.id, noticeIds)) : [];
  const byId = new Map(noticesFound.map((row) => [row.id, row]));
  return holders
    .filter((row) => {
      const notice = row.noticeId ? byId.get(row.noticeId) : undefined;
      return !notice || notice.status !== 'open' || !(notice.endDate < today) || !(notice.endDate < issuedOn);
    })
    .map((row) => row.name);
}
