// 申报: drafts, saving, submitting (the eligibility rules run on each submitted version), and
// reading applications. HR's screening acts are in screening.ts; what concerns a whole plan
// (candidates from the register, invitations, quotas, export, handover) in plan-screening.ts.
import { and, asc, desc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  applicationIssues,
  eligibilityApplicantOf,
  emptyApplicationContent,
  evidenceFileIds,
  normaliseApplicationContent,
  reviewedConditions,
  type ApplicationContent,
  type ConditionReview,
  type FactCorrection,
  type StoredEligibility,
} from '../../domain/application-rules.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { checkEligibility, type BasicConditionId } from '../../domain/eligibility.ts';
import { birthYearOf, maskIdNumber, validateIdentity, type IdentityType } from '../../domain/identity.ts';
import { mayFindFraud } from '../../domain/sanction-rules.ts';
import { allowedActs, assertTransition, nextState, type ApplicationEventAct } from '../../domain/transitions.ts';
import { writeAudit, writeAuditEntries, type AuditAction } from '../../platform/audit.ts';
import type { AuditContext, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, validationError, type FieldError } from '../../platform/errors.ts';
import { findFile } from '../../platform/files.ts';
import { decryptPersonalData, encryptPersonalData, lookupHash } from '../../platform/personal-data.ts';
import { assertPermission, coversActor, hasPermission, isInScope, type Actor } from '../../platform/policy.ts';
import { banRefusal, findActiveBan, findActiveUnitBan } from '../bans/service.ts';
import { assertNotSuspended } from '../bans/suspensions.ts';
import { fingerprintApplication } from '../evidence/fingerprint-evidence.ts';
import { notify } from '../notifications/service.ts';
import { notifyApplicants } from './applicant-notices.ts';
import { occupationNames } from '../occupations/service.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import { getPlanForApplications, publishedPlanTitles, type PlanForApplications } from '../plans/plan-for-applications.ts';
import { listPublishedPlans } from '../plans/service.ts';
import { employeeIdNumber, findEmployee, findEmployeeByHash, findEmployeeByUser, linkEmployeeUser, type RegisterEmployee } from '../register/service.ts';
import type { ApplicationCreateReq, ApplicationUpdateReq } from './schemas.ts';
import {
  applicationConditionReviews,
  applicationEvents,
  applicationFactCorrections,
  applicationInvitations,
  applications,
  applicationVersions,
  type ApplicationStatus,
} from './tables.ts';

export type ApplicationRow = typeof applications.$inferSelect;
export const ID_NUMBER_AAD = 'applications.id_number';

export const STATUS_NAMES: Record<string, { 'zh-CN': string; en: string }> = {
  draft: { 'zh-CN': '草稿', en: 'draft' },
  submitted: { 'zh-CN': '已提交待审核', en: 'submitted' },
  returned: { 'zh-CN': '已退回修改', en: 'returned' },
  ineligible: { 'zh-CN': '不符合条件', en: 'ineligible' },
  eligible: { 'zh-CN': '符合条件', en: 'eligible' },
  'in-review': { 'zh-CN': '评审中', en: 'in review' },
  recommended: { 'zh-CN': '拟推荐', en: 'recommended' },
  'not-recommended': { 'zh-CN': '未推荐', en: 'not recommended' },
  'in-notice': { 'zh-CN': '公示中', en: 'in notice' },
  withdrawn: { 'zh-CN': '已撤销', en: 'withdrawn' },
  confirmed: { 'zh-CN': '已核准', en: 'confirmed' },
  certified: { 'zh-CN': '已发证', en: 'certified' },
  appointed: { 'zh-CN': '已聘任', en: 'appointed' },
  exited: { 'zh-CN': '已退出', en: 'exited' },
  disqualified: { 'zh-CN': '已取消评审资格', en: 'disqualified' },
};

// ---------------------------------------------------------------------------------- plans

export interface PlanBrief {
  id: string;
  title: string | null;
  year: number;
  enterpriseId: string;
  enterpriseName: string;
  status: string;
  version: number;
  window: { from: string | null; to: string | null };
  /** Today lies in the application window of a published plan. */
  open: boolean;
  cutoffDate: string | null;
  minYearsInPost: number;
  occupations: { code: string; name: string }[];
}

export function windowOpen(plan: PlanForApplications, on: CalendarDate): boolean {
  return plan.status === 'published' && Boolean(plan.window.from && plan.window.to && plan.window.from <= on && on <= plan.window.to);
}

export function planBrief(plan: PlanForApplications, today: CalendarDate): PlanBrief {
  return {
    id: plan.id,
    title: plan.title,
    year: plan.year,
    enterpriseId: plan.enterprise.id,
    enterpriseName: plan.enterprise.name,
    status: plan.status,
    version: plan.version,
    window: plan.window,
    open: windowOpen(plan, today),
    cutoffDate: plan.eligibility.cutoffDate,
    minYearsInPost: plan.eligibility.minYearsInPost,
    occupations: plan.occupations,
  };
}

export async function requirePlan(db: Database, planId: string): Promise<PlanForApplications> {
  const plan = await getPlanForApplications(db, planId);
  if (!plan) throw new AppError('NOT_FOUND');
  return plan;
}

// --------------------------------------------------------------------------------- access

export interface Access {
  /** The applicant (the account that applies, or the account linked to the register row applied for). */
  own: boolean;
  /** A supervisor or HR reading applications in scope. */
  read: boolean;
  /** HR of the plan's enterprise (or above): screens. */
  screen: boolean;
}

export async function accessOf(db: Database, actor: Actor, row: ApplicationRow): Promise<Access> {
  let own = false;
  if (hasPermission(actor, 'application:apply')) {
    own = row.applicantUserId === actor.userId;
    if (!own && row.employeeId) own = (await findEmployeeByUser(db, actor.userId))?.id === row.employeeId;
  }
  const read = hasPermission(actor, 'application:read') && (isInScope(actor, row.organisationPath) || isInScope(actor, row.planEnterprisePath));
  const screen = hasPermission(actor, 'application:screen') && isInScope(actor, row.planEnterprisePath);
  return { own, read, screen };
}

/** The application and what the actor may do with it; 404 when the actor may not see it at all. */
export async function loadApplication(db: Database, context: RequestContext, id: string): Promise<{ row: ApplicationRow; access: Access }> {
  const [row] = await db.select().from(applications).where(eq(applications.id, id));
  if (!row) throw new AppError('NOT_FOUND');
  const access = await accessOf(db, context.actor, row);
  if (!access.own && !access.read && !access.screen) throw new AppError('NOT_FOUND');
  return { row, access };
}

