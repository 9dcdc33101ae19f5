// 公示与核准 (section 四(三)): the recommended list of a plan is published inside the enterprise for
// at least 5 working days (the plan's length, counted with the State Council's calendars); during
// the notice anyone may object in their real name; HR investigates and records a finding; after the
// end date, with no objection open, the enterprise confirms the list (核准) and the confirmed
// applications go on to certificate issuance.
//
// "Today" comes from the clock of the act's context (the app's clock; tests and the demo choose
// the day), as the China calendar date of its instant.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { and, asc, desc, eq, inArray, like, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { ApplicationContent } from '../../domain/application-rules.ts';
import { requireCalendarDate, type CalendarDate } from '../../domain/calendar-date.ts';
import { cancellationRefusal, confirmationBlockers, noticePhase, objectionRefusal, startRefusal, type NoticePhase } from '../../domain/notice-rules.ts';
import { assertTransition, type NoticeEventAct } from '../../domain/transitions.ts';
import { createWorkCalendar, noticeEnd } from '../../domain/working-days.ts';
import { writeAudit } from '../../platform/audit.ts';
import { loadCalendars } from '../../platform/calendar-store.ts';
import type { Clock } from '../../platform/clock.ts';
import type { AuditContext, RequestContext, SystemContext } from '../../platform/context.ts';
import { AppError, fieldError, validationError, type FieldError } from '../../platform/errors.ts';
import { findFile, storeFile } from '../../platform/files.ts';
import { assertPermission, coversActor, hasPermission, isInScope, type Actor } from '../../platform/policy.ts';
import { applicantIdentityForBan, eventCommentColumns, listApplicationsInState, transitionApplication, type ApplicationInState, type EventComment } from '../applications/service.ts';
import { activeBansByHash, bannedPeopleRefusal, createBan } from '../bans/service.ts';
import { assertNotSuspended, recordUnitFraudSuspension } from '../bans/suspensions.ts';
import { notify } from '../notifications/service.ts';
import { notifyRole } from '../notifications/recipients.ts';
import { occupationNames } from '../occupations/service.ts';
import { findOrganisationsByIds, pathIds } from '../organisations/service.ts';
import { getPlanForApplications, type PlanForApplications } from '../plans/plan-for-applications.ts';
import type { FindingReq, NoticeDto, NoticeStartReq, ObjectionCreateReq, PublicObjectionFields } from './schemas.ts';
import { noticeCandidates, noticeEvents, noticeObjections, notices, type ObjectionStatus } from './tables.ts';

export type NoticeRow = typeof notices.$inferSelect;
type CandidateRow = typeof noticeCandidates.$inferSelect;
type ObjectionRow = typeof noticeObjections.$inferSelect;
export type Phase = NoticePhase;

function dayOf(clock: Clock): CalendarDate {
  const day = clock.today();
  requireCalendarDate(day, 'today');
  return day;
}

export function phaseOf(notice: Pick<NoticeRow, 'status' | 'startDate' | 'endDate'>, today: CalendarDate): Phase {
  return noticePhase(notice, today);
}

const OPEN_STATES: ObjectionStatus[] = ['open', 'investigating'];
const FINDING_NAMES = { upheld: '异议成立', dismissed: '异议不成立' } as const;

// ------------------------------------------------------------------------------ access

interface Access {
  manage: boolean;
  read: boolean;
}

function accessOf(actor: Actor, notice: NoticeRow): Access {
  const manage = hasPermission(actor, 'notice:manage') && isInScope(actor, notice.enterprisePath);
  const read = manage || (hasPermission(actor, 'notice:read') && (isInScope(actor, notice.enterprisePath) || coversActor(actor, notice.enterprisePath)));
  return { manage, read };
}

async function loadNotice(db: Database, context: RequestContext, id: string, need: 'read' | 'manage'): Promise<{ notice: NoticeRow; access: Access }> {
  assertPermission(context.actor, need === 'manage' ? 'notice:manage' : 'notice:read');
  const [notice] = await db.select().from(notices).where(eq(notices.id, id));
  if (!notice) throw new AppError('NOT_FOUND');
  const access = accessOf(context.actor, notice);
  if (!access[need]) throw new AppError('NOT_FOUND');
  return { notice, access };
}

async function requireManagedPlan(db: Database, context: RequestContext, planId: string): Promise<PlanForApplications> {
  assertPermission(context.actor, 'notice:manage');
  const plan = await getPlanForApplications(db, planId);
  if (!plan || !isInScope(context.actor, plan.enterprise.path)) throw new AppError('NOT_FOUND');
  return plan;
}

// ---------------------------------------------------------------------------- shaping

