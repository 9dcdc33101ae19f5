// What HR does for a whole plan: screens the register against it (资格初筛), invites those who meet
// what the register can decide, follows the quotas against the eligible applicants per occupation,
// exports the screened list and hands it over to the evaluation body.
import ExcelJS from 'exceljs';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { BASIC_CONDITION_NAMES, reviewedConditions } from '../../domain/application-rules.ts';
import { PRIORITY_CONDITION_NAMES, type PriorityConditionId } from '../../domain/eligibility.ts';
import { IDENTITY_TYPE_NAMES, type IdentityType } from '../../domain/identity.ts';
import { createRegisterScreener, screenRegisterEmployee, type CandidateScreening } from '../../domain/register-rules.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { decryptPersonalData } from '../../platform/personal-data.ts';
import { assertInScope, assertPermission, isInScope } from '../../platform/policy.ts';
import { activeBansByHash, bannedPeopleRefusal, bansRunningOn } from '../bans/service.ts';
import { notify } from '../notifications/service.ts';
import { occupationNames } from '../occupations/service.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import type { PlanForApplications } from '../plans/plan-for-applications.ts';
import { findEmployee, findEmployees, registerRowsForScreening, type RegisterEmployee } from '../register/service.ts';
import { ID_NUMBER_AAD, planBrief, requirePlan, reviewsOf, STATUS_NAMES } from './service.ts';
import { applicationHandovers, applicationInvitations, applications } from './tables.ts';

/** States that count as found eligible (screened and on to review, or beyond). */
const ELIGIBLE_OR_LATER = ['eligible', 'in-review', 'recommended', 'not-recommended', 'in-notice', 'withdrawn', 'confirmed', 'certified', 'appointed', 'exited'] as const;

async function planInScope(db: Database, context: RequestContext, planId: string, permission: 'application:read' | 'application:screen'): Promise<PlanForApplications> {
  assertPermission(context.actor, permission);
  const plan = await requirePlan(db, planId);
  assertInScope(context.actor, plan.enterprise.path);
  return plan;
}

// ------------------------------------------------------------------------------- overview

/** The plan as screening sees it: counts by status, quotas against the eligible per occupation, the handovers made. */
export async function planOverview(db: Database, context: RequestContext, planId: string) {
  const plan = await planInScope(db, context, planId, 'application:read');
  const byStatus = await db
    .select({ status: applications.status, occupationCode: applications.occupationCode, count: sql<number>`count(*)::int` })
    .from(applications)
    .where(eq(applications.planId, plan.id))
    .groupBy(applications.status, applications.occupationCode);
  const counts: Record<string, number> = {};
  for (const entry of byStatus) counts[entry.status] = (counts[entry.status] ?? 0) + entry.count;
  const tally = (code: string, states: readonly string[]) => byStatus.filter((entry) => entry.occupationCode === code && states.includes(entry.status)).reduce((sum, entry) => sum + entry.count, 0);
  const quotas = plan.occupations.map((occupation) => {
    const quota = plan.quotas.find((candidate) => candidate.occupationCode === occupation.code);
    return {
      occupationCode: occupation.code,
      occupationName: occupation.name,
      cap: quota?.cap ?? null,
      maxCount: quota?.maxCount ?? null,
      ratioPercent: quota?.ratioPercent ?? null,
      seniorTechnicianCount: quota?.seniorTechnicianCount ?? null,
      eligible: tally(occupation.code, ELIGIBLE_OR_LATER),
      pending: tally(occupation.code, ['submitted']),
      total: byStatus.filter((entry) => entry.occupationCode === occupation.code && entry.status !== 'draft').reduce((sum, entry) => sum + entry.count, 0),
    };
  });
  const handovers = await db.select().from(applicationHandovers).where(eq(applicationHandovers.planId, plan.id)).orderBy(desc(applicationHandovers.at));
  const bodies = new Map((await findOrganisationsByIds(db, handovers.map((row) => row.evaluationBodyId).filter((id): id is string => Boolean(id)))).map((row) => [row.id, row.name]));
  return {
    plan: planBrief(plan, context.clock.today()),
    counts,
    quotas,
    handovers: handovers.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      handedOverByName: row.handedOverByName,
      count: row.applicationIds.length,
      note: row.note,
      evaluationBodyId: row.evaluationBodyId,
      evaluationBodyName: row.evaluationBodyId ? (bodies.get(row.evaluationBodyId) ?? null) : null,
    })),
  };
}