/** The user to notify about an application: the applicant's account, or the account linked to the register row. */
export async function applicantUserOf(db: Database, row: ApplicationRow): Promise<string | null> {
  if (row.applicantUserId) return row.applicantUserId;
  if (row.employeeId) return (await findEmployee(db, row.employeeId))?.userId ?? null;
  return null;
}

// ------------------------------------------------------------------------------- shaping

/** What a list's summary reads of an application: not its content, evidence or encrypted number. */
const summaryColumns = {
  id: applications.id,
  planId: applications.planId,
  name: applications.name,
  idNumberMasked: applications.idNumberMasked,
  organisationId: applications.organisationId,
  occupationCode: applications.occupationCode,
  status: applications.status,
  currentVersion: applications.currentVersion,
  eligibility: applications.eligibility,
  priority: applications.priority,
  submittedAt: applications.submittedAt,
  updatedAt: applications.updatedAt,
};
type SummaryRow = Pick<ApplicationRow, keyof typeof summaryColumns>;

export async function summariesOf(db: Database, rows: SummaryRow[]) {
  if (!rows.length) return [];
  // The names a summary shows, looked up at once (each is one query over the page's rows).
  const [organisationRows, occupations, planTitles, reviewed] = await Promise.all([
    findOrganisationsByIds(db, [...new Set(rows.map((row) => row.organisationId))]),
    occupationNames(db, rows.map((row) => row.occupationCode ?? '').filter(Boolean)),
    publishedPlanTitles(db, [...new Set(rows.map((row) => row.planId))]),
    db
      .select({ applicationId: applicationConditionReviews.applicationId, version: applicationConditionReviews.version, count: sql<number>`count(distinct ${applicationConditionReviews.conditionId})::int` })
      .from(applicationConditionReviews)
      .where(inArray(applicationConditionReviews.applicationId, rows.map((row) => row.id)))
      .groupBy(applicationConditionReviews.applicationId, applicationConditionReviews.version),
  ]);
  const organisations = new Map(organisationRows.map((row) => [row.id, row.name]));
  const reviewedCount = new Map(reviewed.map((entry) => [`${entry.applicationId}:${entry.version}`, entry.count]));
  return rows.map((row) => ({
    id: row.id,
    planId: row.planId,
    planTitle: planTitles.get(row.planId) ?? null,
    name: row.name,
    idNumberMasked: row.idNumberMasked,
    organisationId: row.organisationId,
    organisationName: organisations.get(row.organisationId) ?? '',
    occupationCode: row.occupationCode,
    occupationName: row.occupationCode ? (occupations[row.occupationCode] ?? null) : null,
    status: row.status,
    currentVersion: row.currentVersion,
    automaticEligible: row.eligibility ? row.eligibility.eligible : null,
    priority: row.priority,
    reviewedConditions: reviewedCount.get(`${row.id}:${row.currentVersion}`) ?? 0,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  }));
}

export async function reviewsOf(db: Database, applicationId: string, version: number): Promise<ConditionReview[]> {
  const rows = await db
    .select()
    .from(applicationConditionReviews)
    .where(and(eq(applicationConditionReviews.applicationId, applicationId), eq(applicationConditionReviews.version, version)))
    .orderBy(asc(applicationConditionReviews.createdAt), asc(applicationConditionReviews.id));
  return rows.map((row) => ({
    conditionId: row.conditionId,
    automaticMet: row.automaticMet,
    decision: row.decision,
    met: row.met,
    reason: row.reason,
    reviewerName: row.reviewerName,
    at: row.createdAt.toISOString(),
  }));
}

/** HR's corrections of the facts of one submitted version, oldest first. */
export async function correctionsOf(db: Database, applicationId: string, version: number): Promise<FactCorrection[]> {
  const rows = await db
    .select()
    .from(applicationFactCorrections)
    .where(and(eq(applicationFactCorrections.applicationId, applicationId), eq(applicationFactCorrections.version, version)))
    .orderBy(asc(applicationFactCorrections.at), asc(applicationFactCorrections.id));
  return rows.map((row) => ({
    conditionIds: row.conditionIds as BasicConditionId[],
    before: row.before,
    after: row.after,
    note: row.note,
    evidence: row.evidence,
    correctorName: row.correctorName,
    at: row.at.toISOString(),
  }));
}

/** The fact corrections of the current version of each application (for the committee's view). */
export async function currentCorrections(db: Database, applicationIds: readonly string[]): Promise<Map<string, FactCorrection[]>> {
  const result = new Map<string, FactCorrection[]>();
  if (!applicationIds.length) return result;
  const rows = await db
    .select({ correction: applicationFactCorrections })
    .from(applicationFactCorrections)
    .innerJoin(applications, and(eq(applications.id, applicationFactCorrections.applicationId), eq(applications.currentVersion, applicationFactCorrections.version)))
    .where(inArray(applicationFactCorrections.applicationId, [...applicationIds]))
    .orderBy(asc(applicationFactCorrections.at), asc(applicationFactCorrections.id));
  for (const { correction } of rows) {
    const list = result.get(correction.applicationId) ?? [];
    list.push({ conditionIds: correction.conditionIds as BasicConditionId[], before: correction.before, after: correction.after, note: correction.note, evidence: correction.evidence, correctorName: correction.correctorName, at: correction.at.toISOString() });
    result.set(correction.applicationId, list);
  }
  return result;
}

function isEditable(status: string): boolean {
  return nextState('application', status, 'submit') !== null;
}

function actsFor(row: ApplicationRow, access: Access, actor: Actor | null): string[] {
  const acts: string[] = [];
  // 取消本年度评审资格（弄虚作假）(六(四)): HR at its steps, the supervising department at any step.
  const department = actor !== null && hasPermission(actor, 'fraud:sanction') && access.read && actor.organisationId !== row.planEnterpriseId;
  if ((access.screen && mayFindFraud('enterprise', row.status)) || (department && mayFindFraud('department', row.status))) acts.push('find-fraud');
  if ((access.own || access.screen) && isEditable(row.status)) acts.push('edit', 'submit');
  if (access.screen) {
    const allowed = allowedActs('application', row.status) as string[];
    if (allowed.includes('mark-eligible')) acts.push('review');
    if (allowed.includes('return')) acts.push('return');
    if (allowed.includes('mark-ineligible')) acts.push('reject');
    if (allowed.includes('mark-eligible')) acts.push('mark-eligible');
  }
  return acts;
}

/**
 * The content as the reader may see it: the applicant their own in full; everyone else (HR,
 * experts, evaluators, the department) the birth year only beside the masked number, since the
 * whole date is digits 7–14 of a resident ID (issue 22).
 */