/** The summary of achievements published by default: each achievement's title and description. */
export function defaultSummary(content: ApplicationContent): string {
  // A description written as a sentence ends with 。 or ；: dropped, so that the joins read "…；…", not "…。；…".
  const clause = (value: string | null) => (value ?? '').trim().replace(/[。；;.，,\s]+$/u, '');
  const parts = content.achievements.map((achievement) => [clause(achievement.title), clause(achievement.description)].filter(Boolean).join('：'));
  const text = parts.filter(Boolean).join('；');
  if (!text) return '（见申报材料）';
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

async function candidatePreviews(db: Database, applications: ApplicationInState[], summaries: Record<string, string> = {}) {
  const units = new Map((await findOrganisationsByIds(db, [...new Set(applications.map((row) => row.organisationId))])).map((row) => [row.id, row.name]));
  const occupations = await occupationNames(db, applications.map((row) => row.occupationCode ?? '').filter(Boolean));
  return applications.map((row) => ({
    applicationId: row.id,
    name: row.name,
    organisationId: row.organisationId,
    organisationPath: row.organisationPath,
    unitName: units.get(row.organisationId) ?? '',
    department: row.content.identity.department ?? null,
    occupationCode: row.occupationCode,
    occupationName: row.occupationCode ? (occupations[row.occupationCode] ?? null) : null,
    summary: summaries[row.id]?.trim() || defaultSummary(row.content),
  }));
}

function candidateDto(row: CandidateRow, withApplication: boolean) {
  return {
    id: row.id,
    ...(withApplication ? { applicationId: row.applicationId } : {}),
    position: row.position,
    name: row.name,
    unitName: row.unitName,
    department: row.department,
    occupationCode: row.occupationCode,
    occupationName: row.occupationName,
    summary: row.summary,
    status: row.status,
    withdrawnReason: row.withdrawnReason,
  };
}

function objectionDto(row: ObjectionRow, candidates: Map<string, CandidateRow>) {
  return {
    id: row.id,
    candidateId: row.candidateId,
    candidateName: candidates.get(row.candidateId)?.name ?? '',
    channel: row.channel,
    objectorName: row.objectorName,
    objectorContact: row.objectorContact,
    content: row.content,
    evidenceFileIds: row.evidenceFileIds,
    status: row.status,
    investigation: row.investigation,
    findingReasons: row.findingReasons,
    fraud: row.fraud,
    unitFraud: row.unitFraud,
    raisedOn: row.raisedOn,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decidedByName: row.decidedByName,
    createdAt: row.createdAt.toISOString(),
  };
}

async function openObjectionCount(db: Database, noticeId: string): Promise<number> {
  const [{ count }] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(noticeObjections)
    .where(and(eq(noticeObjections.noticeId, noticeId), inArray(noticeObjections.status, OPEN_STATES)));
  return count;
}

async function summaryOf(db: Database, notice: NoticeRow, today: CalendarDate) {
  const [enterprise] = await findOrganisationsByIds(db, [notice.enterpriseId]);
  const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(noticeCandidates).where(eq(noticeCandidates.noticeId, notice.id));
  return {
    id: notice.id,
    planId: notice.planId,
    planTitle: notice.planTitle,
    planYear: notice.planYear,
    enterpriseName: enterprise?.name ?? '',
    status: notice.status,
    phase: phaseOf(notice, today),
    startDate: notice.startDate,
    endDate: notice.endDate,
    workingDays: notice.workingDays,
    contact: notice.contact,
    candidateCount: count,
    openObjections: await openObjectionCount(db, notice.id),
    confirmedAt: notice.confirmedAt?.toISOString() ?? null,
    cancelledAt: notice.cancelledAt?.toISOString() ?? null,
    cancelReason: notice.cancelReason,
  };
}

/** Why the list cannot be confirmed on `today`: every reason (empty when it can). */
function confirmBlockers(notice: NoticeRow, openObjections: number, today: CalendarDate): AppError[] {
  return confirmationBlockers(notice, openObjections, today).map((blocker) => new AppError(blocker.code, blocker.params));
}

async function noticeDto(db: Database, actor: Actor, notice: NoticeRow, access: Access, today: CalendarDate): Promise<NoticeDto> {
  const summary = await summaryOf(db, notice, today);
  const candidates = await db.select().from(noticeCandidates).where(eq(noticeCandidates.noticeId, notice.id)).orderBy(asc(noticeCandidates.position));
  const byId = new Map(candidates.map((row) => [row.id, row]));
  const objections = await db
    .select()
    .from(noticeObjections)
    .where(access.manage ? eq(noticeObjections.noticeId, notice.id) : and(eq(noticeObjections.noticeId, notice.id), eq(noticeObjections.objectorUserId, actor.userId)))
    .orderBy(asc(noticeObjections.createdAt), asc(noticeObjections.id));
  const events = access.manage ? await db.select().from(noticeEvents).where(eq(noticeEvents.noticeId, notice.id)).orderBy(asc(noticeEvents.at), asc(noticeEvents.id)) : [];
  return {
    ...summary,
    today,
    candidates: candidates.map((row) => candidateDto(row, access.manage)),
    publicLink: access.manage ? { enabled: notice.publicEnabled, token: notice.publicToken } : null,
    objections: objections.map((row) => objectionDto(row, byId)),
    events: events.map((event) => ({
      act: event.act,
      candidateName: event.candidateId ? (byId.get(event.candidateId)?.name ?? null) : null,
      comment: event.comment,
      commentEn: event.commentEn,
      actorName: event.actorName,
      at: event.at.toISOString(),
    })),
    canManage: access.manage,
    canObject: notice.status === 'open' && summary.phase === 'running',
    canCancel: access.manage && cancellationRefusal(notice, today) === null,
    confirmBlockers: access.manage ? confirmBlockers(notice, summary.openObjections, today).map((error) => ({ code: error.code, messages: error.messages })) : [],
  };
}

async function addEvent(tx: Database, context: AuditContext, noticeId: string, event: { act: NoticeEventAct; candidateId?: string | null; objectionId?: string | null; comment?: EventComment | null }) {
  await tx.insert(noticeEvents).values({
    noticeId,
    act: event.act,
    candidateId: event.candidateId ?? null,
    objectionId: event.objectionId ?? null,
    ...eventCommentColumns(event.comment),
    actorId: context.actor?.userId ?? null,
    actorName: context.actor?.displayName ?? '公众（公开链接）',
    at: context.clock.now(),
  });
}

// ---------------------------------------------------------------------------- reading

/** The notices the actor may see: HR and supervisors those in scope, employees their own enterprise's (a group's notice covers its subsidiaries). */
export async function listNotices(db: Database, context: RequestContext, query: { planId?: string }) {
  assertPermission(context.actor, 'notice:read');
  const path = context.actor.organisationPath;
  const visible = or(like(notices.enterprisePath, `${path}%`), sql`${path} like ${notices.enterprisePath} || '%'`)!;
  const rows = await db
    .select()
    .from(notices)
    .where(query.planId ? and(visible, eq(notices.planId, query.planId)) : visible)
    .orderBy(desc(notices.startDate), desc(notices.createdAt))
    .limit(500);
  const today = dayOf(context.clock);
  return Promise.all(rows.map((row) => summaryOf(db, row, today)));
}

export async function getNotice(db: Database, context: RequestContext, id: string): Promise<NoticeDto> {
  const { notice, access } = await loadNotice(db, context, id, 'read');
  return noticeDto(db, context.actor, notice, access, dayOf(context.clock));
}

/** The dates a notice starting on `startDate` would have, and the plan's recommended candidates. */
export async function previewNotice(db: Database, context: RequestContext, planId: string, startDate: CalendarDate) {
  const plan = await requireManagedPlan(db, context, planId);
  const workingDays = plan.publicity.workingDays;
  const endDate = noticeEnd(createWorkCalendar(await loadCalendars(db)), startDate, workingDays);
  const candidates = await candidatePreviews(db, await listApplicationsInState(db, planId, 'recommended'));
  const existing = await db.select().from(notices).where(eq(notices.planId, planId)).orderBy(desc(notices.createdAt));
  return {
    planId,
    planTitle: plan.title,
    startDate,
    endDate,
    workingDays,
    candidates: candidates.map(({ organisationId: _id, organisationPath: _path, ...candidate }) => candidate),
    notices: existing.map((row) => ({ id: row.id, status: row.status, startDate: row.startDate, endDate: row.endDate })),
  };
}

// ---------------------------------------------------------------------------- starting

/** 六(四): nobody under a ban is published or confirmed; the refusal names each one, the ban's basis and end. */
async function refuseBanned(db: Database, context: AuditContext, people: { path: string; name: string; idLookupHash: string }[]) {
  const bans = await activeBansByHash(db, people.map((person) => person.idLookupHash), context.clock.today());
  const refusal = bannedPeopleRefusal(people.flatMap((person) => (bans.has(person.idLookupHash) ? [{ path: person.path, name: person.name, ban: bans.get(person.idLookupHash)! }] : [])));
  if (refusal) throw refusal;
}

/**
 * Starts the notice of a plan's recommended list: the end date counted with the working-day rules
 * (the plan's length, never fewer than 5 working days; CALENDAR_MISSING when a year it spans has
 * no calendar); every recommended application moves to in-notice.
 */
export async function startNotice(db: Database, context: RequestContext, input: NoticeStartReq) {
  const plan = await requireManagedPlan(db, context, input.planId);
  requireCalendarDate(input.startDate, 'startDate');
  // A notice is an event people must be able to see: it starts today or later (四(三)).
  const tooEarly = startRefusal(input.startDate, dayOf(context.clock));
  if (tooEarly) throw new AppError(tooEarly.code, tooEarly.params);
  const workingDays = plan.publicity.workingDays;
  const endDate = noticeEnd(createWorkCalendar(await loadCalendars(db)), input.startDate, workingDays);
  const recommended = await listApplicationsInState(db, plan.id, 'recommended');
  if (!recommended.length) throw new AppError('NOTICE_NO_CANDIDATES');
  await assertNotSuspended(db, context, [plan.enterprise.path, ...recommended.map((row) => row.organisationPath)], 'notice');
  await refuseBanned(db, context, recommended.map((row, index) => ({ path: `candidates.${index}`, name: row.name, idLookupHash: row.idLookupHash })));
  const unknown = Object.keys(input.summaries ?? {}).filter((id) => !recommended.some((row) => row.id === id));
  if (unknown.length) {
    throw validationError(unknown.map((id) => fieldError(`summaries.${id}`, 'NOT_RECOMMENDED', '该申报不在拟推荐名单中', 'This application is not on the recommended list')));
  }
  const candidates = await candidatePreviews(db, recommended, input.summaries);
  const notice = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(notices)
      .values({
        planId: plan.id,
        planTitle: plan.title,
        planYear: plan.year,
        enterpriseId: plan.enterprise.id,
        enterprisePath: plan.enterprise.path,
        startDate: input.startDate,
        endDate,
        workingDays,
        contact: input.contact,
        publicEnabled: Boolean(input.publicLink),
        publicToken: input.publicLink ? randomBytes(24).toString('base64url') : null,
        createdBy: context.actor.userId,
      })
      .returning();
    await tx.insert(noticeCandidates).values(
      candidates.map((candidate, index) => ({
        noticeId: created.id,
        applicationId: candidate.applicationId,
        position: index + 1,
        name: candidate.name,
        organisationId: candidate.organisationId,
        organisationPath: candidate.organisationPath,
        unitName: candidate.unitName,
        department: candidate.department,
        occupationCode: candidate.occupationCode,
        occupationName: candidate.occupationName,
        summary: candidate.summary,
      })),
    );
    for (const candidate of candidates) {
      await transitionApplication(tx, context, { applicationId: candidate.applicationId, act: 'start-notice', auditAction: 'application.notice-started', comment: { 'zh-CN': `公示期 ${input.startDate} 至 ${endDate}`, en: `Public notice from ${input.startDate} to ${endDate}` } });
    }
    await addEvent(tx, context, created.id, { act: 'started', comment: { 'zh-CN': `公示期 ${input.startDate} 至 ${endDate}（${workingDays}个工作日），${candidates.length}名人选`, en: `Public notice from ${input.startDate} to ${endDate} (${workingDays} working days), ${candidates.length} candidate(s)` } });
    if (input.publicLink) await addEvent(tx, context, created.id, { act: 'public-link-on' });
    await writeAudit(tx, context, {
      action: 'notice.started',
      targetType: 'notice',
      targetId: created.id,
      organisationId: plan.enterprise.id,
      organisationPath: plan.enterprise.path,
      after: { planId: plan.id, startDate: input.startDate, endDate, workingDays, candidates: candidates.map((candidate) => candidate.applicationId), publicLink: Boolean(input.publicLink) },
    });
    return created;
  });
  return noticeDto(db, context.actor, notice, { manage: true, read: true }, context.clock.today());
}