// ----------------------------------------------------------------------------- candidates

/** What the whole-register pass keeps of each employee: enough to count, filter and sort. */
interface CandidateEntry {
  id: string;
  name: string;
  department: string;
  outcome: CandidateScreening['outcome'];
  bannedUntil: string | null;
}

/** Names in the order people look them up (pinyin), one collator for the whole list. */
const NAME_ORDER = new Intl.Collator('zh-CN');

/** The list's order: those who meet the conditions first, then by name; one person's place is fixed by the register id (as PostgreSQL orders uuids). */
function compareCandidates(a: CandidateEntry, b: CandidateEntry): number {
  if (a.outcome !== b.outcome) return a.outcome === 'meets' ? -1 : 1;
  return NAME_ORDER.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The first `count` items in the order `compare` gives, as a stable sort would put them, without
 * sorting the rest: a page near the top of a long list costs one comparison for most items.
 */
export function firstInOrder<T>(items: readonly T[], count: number, compare: (a: T, b: T) => number): T[] {
  if (count <= 0) return [];
  if (count * 4 >= items.length) return [...items].sort(compare).slice(0, count);
  const best: T[] = [];
  for (const item of items) {
    if (best.length === count && compare(item, best[count - 1]) >= 0) continue;
    // After every equal item already kept: ties stay in input order, as in a stable sort.
    let low = 0;
    let high = best.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(item, best[middle]) < 0) high = middle;
      else low = middle + 1;
    }
    best.splice(low, 0, item);
    if (best.length > count) best.pop();
  }
  return best;
}

/**
 * 资格初筛: every employee of the register under the plan's enterprise against the plan, with what
 * the register decides (qualification, years in post, occupation, bans) and what stays for the
 * applicant ("待申报人提供"). Filtered by outcome and name, a page at a time: the whole register is
 * screened for the counts, and only the page's employees are shaped with their reasons.
 */