export function contentFor(content: ApplicationContent, access: Pick<Access, 'own'>): ApplicationContent {
  if (access.own) return content;
  return { ...content, identity: { ...content.identity, birthDate: birthYearOf(content.identity?.birthDate) } };
}

/**
 * The birth date a saved form stands for: a reader who is not the applicant was shown the year
 * only, and sends it back unchanged: the stored date stays. A year that is not the stored one is
 * no date (400).
 */
function keptBirthDate(sent: string | null, stored: string | null): string | null {
  if (sent === null || !/^\d{4}$/.test(sent)) return sent;
  if (stored && birthYearOf(stored) === sent) return stored;
  throw validationError([fieldError('content.identity.birthDate', 'DATE_INVALID', '出生日期应为有效日期（YYYY-MM-DD）', 'The birth date is a real date written YYYY-MM-DD')]);
}

export async function applicationDto(db: Database, context: AuditContext, row: ApplicationRow, access: Access) {
  const [summary] = await summariesOf(db, [row]);
  const plan = await requirePlan(db, row.planId);
  const events = await db.select().from(applicationEvents).where(eq(applicationEvents.applicationId, row.id)).orderBy(asc(applicationEvents.at), asc(applicationEvents.id));
  const versions = await db
    .select({ version: applicationVersions.version, submittedAt: applicationVersions.submittedAt, submittedByName: applicationVersions.submittedByName })
    .from(applicationVersions)
    .where(eq(applicationVersions.applicationId, row.id))
    .orderBy(asc(applicationVersions.version));
  const reviews = row.currentVersion ? await reviewsOf(db, row.id, row.currentVersion) : [];
  const corrections = row.currentVersion ? await correctionsOf(db, row.id, row.currentVersion) : [];
  const showConditions = (access.read || access.screen) && row.eligibility;
  return {
    ...summary,
    plan: planBrief(plan, context.clock.today()),
    idType: row.idType,
    applicantUserId: row.applicantUserId,
    employeeId: row.employeeId,
    revision: row.revision,
    content: contentFor(normaliseApplicationContent(row.content), access),
    eligibility: row.eligibility ?? null,
    conditions: showConditions ? reviewedConditions(row.eligibility!, reviews, corrections) : null,
    corrections: access.read || access.screen ? corrections : [],
    returnComment: row.returnComment,
    decisionReason: row.decisionReason,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    events: events.map((event) => ({
      act: event.act,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      version: event.version,
      comment: event.comment,
      commentEn: event.commentEn,
      actorName: event.actorName,
      // The system's own acts (a job, the fingerprint backfill): the page names it in the reader's language.
      bySystem: event.actorId === null,
      at: event.at.toISOString(),
    })),
    versions: versions.map((version) => ({ ...version, submittedAt: version.submittedAt.toISOString() })),
    allowedActs: actsFor(row, access, context.actor ?? null),
    issues: isEditable(row.status) ? applicationIssues(normaliseApplicationContent(row.content), context.clock.today(), plan.evidenceRequired) : [],
  };
}

/**
 * A timeline comment: what a person typed (one text, shown as typed), or what the system writes,
 * in Chinese and English (the page shows the reader's language; the audit keeps the Chinese).
 */
export type EventComment = string | { 'zh-CN': string; en: string };

/** The stored columns of a comment: its Chinese (or typed) text and, for the system's, its English. */
export function eventCommentColumns(comment: EventComment | null | undefined): { comment: string | null; commentEn: string | null } {
  if (comment === null || comment === undefined) return { comment: null, commentEn: null };
  return typeof comment === 'string' ? { comment, commentEn: null } : { comment: comment['zh-CN'], commentEn: comment.en };
}

export async function addEvent(tx: Database, context: RequestContext | AuditContext, row: Pick<ApplicationRow, 'id'>, event: { act: ApplicationEventAct; fromStatus?: string | null; toStatus?: string | null; version?: number | null; comment?: EventComment | null }) {
  await tx.insert(applicationEvents).values({
    applicationId: row.id,
    act: event.act,
    fromStatus: event.fromStatus ?? null,
    toStatus: event.toStatus ?? null,
    version: event.version ?? null,
    ...eventCommentColumns(event.comment),
    actorId: context.actor?.userId ?? null,
    actorName: context.actor?.displayName ?? '系统',
    at: context.clock.now(),
  });
}

/** An application as evidence fingerprinting reads it (its submitted version, who applies, where). */
export function fingerprintedOf(row: ApplicationRow) {
  return {
    id: row.id,
    version: row.currentVersion,
    applicantKey: row.idLookupHash,
    organisationId: row.organisationId,
    organisationPath: row.organisationPath,
    planEnterpriseId: row.planEnterpriseId,
    planEnterprisePath: row.planEnterprisePath,
  };
}

/** What the audit log keeps of an application: never the ID number. */
export function auditView(row: ApplicationRow) {
  return { planId: row.planId, name: row.name, idNumberMasked: row.idNumberMasked, status: row.status, currentVersion: row.currentVersion, revision: row.revision, occupationCode: row.occupationCode };
}

function isUniqueViolation(error: unknown): boolean {
  return String((error as { cause?: { code?: string }; code?: string }).cause?.code ?? (error as { code?: string }).code) === '23505';
}

// ------------------------------------------------------------------------------- reading

export async function getApplication(db: Database, context: RequestContext, id: string) {
  const { row, access } = await loadApplication(db, context, id);
  return applicationDto(db, context, row, access);
}

export async function getApplicationVersion(db: Database, context: RequestContext, id: string, version: number) {
  const { access } = await loadApplication(db, context, id);
  const [row] = await db.select().from(applicationVersions).where(and(eq(applicationVersions.applicationId, id), eq(applicationVersions.version, version)));
  if (!row) throw new AppError('NOT_FOUND');
  return {
    applicationId: id,
    version: row.version,
    name: row.name,
    idType: row.idType,
    idNumberMasked: row.idNumberMasked,
    content: contentFor(row.content, access),
    eligibility: row.eligibility,
    submittedAt: row.submittedAt.toISOString(),
    submittedByName: row.submittedByName,
  };
}