/** Turns the public link on (a new random token the first time) or off. */
export async function setPublicLink(db: Database, context: RequestContext, id: string, enabled: boolean) {
  const { notice, access } = await loadNotice(db, context, id, 'manage');
  const token = notice.publicToken ?? (enabled ? randomBytes(24).toString('base64url') : null);
  const updated = await db.transaction(async (tx) => {
    const [saved] = await tx.update(notices).set({ publicEnabled: enabled, publicToken: token }).where(eq(notices.id, id)).returning();
    await addEvent(tx, context, id, { act: enabled ? 'public-link-on' : 'public-link-off' });
    await writeAudit(tx, context, {
      action: 'notice.public-link-changed',
      targetType: 'notice',
      targetId: id,
      organisationId: notice.enterpriseId,
      organisationPath: notice.enterprisePath,
      before: { publicEnabled: notice.publicEnabled },
      after: { publicEnabled: enabled },
    });
    return saved;
  });
  return noticeDto(db, context.actor, updated, access, dayOf(context.clock));
}

// --------------------------------------------------------------------------- objections

function checkWindow(notice: NoticeRow, today: CalendarDate) {
  if (notice.status !== 'open') throw new AppError('NOTICE_OBJECTION_PERIOD_OVER', { end: notice.endDate });
  const refusal = objectionRefusal(notice, today);
  if (refusal) throw new AppError(refusal.code, refusal.params);
}