export async function listCandidates(db: Database, context: RequestContext, planId: string, query: { outcome?: 'meets' | 'not-met'; q?: string; limit: number; offset: number }) {
  const plan = await planInScope(db, context, planId, 'application:screen');
  assertPermission(context.actor, 'register:read');
  const cutoffDate = plan.eligibility.cutoffDate ?? context.clock.today();
  const eligibilityPlan = {
    cutoffDate,
    occupations: plan.occupations.map((occupation) => occupation.code),
    minYearsInPost: plan.eligibility.minYearsInPost,
    minYearsInPostPolicyDocument: plan.eligibility.minYearsPolicyDocument,
  };
  // A ban running at the cut-off date, or one in force today (fraud found since): notBanned is not met.
  const bans = await bansRunningOn(db, cutoffDate);
  for (const [hash, ban] of await bansRunningOn(db, context.clock.today())) if (!bans.has(hash) || bans.get(hash)!.untilDate < ban.untilDate) bans.set(hash, ban);
  const screener = createRegisterScreener(eligibilityPlan);
  // The plan's enterprise lies in the actor's scope (planInScope), so its register does too; the
  // actor's own path is asked for as well, so that nobody outside the scope is ever read.
  const rows = await registerRowsForScreening(db, [plan.enterprise.path, context.actor.organisationPath], { lookupHashes: bans.size > 0 });
  const entries: CandidateEntry[] = [];
  for (const row of rows) {
    const bannedUntil = row.idLookupHash === null ? null : (bans.get(row.idLookupHash)?.untilDate ?? null);
    const outcome = screener.outcome(row, bannedUntil);
    entries.push({ id: row.id, name: row.name, department: row.department ?? '', outcome, bannedUntil });
  }
  const counts = {
    all: entries.length,
    meets: entries.filter((entry) => entry.outcome === 'meets').length,
    notMet: entries.filter((entry) => entry.outcome === 'not-met').length,
  };
  const needle = query.q?.trim();
  const filtered = entries.filter((entry) => (!query.outcome || entry.outcome === query.outcome) && (!needle || entry.name.includes(needle) || entry.department.includes(needle)));
  const pageEntries = firstInOrder(filtered, query.offset + query.limit, compareCandidates).slice(query.offset);
  const byId = new Map((await findEmployees(db, pageEntries.map((entry) => entry.id))).map((employee) => [employee.id, employee]));
  const pageItems = pageEntries.map((entry) => {
    const employee = byId.get(entry.id)!;
    return { employee, screening: screenRegisterEmployee(eligibilityPlan, { ...employee, bannedUntil: entry.bannedUntil }) };
  });
  const ids = pageItems.map((candidate) => candidate.employee.id);
  const invited = new Set(
    ids.length ? (await db.select({ employeeId: applicationInvitations.employeeId }).from(applicationInvitations).where(and(eq(applicationInvitations.planId, plan.id), inArray(applicationInvitations.employeeId, ids)))).map((row) => row.employeeId) : [],
  );
  const hashes = pageItems.map((candidate) => candidate.employee.idLookupHash);
  const statuses = new Map(
    hashes.length ? (await db.select({ hash: applications.idLookupHash, status: applications.status }).from(applications).where(and(eq(applications.planId, plan.id), inArray(applications.idLookupHash, hashes)))).map((row) => [row.hash, row.status]) : [],
  );
  const organisations = new Map((await findOrganisationsByIds(db, [...new Set(pageItems.map((candidate) => candidate.employee.organisationId))])).map((row) => [row.id, row.name]));
  const occupations = await occupationNames(db, pageItems.map((candidate) => candidate.employee.occupationCode));
  return {
    items: pageItems.map(({ employee, screening }) => ({
      employeeId: employee.id,
      name: employee.name,
      idNumberMasked: employee.idNumberMasked,
      organisationName: organisations.get(employee.organisationId) ?? '',
      department: employee.department,
      occupationCode: employee.occupationCode,
      occupationName: occupations[employee.occupationCode] ?? null,
      outcome: screening.outcome,
      conditions: screening.conditions,
      priority: screening.priority,
      invited: invited.has(employee.id),
      hasAccount: Boolean(employee.userId),
      applicationStatus: statuses.get(employee.idLookupHash) ?? null,
    })),
    total: filtered.length,
    counts,
  };
}