/** 申报审核: the applications in scope (of the actor's enterprises, or of plans the actor's enterprise made); drafts only when asked for. */
export async function listApplications(db: Database, context: RequestContext, query: { planId?: string; status?: string; occupationCode?: string; q?: string; limit?: number; offset?: number }) {
  assertPermission(context.actor, 'application:read');
  const path = `${context.actor.organisationPath}%`;
  const conditions: SQL[] = [or(like(applications.organisationPath, path), like(applications.planEnterprisePath, path))!];
  if (query.planId) conditions.push(eq(applications.planId, query.planId));
  if (query.status) conditions.push(eq(applications.status, query.status as ApplicationStatus));
  else conditions.push(sql`${applications.status} <> 'draft'`);
  if (query.occupationCode) conditions.push(eq(applications.occupationCode, query.occupationCode));
  if (query.q?.trim()) conditions.push(like(applications.name, `%${query.q.trim().replace(/[\\%_]/g, (match) => `\\${match}`)}%`));
  const order = [sql`${applications.submittedAt} desc nulls last`, asc(applications.name), asc(applications.id)];
  // The page's ids first, off the list index alone (an index-only scan: skipping to a deep page
  // reads index entries, not rows), then only those rows, with only the columns a summary shows.
  const page = db
    .select({ id: applications.id })
    .from(applications)
    .where(and(...conditions))
    // The id last: pages do not overlap when two applications tie.
    .orderBy(...order)
    .limit(query.limit ?? 2000)
    .offset(query.offset ?? 0);
  const rows = await db.select(summaryColumns).from(applications).where(inArray(applications.id, page)).orderBy(...order);
  return summariesOf(db, rows);
}

async function myApplicationRows(db: Database, actor: Actor): Promise<ApplicationRow[]> {
  const employee = await findEmployeeByUser(db, actor.userId);
  const mine = employee ? or(eq(applications.applicantUserId, actor.userId), eq(applications.employeeId, employee.id))! : eq(applications.applicantUserId, actor.userId);
  return db.select().from(applications).where(mine).orderBy(desc(applications.createdAt));
}

/** The ids of the actor's own applications (for the holder's certificates). */
export async function myApplicationIds(db: Database, actor: Actor): Promise<string[]> {
  return (await myApplicationRows(db, actor)).map((row) => row.id);
}

export async function listMyApplications(db: Database, context: RequestContext) {
  assertPermission(context.actor, 'application:apply');
  return summariesOf(db, await myApplicationRows(db, context.actor));
}

/** 我的申报: the published plans that cover the actor, each with the actor's application (if any) and whether HR invited them. */
export async function listMyPlans(db: Database, context: RequestContext) {
  assertPermission(context.actor, 'application:apply');
  const published = await listPublishedPlans(db, context);
  const mine = await myApplicationRows(db, context.actor);
  const summaries = new Map((await summariesOf(db, mine)).map((summary) => [summary.planId, summary]));
  const employee = await findEmployeeByUser(db, context.actor.userId);
  const invitedPlans = new Set(
    employee ? (await db.select({ planId: applicationInvitations.planId }).from(applicationInvitations).where(eq(applicationInvitations.employeeId, employee.id))).map((row) => row.planId) : [],
  );
  const items = [];
  for (const summary of published) {
    const plan = await getPlanForApplications(db, summary.id);
    if (!plan) continue;
    items.push({ plan: planBrief(plan, context.clock.today()), application: summaries.get(plan.id) ?? null, invited: invitedPlans.has(plan.id) });
  }
  return items;
}

// ----------------------------------------------------------------------------- creating

interface Identity {
  name: string;
  idType: IdentityType;
  idNumber: string;
}

/** Checks an identity given in a form: every fault as a field error under `identity`. */
function checkIdentity(input: { name: string; idType: string; idNumber: string }, today: CalendarDate): { identity: Identity; birthDate?: string; gender?: 'male' | 'female' } {
  const idType = input.idType as IdentityType;
  const idNumber = input.idNumber.trim().toUpperCase();
  const result = validateIdentity(idType, idNumber, { today });
  if (!result.valid) {
    throw validationError(result.errors.map((error) => fieldError('identity.idNumber', error.code, `证件号码有误：${error.message['zh-CN']}`, `ID number: ${error.message.en}`)));
  }
  return { identity: { name: input.name.trim(), idType, idNumber }, birthDate: result.birthDate, gender: result.gender };
}

/** A new application's content, filled from the register where it knows the answers. */
function prefilledContent(employee: RegisterEmployee | null, identity: Identity, fromId: { birthDate?: string; gender?: 'male' | 'female' }): ApplicationContent {
  const content = emptyApplicationContent();
  content.identity.name = identity.name;
  content.identity.birthDate = fromId.birthDate ?? null;
  content.identity.gender = fromId.gender ?? null;
  if (employee) {
    content.identity.gender = employee.gender;
    content.identity.birthDate = employee.birthDate;
    content.identity.department = employee.department;
    content.qualification.kind = employee.certificateKind;
    content.qualification.certificateNumber = employee.certificateNumber;
    content.qualification.issuedOn = employee.certificateDate;
    content.occupationCode = employee.occupationCode;
    content.stillInOccupation = employee.stillInOccupation;
    content.post.since = employee.postSince;
    content.post.title = employee.post ?? null;
    content.honours = employee.honours.map((id) => ({ id, awardedOn: null, issuer: null, certificateNumber: null, evidence: [] }));
  }
  return content;
}

/**
 * Starts an application (a draft) under a published plan: by an employee for themselves (their
 * identity from the register row linked to their account, or given and matched to the register by
 * ID number), or by HR for a register employee. One per person per plan (unique index).
 */