async function requireCandidate(db: Database, notice: NoticeRow, candidateId: string): Promise<CandidateRow> {
  const [candidate] = await db.select().from(noticeCandidates).where(and(eq(noticeCandidates.id, candidateId), eq(noticeCandidates.noticeId, notice.id)));
  if (!candidate) throw validationError([fieldError('candidateId', 'NOT_ON_NOTICE', '该人选不在本次公示名单中', 'This candidate is not on this notice')]);
  if (candidate.status !== 'in-notice') throw new AppError('OBJECTION_CANDIDATE_WITHDRAWN');
  return candidate;
}

async function recordObjection(
  db: Database,
  context: AuditContext,
  notice: NoticeRow,
  candidate: CandidateRow,
  input: { name: string; contact: string; content: string; evidenceFileIds: string[]; channel: 'app' | 'public'; lookupCodeHash: string | null; raisedOn: CalendarDate },
) {
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(noticeObjections)
      .values({
        noticeId: notice.id,
        candidateId: candidate.id,
        channel: input.channel,
        objectorUserId: context.actor?.userId ?? null,
        objectorName: input.name,
        objectorContact: input.contact,
        content: input.content,
        evidenceFileIds: input.evidenceFileIds,
        lookupCodeHash: input.lookupCodeHash,
        raisedOn: input.raisedOn,
      })
      .returning();
    await addEvent(tx, context, notice.id, { act: 'objection-raised', candidateId: candidate.id, objectionId: created.id, comment: { 'zh-CN': `实名异议人：${input.name}（${input.channel === 'public' ? '公开链接' : '系统内'}）`, en: `Objection in the real name of ${input.name} (${input.channel === 'public' ? 'public link' : 'in the system'})` } });
    await writeAudit(tx, context, {
      action: 'notice.objection-raised',
      targetType: 'notice-objection',
      targetId: created.id,
      organisationId: notice.enterpriseId,
      organisationPath: notice.enterprisePath,
      after: { noticeId: notice.id, candidateId: candidate.id, channel: input.channel, evidence: input.evidenceFileIds.length },
    });
    // 异议 (四(三)): the enterprise's HR has an objection to investigate and answer.
    await notifyRole(tx, {
      role: 'enterprise-admin',
      organisationPath: notice.enterprisePath,
      kind: 'notice.objection-raised',
      title: { 'zh-CN': '收到公示异议待办理', en: 'An objection to answer' },
      body: {
        'zh-CN': `${input.name}对公示人选${candidate.name}提出实名异议，请调查核实并作出结论；异议办结前不能核准名单。`,
        en: `${input.name} objected to ${candidate.name} in their real name: investigate and decide; the list cannot be confirmed until it is decided.`,
      },
      link: `/notices/${notice.id}`,
    });
    return created;
  });
}

/** A signed-in user objects in their real name, with contact and evidence (files uploaded through /api/v1/files). */
export async function raiseObjection(db: Database, context: RequestContext, id: string, input: ObjectionCreateReq) {
  const { notice } = await loadNotice(db, context, id, 'read');
  const today = dayOf(context.clock);
  checkWindow(notice, today);
  const candidate = await requireCandidate(db, notice, input.candidateId);
  const errors: FieldError[] = [];
  for (const [index, fileId] of input.evidenceFileIds.entries()) {
    try {
      await findFile(db, context, fileId);
    } catch {
      errors.push(fieldError(`evidenceFileIds.${index}`, 'EVIDENCE_NOT_FOUND', '证据文件不存在或无权使用，请重新上传', 'The evidence file does not exist or is not yours; upload it again'));
    }
  }
  if (errors.length) throw validationError(errors);
  const created = await recordObjection(db, context, notice, candidate, { ...input, channel: 'app', lookupCodeHash: null, raisedOn: today });
  return objectionDto(created, new Map([[candidate.id, candidate]]));
}