/** Invites register employees to apply under the plan: an invitation each sees on their home page, and a notification for those with an account. */
export async function inviteEmployees(db: Database, context: RequestContext, planId: string, employeeIds: string[]) {
  const plan = await planInScope(db, context, planId, 'application:screen');
  if (plan.status !== 'published') throw new AppError('APPLICATION_PLAN_NOT_OPEN');
  const employees: RegisterEmployee[] = [];
  for (const id of [...new Set(employeeIds)]) {
    const employee = await findEmployee(db, id);
    if (!employee || !employee.organisationPath.startsWith(plan.enterprise.path) || !isInScope(context.actor, employee.organisationPath)) throw new AppError('NOT_FOUND');
    employees.push(employee);
  }
  // 六(四): nobody under a ban is invited; the refusal names each one, the ban's basis and its end.
  const bans = await activeBansByHash(db, employees.map((employee) => employee.idLookupHash), context.clock.today());
  const banned = bannedPeopleRefusal(
    employees.flatMap((employee, index) => {
      const ban = bans.get(employee.idLookupHash);
      return ban ? [{ path: `employeeIds.${index}`, name: employee.name, ban }] : [];
    }),
  );
  if (banned) throw banned;
  return db.transaction(async (tx) => {
    const created = await tx
      .insert(applicationInvitations)
      .values(
        employees.map((employee) => ({
          planId: plan.id,
          employeeId: employee.id,
          organisationId: employee.organisationId,
          organisationPath: employee.organisationPath,
          userId: employee.userId,
          invitedBy: context.actor.userId,
          invitedByName: context.actor.displayName,
        })),
      )
      .onConflictDoNothing()
      .returning({ employeeId: applicationInvitations.employeeId });
    const newly = new Set(created.map((row) => row.employeeId));
    const title = plan.title ?? `${plan.year}年特级技师评聘工作方案`;
    await notify(
      tx, context.clock,
      employees
        .filter((employee) => newly.has(employee.id) && employee.userId)
        .map((employee) => ({
          userId: employee.userId!,
          kind: 'application.invited',
          title: { 'zh-CN': '邀请您申报特级技师', en: 'You are invited to apply for Principal Technician' },
          body: {
            'zh-CN': `经职工名册初筛，您符合《${title}》中名册可判断的申报条件，请在申报期（${plan.window.from ?? '—'} 至 ${plan.window.to ?? '—'}）内填报。`,
            en: `The register shows you meet the conditions it can decide under "${title}"; apply between ${plan.window.from ?? '—'} and ${plan.window.to ?? '—'}.`,
          },
          link: '/my-application',
        })),
    );
    await writeAudit(tx, context, {
      action: 'application.invited',
      targetType: 'plan',
      targetId: plan.id,
      organisationId: plan.enterprise.id,
      organisationPath: plan.enterprise.path,
      after: { employeeIds: [...newly], alreadyInvited: employees.length - newly.size },
    });
    return {
      invited: newly.size,
      alreadyInvited: employees.length - newly.size,
      withoutAccount: employees.filter((employee) => newly.has(employee.id) && !employee.userId).length,
    };
  });
}

// ---------------------------------------------------------------------- export, handover