export async function createApplication(db: Database, context: RequestContext, input: ApplicationCreateReq) {
  const actor = context.actor;
  const plan = await requirePlan(db, input.planId);
  let employee: RegisterEmployee | null = null;
  let identity: Identity;
  let fromId: { birthDate?: string; gender?: 'male' | 'female' } = {};
  let organisation: { id: string; path: string };
  let applicantUserId: string | null;
  let linkToActor = false;

  if (input.employeeId) {
    assertPermission(actor, 'application:screen');
    if (!isInScope(actor, plan.enterprise.path)) throw new AppError('NOT_FOUND');
    employee = await findEmployee(db, input.employeeId);
    if (!employee || !employee.organisationPath.startsWith(plan.enterprise.path) || !isInScope(actor, employee.organisationPath)) throw new AppError('NOT_FOUND');
    identity = { name: employee.name, idType: employee.idType, idNumber: (await employeeIdNumber(db, employee.id))! };
    organisation = { id: employee.organisationId, path: employee.organisationPath };
    applicantUserId = employee.userId;
  } else {
    assertPermission(actor, 'application:apply');
    if (!coversActor(actor, plan.enterprise.path)) throw new AppError('NOT_FOUND');
    organisation = { id: actor.organisationId, path: actor.organisationPath };
    applicantUserId = actor.userId;
    const linked = await findEmployeeByUser(db, actor.userId);
    if (linked && linked.organisationPath.startsWith(plan.enterprise.path)) {
      employee = linked;
      identity = { name: linked.name, idType: linked.idType, idNumber: (await employeeIdNumber(db, linked.id))! };
    } else {
      if (!input.identity) {
        throw validationError([fieldError('identity', 'REQUIRED', '请填写姓名、证件类型和证件号码', 'Give your name, ID type and ID number')]);
      }
      const checked = checkIdentity(input.identity, context.clock.today());
      identity = checked.identity;
      fromId = checked;
      const match = await findEmployeeByHash(db, plan.enterprise.path, lookupHash(identity.idType, identity.idNumber));
      if (match?.userId && match.userId !== actor.userId) {
        throw validationError([fieldError('identity.idNumber', 'ID_NUMBER_OF_ANOTHER_ACCOUNT', '该证件号码在职工名册中已关联其他账号，请联系人力资源部门', 'This ID number belongs to another account in the register; contact HR')]);
      }
      if (match) {
        employee = match;
        linkToActor = !match.userId;
      }
    }
  }
  if (plan.status !== 'published') throw new AppError('APPLICATION_PLAN_NOT_OPEN');
  const now = context.clock.today();
  if (plan.window.to && now > plan.window.to) throw new AppError('APPLICATION_WINDOW_CLOSED', { from: plan.window.from, to: plan.window.to });
  // 六(四): a person under a ban may not apply; the draft is refused at once, not only at submission.
  const ban = await findActiveBan(db, identity.idType, identity.idNumber, now);
  if (ban) throw banRefusal(ban, identity.name);

  const idLookupHash = lookupHash(identity.idType, identity.idNumber);
  const existing = await db
    .select({ id: applications.id })
    .from(applications)
    .where(and(eq(applications.planId, plan.id), applicantUserId ? or(eq(applications.idLookupHash, idLookupHash), eq(applications.applicantUserId, applicantUserId)) : eq(applications.idLookupHash, idLookupHash)));
  if (existing.length) throw new AppError('APPLICATION_EXISTS', { id: existing[0].id });

  const content = prefilledContent(employee, identity, fromId);
  const row = await db
    .transaction(async (tx) => {
      const [created] = await tx
        .insert(applications)
        .values({
          planId: plan.id,
          planEnterpriseId: plan.enterprise.id,
          planEnterprisePath: plan.enterprise.path,
          organisationId: organisation.id,
          organisationPath: organisation.path,
          applicantUserId,
          employeeId: employee?.id ?? null,
          name: identity.name,
          idType: identity.idType,
          idNumberEncrypted: encryptPersonalData(identity.idNumber, ID_NUMBER_AAD),
          idLookupHash,
          idNumberMasked: maskIdNumber(identity.idNumber),
          occupationCode: content.occupationCode,
          status: 'draft',
          content,
          createdBy: actor.userId,
        })
        .returning();
      if (linkToActor && employee) await linkEmployeeUser(tx, context, employee, actor.userId);
      await addEvent(tx, context, created, { act: 'created', toStatus: 'draft', comment: input.employeeId ? { 'zh-CN': '人力资源部门代为填报', en: 'Filled in by the HR department for the applicant' } : null });
      await writeAudit(tx, context, {
        action: 'application.created',
        targetType: 'application',
        targetId: created.id,
        organisationId: organisation.id,
        organisationPath: organisation.path,
        after: { ...auditView(created), onBehalf: Boolean(input.employeeId), employeeId: employee?.id ?? null },
      });
      return created;
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new AppError('APPLICATION_EXISTS');
      throw error;
    });
  return applicationDto(db, context, row, await accessOf(db, actor, row));
}

// ------------------------------------------------------------------------------- saving

/** Every evidence file new to the content must be one the actor may read (their own upload, or in HR's scope). */
async function checkEvidence(db: Database, context: RequestContext, before: ApplicationContent | null, after: ApplicationContent): Promise<void> {
  const known = new Set(before ? evidenceFileIds(before) : []);
  const errors: FieldError[] = [];
  for (const fileId of evidenceFileIds(after)) {
    if (known.has(fileId)) continue;
    try {
      await findFile(db, context, fileId);
    } catch {
      errors.push(fieldError('evidence', 'EVIDENCE_NOT_FOUND', `证明材料（文件 ${fileId}）不存在或无权使用，请重新上传`, `The evidence file ${fileId} does not exist or is not yours; upload it again`));
    }
  }
  if (errors.length) throw validationError(errors);
}

/** Saves the draft (or the returned application being corrected): the whole form, checked for shape only. */
export async function saveApplication(db: Database, context: RequestContext, id: string, input: ApplicationUpdateReq) {
  const { row, access } = await loadApplication(db, context, id);
  if (!access.own && !access.screen) throw new AppError('FORBIDDEN');
  if (!isEditable(row.status)) throw new AppError('APPLICATION_NOT_EDITABLE', { status: STATUS_NAMES[row.status]?.['zh-CN'] ?? row.status });
  if (input.revision !== row.revision) throw new AppError('CONFLICT', { revision: row.revision });
  const content = input.content as ApplicationContent;
  content.identity.birthDate = keptBirthDate(content.identity.birthDate, row.content.identity?.birthDate ?? null);
  await checkEvidence(db, context, row.content, content);
  const identityChange: Partial<ApplicationRow> = {};
  if (input.identity) {
    const { identity } = checkIdentity(input.identity, context.clock.today());
    Object.assign(identityChange, {
      name: identity.name,
      idType: identity.idType,
      idNumberEncrypted: encryptPersonalData(identity.idNumber, ID_NUMBER_AAD),
      idLookupHash: lookupHash(identity.idType, identity.idNumber),
      idNumberMasked: maskIdNumber(identity.idNumber),
    });
  }
  // The name is the identity's (changed only with the identity, above), never the form's own.
  content.identity.name = identityChange.name ?? row.name;
  const updated = await db
    .transaction(async (tx) => {
      const [saved] = await tx
        .update(applications)
        .set({ ...identityChange, content, occupationCode: content.occupationCode, revision: row.revision + 1, updatedAt: context.clock.now() })
        .where(and(eq(applications.id, id), eq(applications.revision, row.revision)))
        .returning();
      if (!saved) throw new AppError('CONFLICT');
      await writeAudit(tx, context, {
        action: 'application.updated',
        targetType: 'application',
        targetId: id,
        organisationId: row.organisationId,
        organisationPath: row.organisationPath,
        before: auditView(row),
        after: { ...auditView(saved), identityChanged: Boolean(input.identity) },
      });
      return saved;
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new AppError('APPLICATION_EXISTS');
      throw error;
    });
  return applicationDto(db, context, updated, access);
}