function hashCode(code: string): string {
  return createHash('sha256').update(`notice-objection:${code.trim().toUpperCase()}`).digest('hex');
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function lookupCode(): string {
  let code = '';
  for (let index = 0; index < 12; index += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

async function publicNoticeRow(db: Database, token: string): Promise<NoticeRow> {
  const [notice] = await db.select().from(notices).where(eq(notices.publicToken, token));
  if (!notice || !notice.publicEnabled) throw new AppError('NOTICE_PUBLIC_LINK_OFF');
  return notice;
}

/** The notice as the public link shows it: never the ID number nor the application. */
export async function getPublicNotice(db: Database, token: string, clock: Clock) {
  const notice = await publicNoticeRow(db, token);
  const [enterprise] = await findOrganisationsByIds(db, [notice.enterpriseId]);
  const candidates = await db.select().from(noticeCandidates).where(eq(noticeCandidates.noticeId, notice.id)).orderBy(asc(noticeCandidates.position));
  return {
    planTitle: notice.planTitle,
    enterpriseName: enterprise?.name ?? '',
    status: notice.status,
    phase: phaseOf(notice, dayOf(clock)),
    cancelReason: notice.cancelReason,
    startDate: notice.startDate,
    endDate: notice.endDate,
    workingDays: notice.workingDays,
    contact: notice.contact,
    candidates: candidates.map((row) => candidateDto(row, false)),
  };
}

/**
 * An objection through the public link: real name and contact, evidence files (PDF, JPG or PNG only,
 * judged by content and stored with storeFile for the enterprise). Returns a look-up code for the finding.
 */
export async function raisePublicObjection(
  db: Database,
  context: SystemContext,
  token: string,
  input: PublicObjectionFields & { files: { name: string; bytes: Buffer }[] },
) {
  const notice = await publicNoticeRow(db, token);
  const today = dayOf(context.clock);
  checkWindow(notice, today);
  const candidate = await requireCandidate(db, notice, input.candidateId);
  const fileIds: string[] = [];
  for (const file of input.files) fileIds.push((await storeFile(db, context, { name: file.name, bytes: file.bytes, accept: ['pdf', 'jpeg', 'png'], organisationId: notice.enterpriseId })).id);
  const code = lookupCode();
  const created = await recordObjection(db, context, notice, candidate, { ...input, evidenceFileIds: fileIds, channel: 'public', lookupCodeHash: hashCode(code), raisedOn: today });
  return { id: created.id, lookupCode: code, raisedOn: today };
}

/** The state and finding of a public objection, by its look-up code. */
export async function lookupPublicObjection(db: Database, token: string, code: string) {
  const notice = await publicNoticeRow(db, token);
  const [objection] = await db.select().from(noticeObjections).where(and(eq(noticeObjections.noticeId, notice.id), eq(noticeObjections.lookupCodeHash, hashCode(code))));
  if (!objection) throw new AppError('NOT_FOUND');
  const [candidate] = await db.select().from(noticeCandidates).where(eq(noticeCandidates.id, objection.candidateId));
  return {
    candidateName: candidate?.name ?? '',
    status: objection.status,
    findingReasons: objection.status === 'upheld' || objection.status === 'dismissed' ? objection.findingReasons : null,
    raisedOn: objection.raisedOn,
    decidedAt: objection.decidedAt?.toISOString() ?? null,
  };
}

async function loadObjection(db: Database, context: RequestContext, id: string, objectionId: string) {
  const { notice, access } = await loadNotice(db, context, id, 'manage');
  if (notice.status !== 'open') throw new AppError('NOTICE_CLOSED');
  const [objection] = await db.select().from(noticeObjections).where(and(eq(noticeObjections.id, objectionId), eq(noticeObjections.noticeId, id)));
  if (!objection) throw new AppError('NOT_FOUND');
  if (!OPEN_STATES.includes(objection.status)) throw new AppError('OBJECTION_DECIDED', { finding: FINDING_NAMES[objection.status as 'upheld' | 'dismissed'] });
  return { notice, access, objection };
}

/** HR records a step of the investigation (调查核实); the objection is then "investigating". */
export async function investigateObjection(db: Database, context: RequestContext, id: string, objectionId: string, note: string) {
  const { notice, access, objection } = await loadObjection(db, context, id, objectionId);
  const today = dayOf(context.clock);
  const investigation = [objection.investigation, `${today} ${context.actor.displayName}：${note}`].filter(Boolean).join('\n');
  await db.transaction(async (tx) => {
    const [saved] = await tx
      .update(noticeObjections)
      .set({ status: 'investigating', investigation })
      .where(and(eq(noticeObjections.id, objectionId), inArray(noticeObjections.status, OPEN_STATES)))
      .returning();
    if (!saved) throw new AppError('CONFLICT');
    await addEvent(tx, context, id, { act: 'objection-investigated', candidateId: objection.candidateId, objectionId, comment: note });
    await writeAudit(tx, context, {
      action: 'notice.objection-investigated',
      targetType: 'notice-objection',
      targetId: objectionId,
      organisationId: notice.enterpriseId,
      organisationPath: notice.enterprisePath,
      before: { status: objection.status },
      after: { status: 'investigating', note },
    });
  });
  return noticeDto(db, context.actor, notice, access, today);
}

/**
 * HR records the finding. Upheld: the candidate is withdrawn (in-notice → withdrawn; the others'
 * notice goes on unchanged); for fraud (弄虚作假) the applicant is disqualified for the plan's year and
 * banned for five years, and with `unitFraud` the applicant's unit as well (by its unified social
 * credit code). Dismissed: the reasons are told to the objector. Irreversible.
 */
export async function decideObjection(db: Database, context: RequestContext, id: string, objectionId: string, input: FindingReq) {
  const { notice, access, objection } = await loadObjection(db, context, id, objectionId);
  const today = dayOf(context.clock);
  const errors: FieldError[] = [];
  if (input.outcome === 'dismissed' && input.fraud) errors.push(fieldError('fraud', 'FRAUD_NEEDS_UPHELD', '只有异议成立时才能认定弄虚作假', 'Fraud can only be found on an upheld objection'));
  if (input.unitFraud && !input.fraud) errors.push(fieldError('unitFraud', 'UNIT_FRAUD_NEEDS_FRAUD', '认定申报单位弄虚作假前，须先认定申报人弄虚作假', 'A unit is found fraudulent only together with the applicant'));
  const [candidate] = await db.select().from(noticeCandidates).where(eq(noticeCandidates.id, objection.candidateId));
  const [unit] = input.unitFraud ? await findOrganisationsByIds(db, [candidate.organisationId]) : [];
  if (input.unitFraud && !unit?.creditCode) {
    errors.push(fieldError('unitFraud', 'UNIT_CREDIT_CODE_MISSING', `申报单位“${unit?.name ?? candidate.unitName}”未登记统一社会信用代码，无法记入禁入名单；请先在组织机构中补充`, 'The unit has no unified social credit code recorded; add it in Organisations first'));
  }
  if (errors.length) throw validationError(errors);
  await db.transaction(async (tx) => {
    const [saved] = await tx
      .update(noticeObjections)
      .set({
        status: input.outcome,
        findingReasons: input.reasons,
        fraud: input.fraud,
        unitFraud: input.unitFraud,
        decidedAt: context.clock.now(),
        decidedBy: context.actor.userId,
        decidedByName: context.actor.displayName,
      })
      .where(and(eq(noticeObjections.id, objectionId), inArray(noticeObjections.status, OPEN_STATES)))
      .returning();
    if (!saved) throw new AppError('CONFLICT');
    await addEvent(tx, context, id, { act: input.outcome === 'upheld' ? 'objection-upheld' : 'objection-dismissed', candidateId: candidate.id, objectionId, comment: input.reasons });
    await writeAudit(tx, context, {
      action: 'notice.objection-decided',
      targetType: 'notice-objection',
      targetId: objectionId,
      organisationId: notice.enterpriseId,
      organisationPath: notice.enterprisePath,
      before: { status: objection.status },
      after: { status: input.outcome, reasons: input.reasons, fraud: input.fraud, unitFraud: input.unitFraud, candidateId: candidate.id },
    });
    if (input.outcome === 'upheld' && candidate.status === 'in-notice') {
      const reason = input.fraud ? `异议成立（弄虚作假）：${input.reasons}` : `异议成立：${input.reasons}`;
      await tx.update(noticeCandidates).set({ status: 'withdrawn', withdrawnReason: reason }).where(eq(noticeCandidates.id, candidate.id));
      await transitionApplication(tx, context, { applicationId: candidate.applicationId, act: 'withdraw', auditAction: 'application.withdrawn', comment: reason });
      await addEvent(tx, context, id, { act: 'candidate-withdrawn', candidateId: candidate.id, objectionId, comment: reason });
    }
    if (input.outcome === 'upheld' && input.fraud) {
      const identity = await applicantIdentityForBan(tx, candidate.applicationId);
      if (!identity) throw new AppError('NOT_FOUND');
      const basis = `${notice.planYear}年度特级技师评聘公示期间经核实申报材料弄虚作假，取消当年评聘资格：${input.reasons}`;
      const source = { sourceType: 'notice-objection', sourceId: objectionId, organisationId: notice.enterpriseId, organisationPath: notice.enterprisePath, fromDate: today, yearDisqualified: notice.planYear, basis };
      const ban = await createBan(tx, context, { subjectType: 'person', idType: identity.idType, number: identity.idNumber, subjectName: identity.name, ...source });
      await addEvent(tx, context, id, { act: 'ban-recorded', candidateId: candidate.id, objectionId, comment: { 'zh-CN': `申报人${identity.name}禁止申报至 ${ban.untilDate}`, en: `Applicant ${identity.name} barred from applying until ${ban.untilDate}` } });
      if (input.unitFraud && unit?.creditCode) {
        const unitBan = await createBan(tx, context, { subjectType: 'unit', number: unit.creditCode, subjectName: unit.name, ...source });
        await addEvent(tx, context, id, { act: 'ban-recorded', candidateId: candidate.id, objectionId, comment: { 'zh-CN': `申报单位${unit.name}禁止参评至 ${unitBan.untilDate}`, en: `Applying unit ${unit.name} barred from evaluation until ${unitBan.untilDate}` } });
        // The unit's evaluation is suspended until its ban ends; the supervising department may lift it or decide otherwise.
        const [enterprise] = await findOrganisationsByIds(tx, [notice.enterpriseId]);
        const suspension = await recordUnitFraudSuspension(tx, context, {
          unit: { id: unit.id, path: unit.path, name: unit.name },
          untilDate: unitBan.untilDate,
          findings: `公示期间异议成立，申报单位弄虚作假：${input.reasons}`,
          objectionId,
          decidedBy: { id: notice.enterpriseId, name: enterprise?.name ?? '' },
        });
        await addEvent(tx, context, id, { act: 'suspension-recorded', candidateId: candidate.id, objectionId, comment: { 'zh-CN': `申报单位${unit.name}暂停评审 ${suspension.fromDate} 至 ${suspension.untilDate}`, en: `Evaluation of applying unit ${unit.name} suspended from ${suspension.fromDate} to ${suspension.untilDate}` } });
        const department = (await findOrganisationsByIds(tx, pathIds(unit.path))).filter((organisation) => organisation.kind === 'department').sort((a, b) => b.path.length - a.path.length)[0];
        if (department) await notifyRole(tx, {
          role: 'department-admin',
          organisationPath: department.path,
          kind: 'suspension.created',
          title: { 'zh-CN': '申报单位弄虚作假，评审已暂停', en: 'A unit’s evaluation was suspended for fraud' },
          body: {
            'zh-CN': `${enterprise?.name ?? ''}在公示中认定${unit.name}弄虚作假，其评审暂停至 ${suspension.untilDate}。主管部门可决定暂停期限或解除。`,
            en: `${enterprise?.name ?? ''} found ${unit.name} fraudulent during its notice; its evaluation is suspended until ${suspension.untilDate}. The department may decide the period or lift it.`,
          },
          link: '/bans',
        });
      }
    }
    if (objection.objectorUserId) {
      await notify(tx, context.clock, {
        userId: objection.objectorUserId,
        kind: 'notice.objection-decided',
        title: { 'zh-CN': `您提出的异议：${FINDING_NAMES[input.outcome]}`, en: `Your objection was ${input.outcome}` },
        body: { 'zh-CN': `关于${candidate.name}的异议经调查核实，结论为${FINDING_NAMES[input.outcome]}。理由：${input.reasons}`, en: `Your objection about ${candidate.name} was ${input.outcome}. Reasons: ${input.reasons}` },
        link: `/notices/${id}`,
      });
    }
  });
  return noticeDto(db, context.actor, notice, access, today);
}

// --------------------------------------------------------------------------- confirming

/**
 * 核准: after the end date, with no objection open, the enterprise confirms the list: every candidate
 * still in the notice moves to confirmed. Issuance stays with HR's certificates page, which reads the
 * confirmed applications through `listConfirmedApplications(db, planId)` of the applications module.
 */
export async function confirmNotice(db: Database, context: RequestContext, id: string) {
  const { notice, access } = await loadNotice(db, context, id, 'manage');
  const today = dayOf(context.clock);
  const blockers = confirmBlockers(notice, await openObjectionCount(db, id), today);
  if (blockers.length) {
    const [first] = blockers;
    throw new AppError(first.code as 'NOTICE_NOT_ENDED', first.params, { errors: blockers.map((error) => ({ path: '', code: error.code, messages: error.messages })) });
  }
  const to = assertTransition('notice', notice.status, 'confirm');
  const remaining = await db.select().from(noticeCandidates).where(and(eq(noticeCandidates.noticeId, id), eq(noticeCandidates.status, 'in-notice')));
  await assertNotSuspended(db, context, [notice.enterprisePath, ...remaining.map((candidate) => candidate.organisationPath)], 'confirmation');
  const states = new Map((await listApplicationsInState(db, notice.planId, 'in-notice')).map((row) => [row.id, row]));
  await refuseBanned(
    db,
    context,
    remaining.flatMap((candidate, index) => {
      const application = states.get(candidate.applicationId);
      return application ? [{ path: `candidates.${index}`, name: candidate.name, idLookupHash: application.idLookupHash }] : [];
    }),
  );
  const confirmedApplicationIds = await db.transaction(async (tx) => {
    const [saved] = await tx
      .update(notices)
      .set({ status: to, confirmedAt: context.clock.now(), confirmedBy: context.actor.userId })
      .where(and(eq(notices.id, id), eq(notices.status, 'open')))
      .returning();
    if (!saved) throw new AppError('CONFLICT');
    const open = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(noticeObjections)
      .where(and(eq(noticeObjections.noticeId, id), inArray(noticeObjections.status, OPEN_STATES)));
    if (open[0].count > 0) throw new AppError('NOTICE_OBJECTIONS_OPEN', { count: open[0].count });
    const candidates = await tx.select().from(noticeCandidates).where(and(eq(noticeCandidates.noticeId, id), eq(noticeCandidates.status, 'in-notice')));
    for (const candidate of candidates) {
      await tx.update(noticeCandidates).set({ status: 'confirmed' }).where(eq(noticeCandidates.id, candidate.id));
      await transitionApplication(tx, context, { applicationId: candidate.applicationId, act: 'confirm', auditAction: 'application.confirmed', comment: { 'zh-CN': `公示期满无异议，${today}核准`, en: `The notice ended without a standing objection; confirmed on ${today}` } });
    }
    await addEvent(tx, context, id, { act: 'confirmed', comment: { 'zh-CN': `核准名单 ${candidates.length} 人`, en: `List confirmed: ${candidates.length} candidate(s)` } });
    await writeAudit(tx, context, {
      action: 'notice.confirmed',
      targetType: 'notice',
      targetId: id,
      organisationId: notice.enterpriseId,
      organisationPath: notice.enterprisePath,
      before: { status: 'open' },
      after: { status: 'confirmed', on: today, confirmed: candidates.map((candidate) => candidate.applicationId) },
    });
    return candidates.map((candidate) => candidate.applicationId);
  });
  const [updated] = await db.select().from(notices).where(eq(notices.id, id));
  return { notice: await noticeDto(db, context.actor, updated, access, today), confirmedApplicationIds };
}

// --------------------------------------------------------------------------- cancelling

/**
 * 撤销公示: HR cancels a notice that has not ended (not started yet, or running), with a reason
 * (open → cancelled). Its candidates still in the notice return to the recommended list through the
 * application life cycle (in-notice → recommended) and may be published again with new dates;
 * objections still open lapse and their objectors are told. A notice whose last day has passed ran
 * its full period and cannot be cancelled (NOTICE_ENDED).
 */
export async function cancelNotice(db: Database, context: RequestContext, id: string, input: { reason: string }) {
  const { notice, access } = await loadNotice(db, context, id, 'manage');
  const today = dayOf(context.clock);
  const refusal = cancellationRefusal(notice, today);
  if (refusal) throw new AppError(refusal.code, refusal.params);
  const to = assertTransition('notice', notice.status, 'cancel');
  const reason = input.reason.trim();
  await db.transaction(async (tx) => {
    const [saved] = await tx
      .update(notices)
      .set({ status: to, cancelledAt: context.clock.now(), cancelledBy: context.actor.userId, cancelReason: reason })
      .where(and(eq(notices.id, id), eq(notices.status, notice.status)))
      .returning();
    if (!saved) throw new AppError('CONFLICT');
    const candidates = await tx.select().from(noticeCandidates).where(and(eq(noticeCandidates.noticeId, id), eq(noticeCandidates.status, 'in-notice')));
    for (const candidate of candidates) {
      await tx.update(noticeCandidates).set({ status: 'cancelled' }).where(eq(noticeCandidates.id, candidate.id));
      await transitionApplication(tx, context, { applicationId: candidate.applicationId, act: 'cancel-notice', auditAction: 'application.notice-cancelled', comment: { 'zh-CN': `公示（${notice.startDate} 至 ${notice.endDate}）已撤销：${reason}`, en: `The notice (${notice.startDate} to ${notice.endDate}) was cancelled: ${reason}` } });
    }
    const lapsed = await tx
      .update(noticeObjections)
      .set({ status: 'lapsed', findingReasons: `公示已撤销：${reason}`, decidedAt: context.clock.now(), decidedBy: context.actor.userId, decidedByName: context.actor.displayName })
      .where(and(eq(noticeObjections.noticeId, id), inArray(noticeObjections.status, OPEN_STATES)))
      .returning();
    await addEvent(tx, context, id, { act: 'cancelled', comment: {
        'zh-CN': `撤销公示：${reason}（${candidates.length}名人选退回拟推荐名单${lapsed.length ? `，${lapsed.length}件未办结异议终止` : ''}）`,
        en: `Notice cancelled: ${reason} (${candidates.length} candidate(s) back on the recommended list${lapsed.length ? `; ${lapsed.length} open objection(s) ended` : ''})`,
      },
    });
    await writeAudit(tx, context, {
      action: 'notice.cancelled',
      targetType: 'notice',
      targetId: id,
      organisationId: notice.enterpriseId,
      organisationPath: notice.enterprisePath,
      before: { status: notice.status, startDate: notice.startDate, endDate: notice.endDate },
      after: { status: to, on: today, reason, returned: candidates.map((candidate) => candidate.applicationId), lapsedObjections: lapsed.map((objection) => objection.id) },
    });
    const objectors = [...new Set(lapsed.map((objection) => objection.objectorUserId).filter((userId): userId is string => Boolean(userId)))];
    await notify(
      tx,
      context.clock,
      objectors.map((userId) => ({
        userId,
        kind: 'notice.cancelled',
        title: { 'zh-CN': '您提出异议的公示已撤销', en: 'The notice you objected to was cancelled' },
        body: {
          'zh-CN': `${notice.planTitle ?? '特级技师拟推荐人选'}公示（${notice.startDate} 至 ${notice.endDate}）已撤销：${reason}。重新公示时，您可再次提出异议。`,
          en: `The notice (${notice.startDate} to ${notice.endDate}) was cancelled: ${reason}. You may object again when the list is published anew.`,
        },
        link: `/notices/${id}`,
      })),
    );
  });
  const [updated] = await db.select().from(notices).where(eq(notices.id, id));
  return noticeDto(db, context.actor, updated, access, today);
}

// ----------------------------------------------------------------- for other modules

/**
 * Inside the transaction of a finding of fraud (六(四)) on an application in a notice: its candidate
 * is withdrawn from the open notice with the reason (the others' notice goes on unchanged). The
 * application itself is moved by the finding.
 */
export async function withdrawCandidateForFraud(tx: Database, context: AuditContext, applicationId: string, reason: string): Promise<void> {
  const rows = await tx
    .select({ candidate: noticeCandidates, notice: notices })
    .from(noticeCandidates)
    .innerJoin(notices, eq(notices.id, noticeCandidates.noticeId))
    .where(and(eq(noticeCandidates.applicationId, applicationId), eq(noticeCandidates.status, 'in-notice'), eq(notices.status, 'open')));
  for (const { candidate, notice } of rows) {
    await tx.update(noticeCandidates).set({ status: 'withdrawn', withdrawnReason: reason }).where(eq(noticeCandidates.id, candidate.id));
    await addEvent(tx, context, notice.id, { act: 'candidate-withdrawn', candidateId: candidate.id, comment: reason });
  }
}

/**
 * The confirmed notice each application stands confirmed on (its candidate `confirmed` on a notice
 * `confirmed`): what a certificate on the confirmed list rests on (四(三)). Applications without one
 * are absent.
 */
export async function confirmedNoticesOf(db: Database, applicationIds: readonly string[]): Promise<Map<string, { noticeId: string; startDate: CalendarDate; endDate: CalendarDate; confirmedAt: Date | null }>> {
  const found = new Map<string, { noticeId: string; startDate: CalendarDate; endDate: CalendarDate; confirmedAt: Date | null }>();
  const ids = [...new Set(applicationIds)];
  for (let start = 0; start < ids.length; start += 1000) {
    const rows = await db
      .select({ applicationId: noticeCandidates.applicationId, noticeId: notices.id, startDate: notices.startDate, endDate: notices.endDate, confirmedAt: notices.confirmedAt })
      .from(noticeCandidates)
      .innerJoin(notices, eq(notices.id, noticeCandidates.noticeId))
      .where(and(inArray(noticeCandidates.applicationId, ids.slice(start, start + 1000)), eq(noticeCandidates.status, 'confirmed'), eq(notices.status, 'confirmed')));
    for (const row of rows) found.set(row.applicationId, { noticeId: row.noticeId, startDate: row.startDate, endDate: row.endDate, confirmedAt: row.confirmedAt });
  }
  return found;
}

/** What the printable notice needs (read access). */
export async function noticeForPrint(db: Database, context: RequestContext, id: string) {
  const { notice } = await loadNotice(db, context, id, 'read');
  const [enterprise] = await findOrganisationsByIds(db, [notice.enterpriseId]);
  const candidates = await db.select().from(noticeCandidates).where(eq(noticeCandidates.noticeId, id)).orderBy(asc(noticeCandidates.position));
  return { notice, enterpriseName: enterprise?.name ?? '', candidates };
}