/** The screened list (every application submitted at least once) as Excel, ID numbers in full: audited. */
export async function exportScreenedList(db: Database, context: RequestContext, planId: string): Promise<{ bytes: Buffer; fileName: string }> {
  const plan = await planInScope(db, context, planId, 'application:screen');
  const rows = await db
    .select()
    .from(applications)
    .where(and(eq(applications.planId, plan.id), sql`${applications.currentVersion} > 0`))
    .orderBy(asc(applications.occupationCode), desc(applications.priority), asc(applications.name));
  const organisations = new Map((await findOrganisationsByIds(db, [...new Set(rows.map((row) => row.organisationId))])).map((row) => [row.id, row.name]));
  const occupations = new Map(plan.occupations.map((occupation) => [occupation.code, occupation.name]));
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '特级技师评聘管理系统';
  const sheet = workbook.addWorksheet('资格审核名单', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '序号', key: 'index', width: 6 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '证件类型', key: 'idType', width: 14 },
    { header: '证件号码', key: 'idNumber', width: 22, style: { numFmt: '@' } },
    { header: '单位', key: 'organisation', width: 28 },
    { header: '职业（工种）', key: 'occupation', width: 24 },
    { header: '审核结果', key: 'status', width: 14 },
    { header: '优先条件', key: 'priority', width: 30 },
    { header: '各项条件审核情况', key: 'conditions', width: 60 },
    { header: '审核意见', key: 'opinion', width: 40 },
    { header: '提交版本', key: 'version', width: 10 },
  ];
  sheet.getRow(1).font = { bold: true };
  let index = 0;
  for (const row of rows) {
    index += 1;
    const conditions = row.eligibility ? reviewedConditions(row.eligibility, await reviewsOf(db, row.id, row.currentVersion)) : [];
    sheet.addRow({
      index,
      name: row.name,
      idType: IDENTITY_TYPE_NAMES[row.idType as IdentityType]?.['zh-CN'] ?? row.idType,
      idNumber: decryptPersonalData(row.idNumberEncrypted, ID_NUMBER_AAD),
      organisation: organisations.get(row.organisationId) ?? '',
      occupation: row.occupationCode ? `${row.occupationCode} ${occupations.get(row.occupationCode) ?? ''}`.trim() : '',
      status: STATUS_NAMES[row.status]?.['zh-CN'] ?? row.status,
      priority: (row.eligibility?.priorityConditions ?? []).filter((condition) => condition.met).map((condition) => PRIORITY_CONDITION_NAMES[condition.id as PriorityConditionId]['zh-CN']).join('、'),
      conditions: conditions.map((condition) => `${BASIC_CONDITION_NAMES[condition.id]['zh-CN']}：${condition.met ? '符合' : '不符合'}${condition.review ? (condition.review.decision === 'overridden' ? '（人工改判）' : '') : '（未审核）'}`).join('；'),
      opinion: row.status === 'returned' ? row.returnComment : row.decisionReason,
      version: row.currentVersion,
    });
  }
  const quotaSheet = workbook.addWorksheet('结构比例');
  quotaSheet.columns = [
    { header: '职业（工种）', key: 'occupation', width: 30 },
    { header: '名额上限', key: 'cap', width: 10 },
    { header: '符合条件人数', key: 'eligible', width: 14 },
  ];
  quotaSheet.getRow(1).font = { bold: true };
  for (const occupation of plan.occupations) {
    const quota = plan.quotas.find((candidate) => candidate.occupationCode === occupation.code);
    quotaSheet.addRow({
      occupation: `${occupation.code} ${occupation.name}`,
      cap: quota?.cap ?? '不限',
      eligible: rows.filter((row) => row.occupationCode === occupation.code && (ELIGIBLE_OR_LATER as readonly string[]).includes(row.status)).length,
    });
  }
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  await db.transaction(async (tx) => {
    await writeAudit(tx, context, {
      action: 'application.list-exported',
      targetType: 'plan',
      targetId: plan.id,
      organisationId: plan.enterprise.id,
      organisationPath: plan.enterprise.path,
      after: { rows: rows.length, containsIdNumbers: true },
    });
  });
  return { bytes, fileName: `${plan.title ?? `${plan.year}年特级技师评聘`}-资格审核名单.xlsx` };
}

/**
 * 移交考评机构: records that the screened list (the eligible applications) went to the plan's
 * evaluation body. Refused while any application awaits screening, or when none is eligible.
 */
export async function handOver(db: Database, context: RequestContext, planId: string, note: string | undefined) {
  const plan = await planInScope(db, context, planId, 'application:screen');
  const [{ pending }] = await db
    .select({ pending: sql<number>`count(*)::int` })
    .from(applications)
    .where(and(eq(applications.planId, plan.id), eq(applications.status, 'submitted')));
  if (pending > 0) throw new AppError('HANDOVER_PENDING', { count: pending });
  const eligible = await db
    .select({ id: applications.id })
    .from(applications)
    .where(and(eq(applications.planId, plan.id), eq(applications.status, 'eligible')));
  if (!eligible.length) throw new AppError('HANDOVER_EMPTY');
  await db.transaction(async (tx) => {
    const [handover] = await tx
      .insert(applicationHandovers)
      .values({
        planId: plan.id,
        evaluationBodyId: plan.evaluationBodyId,
        applicationIds: eligible.map((row) => row.id),
        note: note?.trim() || null,
        handedOverBy: context.actor.userId,
        handedOverByName: context.actor.displayName,
      })
      .returning();
    await writeAudit(tx, context, {
      action: 'application.handed-over',
      targetType: 'plan',
      targetId: plan.id,
      organisationId: plan.enterprise.id,
      organisationPath: plan.enterprise.path,
      after: { handoverId: handover.id, evaluationBodyId: plan.evaluationBodyId, applicationIds: handover.applicationIds, note: handover.note },
    });
  });
  return planOverview(db, context, planId);
}