// ----------------------------------------------------------------------------- submitting

/** The rules core on an application's facts against its plan, with a ban running at the cut-off date. */
export async function evaluateEligibility(db: Database, plan: PlanForApplications, row: Pick<ApplicationRow, 'idType' | 'idNumberEncrypted'>, content: ApplicationContent, today: CalendarDate): Promise<StoredEligibility> {
  const cutoffDate = plan.eligibility.cutoffDate ?? today;
  const idNumber = decryptPersonalData(row.idNumberEncrypted, ID_NUMBER_AAD);
  const banAtCutoff = await findActiveBan(db, row.idType, idNumber, cutoffDate);
  const result = checkEligibility(
    {
      cutoffDate,
      occupations: plan.occupations.map((occupation) => occupation.code),
      minYearsInPost: plan.eligibility.minYearsInPost,
      minYearsInPostPolicyDocument: plan.eligibility.minYearsPolicyDocument,
    },
    eligibilityApplicantOf(normaliseApplicationContent(content), banAtCutoff?.untilDate ?? null),
    { today },
  );
  return { ...result, checkedOn: today, cutoffDate, planVersion: plan.version };
}

/**
 * Submits: checks the window (a first submission), completeness (every statement backed by
 * evidence), bans (by ID number across the whole jurisdiction, and on the enterprise), runs the
 * eligibility rules on the version and freezes it. A resubmission after return is a new version.
 */
export async function submitApplication(db: Database, context: RequestContext, id: string, input: { revision: number }) {
  const { row, access } = await loadApplication(db, context, id);
  if (!access.own && !access.screen) throw new AppError('FORBIDDEN');
  const to = assertTransition('application', row.status, 'submit') as ApplicationStatus;
  if (input.revision !== row.revision) throw new AppError('CONFLICT', { revision: row.revision });
  const plan = await requirePlan(db, row.planId);
  if (plan.status !== 'published') throw new AppError('APPLICATION_PLAN_NOT_OPEN');
  const now = context.clock.today();
  if (row.status === 'draft' && !windowOpen(plan, now)) throw new AppError('APPLICATION_WINDOW_CLOSED', { from: plan.window.from ?? '—', to: plan.window.to ?? '—' });
  const issues = applicationIssues(normaliseApplicationContent(row.content), now, plan.evidenceRequired);
  if (issues.length) {
    throw new AppError('APPLICATION_INCOMPLETE', { count: issues.length }, { errors: issues.map((issue) => ({ path: issue.path, code: issue.code, messages: issue.message })) });
  }
  const idNumber = decryptPersonalData(row.idNumberEncrypted, ID_NUMBER_AAD);
  const ban = await findActiveBan(db, row.idType, idNumber, now);
  if (ban) throw banRefusal(ban, row.name);
  const units = await findOrganisationsByIds(db, [...new Set([plan.enterprise.id, row.organisationId])]);
  for (const unit of units) {
    if (!unit.creditCode) continue;
    const unitBan = await findActiveUnitBan(db, unit.creditCode, now);
    if (unitBan) throw new AppError('UNIT_BANNED', { from: unitBan.fromDate, until: unitBan.untilDate, name: unit.name });
  }
  await assertNotSuspended(db, context, [plan.enterprise.path, row.organisationPath], 'application');
  const eligibility = await evaluateEligibility(db, plan, row, row.content, now);
  const result = eligibility;
  const version = row.currentVersion + 1;
  const updated = await db.transaction(async (tx) => {
    const [saved] = await tx
      .update(applications)
      .set({ status: to, currentVersion: version, eligibility, priority: result.priority, submittedAt: context.clock.now(), revision: row.revision + 1, updatedAt: context.clock.now() })
      .where(and(eq(applications.id, id), eq(applications.revision, row.revision), eq(applications.status, row.status)))
      .returning();
    if (!saved) throw new AppError('CONFLICT');
    await tx.insert(applicationVersions).values({
      applicationId: id,
      version,
      name: row.name,
      idType: row.idType,
      idNumberEncrypted: row.idNumberEncrypted,
      idNumberMasked: row.idNumberMasked,
      content: row.content,
      eligibility,
      submittedBy: context.actor.userId,
      submittedByName: context.actor.displayName,
    });
    await addEvent(tx, context, row, { act: 'submitted', fromStatus: row.status, toStatus: to, version, comment: row.status === 'returned' ? { 'zh-CN': '按退回意见修改后重新提交', en: 'Resubmitted after the corrections asked for' } : null });
    // 证明材料指纹: the version's files and numbers, compared with every other applicant's (六(四)).
    await fingerprintApplication(tx, context, fingerprintedOf(saved), normaliseApplicationContent(row.content));
    await writeAudit(tx, context, {
      action: 'application.submitted',
      targetType: 'application',
      targetId: id,
      organisationId: row.organisationId,
      organisationPath: row.organisationPath,
      before: auditView(row),
      after: { ...auditView(saved), eligible: result.eligible, priority: result.priority, unmet: result.conditions.filter((condition) => !condition.met).map((condition) => condition.id) },
    });
    const applicant = await applicantUserOf(tx, row);
    if (applicant && applicant !== context.actor.userId) {
      await notify(tx, context.clock, {
        userId: applicant,
        kind: 'application.submitted',
        title: { 'zh-CN': '申报已提交', en: 'Application submitted' },
        body: { 'zh-CN': `您的特级技师申报（第${version}版）已由${context.actor.displayName}代为提交，等待资格审核。`, en: `Your application (version ${version}) was submitted on your behalf by ${context.actor.displayName} and awaits screening.` },
        link: '/my-application',
      });
    }
    return saved;
  });
  return applicationDto(db, context, updated, access);
}

// ------------------------------------------------------------------ for the review module

/** An eligible application as the review module reads it: the submitted version that was screened. */
export interface EligibleApplication {
  id: string;
  planId: string;
  /** `eligible`, or `recommended` / `not-recommended` for a candidate of a closed round. */
  status: ApplicationStatus;
  version: number;
  name: string;
  idType: string;
  idNumberMasked: string;
  /** For the review module's conflict checks: the register row and the ID look-up hash. */
  employeeId: string | null;
  idLookupHash: string;
  organisationId: string;
  organisationPath: string;
  occupationCode: string | null;
  priority: boolean;
  content: ApplicationContent;
  eligibility: StoredEligibility;
  conditions: ReturnType<typeof reviewedConditions>;
  /** HR's corrections of facts, shown to the committee with what they were before. */
  corrections: FactCorrection[];
}

/** The applications of a plan found eligible (status `eligible`), each with its screened version, for the evaluation body. */
export function listEligibleApplications(db: Database, planId: string): Promise<EligibleApplication[]> {
  return listReviewableApplications(db, planId, { states: ['eligible'] });
}

/**
 * Applications of a plan in the given states (optionally only these ids), each with its screened
 * version: the eligible ones for a first round, and a closed round's candidates for a new round.
 */
export async function listReviewableApplications(
  db: Database,
  planId: string,
  filter: { states: readonly ApplicationStatus[]; ids?: readonly string[] },
): Promise<EligibleApplication[]> {
  if (filter.ids && filter.ids.length === 0) return [];
  const rows = await db
    .select()
    .from(applications)
    .where(
      and(
        eq(applications.planId, planId),
        inArray(applications.status, [...filter.states]),
        filter.ids ? inArray(applications.id, [...filter.ids]) : undefined,
      ),
    )
    .orderBy(desc(applications.priority), asc(applications.occupationCode), asc(applications.name));
  const result: EligibleApplication[] = [];
  for (const row of rows) {
    const [version] = await db.select().from(applicationVersions).where(and(eq(applicationVersions.applicationId, row.id), eq(applicationVersions.version, row.currentVersion)));
    const corrections = await correctionsOf(db, row.id, row.currentVersion);
    result.push({
      id: row.id,
      planId: row.planId,
      status: row.status,
      version: row.currentVersion,
      name: row.name,
      idType: row.idType,
      idNumberMasked: row.idNumberMasked,
      employeeId: row.employeeId,
      idLookupHash: row.idLookupHash,
      organisationId: row.organisationId,
      organisationPath: row.organisationPath,
      occupationCode: row.occupationCode,
      priority: row.priority,
      // The facts as HR corrected them (the submitted version keeps what the applicant wrote).
      content: normaliseApplicationContent(row.content ?? version.content),
      eligibility: row.eligibility ?? version.eligibility,
      conditions: reviewedConditions(row.eligibility ?? version.eligibility, await reviewsOf(db, row.id, row.currentVersion), corrections),
      corrections,
    });
  }
  return result;
}

/**
 * Moves an application along its life cycle for a later module (review: start-review, recommend …;
 * notice; certificates), with the timeline event and the audit entry in the caller's transaction.
 */
export async function transitionApplication(
  tx: Database,
  context: AuditContext,
  input: { applicationId: string; act: Parameters<typeof assertTransition<'application'>>[2]; auditAction: AuditAction; comment?: EventComment | null },
): Promise<ApplicationRow> {
  const [row] = await tx.select().from(applications).where(eq(applications.id, input.applicationId));
  if (!row) throw new AppError('NOT_FOUND');
  const to = assertTransition('application', row.status, input.act) as ApplicationStatus;
  const [updated] = await tx
    .update(applications)
    .set({ status: to, updatedAt: context.clock.now() })
    .where(and(eq(applications.id, row.id), eq(applications.status, row.status)))
    .returning();
  if (!updated) throw new AppError('CONFLICT');
  await addEvent(tx, context, row, { act: input.act, fromStatus: row.status, toStatus: to, version: row.currentVersion, comment: input.comment ?? null });
  await writeAudit(tx, context, {
    action: input.auditAction,
    targetType: 'application',
    targetId: row.id,
    organisationId: row.organisationId,
    organisationPath: row.organisationPath,
    before: auditView(row),
    after: { ...auditView(updated), comment: eventCommentColumns(input.comment).comment },
  });
  await notifyApplicants(tx, context.clock, input.act, [updated]);
  return updated;
}

/**
 * The same act on many applications at once, as `transitionApplication` does each: a certificate
 * list of hundreds or thousands (every certificate now rests on a confirmed application) is one
 * read, one update per state it leaves, and the timeline events and audit entries written
 * together, instead of four round trips an application inside the issuing transaction.
 */
export async function transitionApplications(
  tx: Database,
  context: AuditContext,
  input: { act: Parameters<typeof assertTransition<'application'>>[2]; auditAction: AuditAction; items: readonly { applicationId: string; comment?: EventComment | null }[] },
): Promise<ApplicationRow[]> {
  if (!input.items.length) return [];
  const ids = input.items.map((item) => item.applicationId);
  if (new Set(ids).size !== ids.length) throw new AppError('CONFLICT');
  const rows = new Map<string, ApplicationRow>();
  for (let start = 0; start < ids.length; start += 1000) {
    for (const row of await tx.select().from(applications).where(inArray(applications.id, ids.slice(start, start + 1000)))) rows.set(row.id, row);
  }
  const moves = input.items.map((item) => {
    const row = rows.get(item.applicationId);
    if (!row) throw new AppError('NOT_FOUND');
    return { row, to: assertTransition('application', row.status, input.act) as ApplicationStatus, ...eventCommentColumns(item.comment) };
  });
  const updated = new Map<string, ApplicationRow>();
  const groups = new Map<string, typeof moves>();
  for (const move of moves) groups.set(`${move.row.status}>${move.to}`, [...(groups.get(`${move.row.status}>${move.to}`) ?? []), move]);
  for (const group of groups.values()) {
    const { row: first, to } = group[0];
    for (let start = 0; start < group.length; start += 1000) {
      const part = group.slice(start, start + 1000);
      const changed = await tx
        .update(applications)
        .set({ status: to, updatedAt: context.clock.now() })
        .where(and(inArray(applications.id, part.map((move) => move.row.id)), eq(applications.status, first.status)))
        .returning();
      if (changed.length !== part.length) throw new AppError('CONFLICT');
      for (const row of changed) updated.set(row.id, row);
    }
  }
  const events = moves.map(({ row, to, comment, commentEn }) => ({
    applicationId: row.id,
    act: input.act,
    fromStatus: row.status,
    toStatus: to,
    version: row.currentVersion,
    comment,
    commentEn,
    actorId: context.actor?.userId ?? null,
    actorName: context.actor?.displayName ?? '系统',
    at: context.clock.now(),
  }));
  for (let start = 0; start < events.length; start += 500) await tx.insert(applicationEvents).values(events.slice(start, start + 500));
  await writeAuditEntries(
    tx,
    context,
    moves.map(({ row, comment }) => ({
      action: input.auditAction,
      targetType: 'application',
      targetId: row.id,
      organisationId: row.organisationId,
      organisationPath: row.organisationPath,
      before: auditView(row),
      after: { ...auditView(updated.get(row.id)!), comment },
    })),
  );
  await notifyApplicants(tx, context.clock, input.act, [...updated.values()]);
  return moves.map(({ row }) => updated.get(row.id)!);
}

/** The states that take a place of a plan's quota: recommended in any round, and on to certified. */
export const QUOTA_STATES: readonly ApplicationStatus[] = ['recommended', 'in-notice', 'confirmed', 'certified', 'appointed', 'exited'];

/**
 * How much of a plan's quota is taken, across every review round: per occupation and in all,
 * leaving out the given applications (a round's own candidates, which it decides afresh).
 */
export async function planQuotaUsage(db: Database, planId: string, leaveOut: readonly string[] = []): Promise<{ byOccupation: Record<string, number>; total: number }> {
  const rows = await db
    .select({ code: applications.occupationCode, count: sql<number>`count(*)::int` })
    .from(applications)
    .where(and(eq(applications.planId, planId), inArray(applications.status, [...QUOTA_STATES]), leaveOut.length ? sql`${applications.id} not in (${sql.join(leaveOut.map((id) => sql`${id}::uuid`), sql`, `)})` : undefined))
    .groupBy(applications.occupationCode);
  const byOccupation: Record<string, number> = {};
  let total = 0;
  for (const row of rows) {
    if (row.code) byOccupation[row.code] = row.count;
    total += row.count;
  }
  return { byOccupation, total };
}

// ------------------------------------------------------------------ for the notice module

/** An application as the public notice (公示) reads it: never the ID number, only its mask. */
export interface ApplicationInState {
  id: string;
  planId: string;
  status: ApplicationStatus;
  name: string;
  idType: string;
  idNumberMasked: string;
  /** lookupHash(idType, number): for the ban checks (never shown). */
  idLookupHash: string;
  organisationId: string;
  organisationPath: string;
  applicantUserId: string | null;
  occupationCode: string | null;
  content: ApplicationContent;
}

/** The applications of a plan in one state of the `application` life cycle (e.g. `recommended`, `in-notice`, `confirmed`), by name. */
export async function listApplicationsInState(db: Database, planId: string, state: ApplicationStatus): Promise<ApplicationInState[]> {
  const rows = await db
    .select()
    .from(applications)
    .where(and(eq(applications.planId, planId), eq(applications.status, state)))
    .orderBy(asc(applications.occupationCode), asc(applications.name), asc(applications.id));
  return rows.map((row) => ({
    id: row.id,
    planId: row.planId,
    status: row.status,
    name: row.name,
    idType: row.idType,
    idNumberMasked: row.idNumberMasked,
    idLookupHash: row.idLookupHash,
    organisationId: row.organisationId,
    organisationPath: row.organisationPath,
    applicantUserId: row.applicantUserId,
    occupationCode: row.occupationCode,
    content: row.content,
  }));
}

/** The confirmed applications of a plan (after the notice): what HR issues certificates to. */
export function listConfirmedApplications(db: Database, planId: string): Promise<ApplicationInState[]> {
  return listApplicationsInState(db, planId, 'confirmed');
}

/**
 * The applicant's identity in clear, for recording a ban (禁入) on a finding of fraud: the caller
 * has checked its permission and writes the ban in the same transaction; nothing here is shown.
 */
export async function applicantIdentityForBan(db: Database, applicationId: string): Promise<{ name: string; idType: IdentityType; idNumber: string } | null> {
  const [row] = await db.select().from(applications).where(eq(applications.id, applicationId));
  if (!row) return null;
  return { name: row.name, idType: row.idType as IdentityType, idNumber: decryptPersonalData(row.idNumberEncrypted, ID_NUMBER_AAD) };
}

/**
 * The applicants' identities in clear, by application, for the certificates issued to confirmed
 * applications (颁证): the certificates module encrypts them again in its own rows and never shows
 * them. One query for the whole list (a batch of 2,000 was 2,000 reads of whole rows).
 */
export async function applicantIdentitiesForCertificates(db: Database, applicationIds: readonly string[]): Promise<Map<string, { name: string; idType: IdentityType; idNumber: string }>> {
  if (!applicationIds.length) return new Map();
  const rows = await db
    .select({ id: applications.id, name: applications.name, idType: applications.idType, idNumberEncrypted: applications.idNumberEncrypted })
    .from(applications)
    .where(inArray(applications.id, [...new Set(applicationIds)]));
  return new Map(rows.map((row) => [row.id, { name: row.name, idType: row.idType as IdentityType, idNumber: decryptPersonalData(row.idNumberEncrypted, ID_NUMBER_AAD) }]));
}

// ------------------------------------------------------------------ for the evidence module

/**
 * Applications as an evidence flag shows them: name, masked number, state, plan, where. No scope
 * check: the evidence module decides which sides the reader may read and masks the others.
 */
export async function applicationBriefs(db: Database, ids: readonly string[]) {
  if (!ids.length) return new Map<string, { id: string; name: string; idNumberMasked: string; status: ApplicationStatus; planId: string; planTitle: string | null; organisationId: string; planEnterpriseId: string }>();
  const rows = await db
    .select({ id: applications.id, name: applications.name, idNumberMasked: applications.idNumberMasked, status: applications.status, planId: applications.planId, organisationId: applications.organisationId, planEnterpriseId: applications.planEnterpriseId })
    .from(applications)
    .where(inArray(applications.id, [...new Set(ids)]));
  const titles = await publishedPlanTitles(db, [...new Set(rows.map((row) => row.planId))]);
  return new Map(rows.map((row) => [row.id, { ...row, planTitle: titles.get(row.planId) ?? null }]));
}

// ------------------------------------------------------------------ for the fraud module

/**
 * An application as a finding of fraud (六(四)) reads it: its row (state, scope paths, plan) and the
 * applicant's identity number in clear, for the ban the finding records in the same transaction.
 * No scope check: the caller decides who may find fraud where; nothing here is shown.
 */
export async function applicationForFraud(db: Database, applicationId: string): Promise<{ row: ApplicationRow; idNumber: string } | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(applicationId)) return null;
  const [row] = await db.select().from(applications).where(eq(applications.id, applicationId));
  return row ? { row, idNumber: decryptPersonalData(row.idNumberEncrypted, ID_NUMBER_AAD) } : null;
}

/**
 * The state and ID look-up hash of some applications (absent ones are left out): for the review
 * module to leave disqualified candidates out and to check bans. The hash is never shown.
 */
export async function applicationStates(db: Database, applicationIds: readonly string[]): Promise<Map<string, { status: ApplicationStatus; idLookupHash: string }>> {
  if (!applicationIds.length) return new Map();
  const rows = await db.select({ id: applications.id, status: applications.status, idLookupHash: applications.idLookupHash }).from(applications).where(inArray(applications.id, [...applicationIds]));
  return new Map(rows.map((row) => [row.id, { status: row.status, idLookupHash: row.idLookupHash }]));
}
