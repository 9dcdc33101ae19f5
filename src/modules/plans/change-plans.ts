import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { defaultPlanContent } from '../../domain/plan-rules.ts';
import { assertTransition } from '../../domain/transitions.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertInScope, assertPermission } from '../../platform/policy.ts';
import { assertNotSuspended } from '../bans/suspensions.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import { notifyRole } from '../notifications/recipients.ts';
import type { PlanContentInput, PlanCreateReq, PlanDto, PlanUpdateReq } from './schemas.ts';
import { plans, planVersions, type PlanFilingStatus, type PlanStatus } from './tables.ts';
import { enterpriseContext, enterpriseInScope, loadPlan, mergeContent, planDto, planIssues, planStanding, sameContent, toFieldErrors, versionsOf, writablePlan, type PlanRow } from './plan-support.ts';


/** What the audit log keeps of a plan. */
function auditView(row: PlanRow) {
  return { year: row.year, kind: row.kind, status: row.status, revision: row.revision, currentVersion: row.currentVersion, filedVersion: row.filedVersion, content: row.content };
}

/**
 * An enterprise may draw up a plan of a year when its jurisdiction's model allows it: under the
 * filed-enterprise and provincial-plan-filing models, when it (or its group) is filed for skill
 * level recognition (二(一)); under the ministry-filing model (2021), when an accepted pilot
 * application names it or its group.
 */
export async function createPlan(db: Database, context: RequestContext, input: PlanCreateReq): Promise<PlanDto> {
  assertPermission(context.actor, 'plan:write');
  const enterprise = await enterpriseInScope(db, context, input.enterpriseId);
  // 暂停评审 (六(四)): no plan while the enterprise's evaluation is suspended.
  await assertNotSuspended(db, context, [enterprise.path], 'plan');
  const standing = await planStanding(db, await enterpriseContext(db, enterprise), input.year, null);
  if (!standing.mayDraftPlan) {
    throw new AppError(standing.model === 'ministry-pilot-filing' ? 'PLAN_NOT_PILOT' : 'PLAN_ENTERPRISE_NOT_FILED', { year: input.year });
  }
  const [existing] = await db
    .select({ id: plans.id })
    .from(plans)
    .where(and(eq(plans.enterpriseId, enterprise.id), eq(plans.year, input.year), eq(plans.kind, input.kind)));
  if (existing) throw new AppError('PLAN_EXISTS', { year: input.year, id: existing.id });
  const content = mergeContent(defaultPlanContent(input.kind), input.content);
  const id = randomUUID();
  const row = await db
    .transaction(async (tx) => {
      const [created] = await tx
        .insert(plans)
        .values({ id, enterpriseId: enterprise.id, enterprisePath: enterprise.path, year: input.year, kind: input.kind, status: 'draft', content, createdBy: context.actor.userId })
        .returning();
      await writeAudit(tx, context, {
        action: 'plan.created',
        targetType: 'plan',
        targetId: id,
        organisationId: enterprise.id,
        organisationPath: enterprise.path,
        after: auditView(created),
      });
      return created;
    })
    .catch((error: unknown) => {
      if (String((error as { cause?: { code?: string }; code?: string }).cause?.code ?? (error as { code?: string }).code) === '23505') {
        throw new AppError('PLAN_EXISTS', { year: input.year });
      }
      throw error;
    });
  return planDto(db, context.actor, row);
}

/** Saves the working copy (a draft, or the next version of a published plan); nothing is published. */
export async function updatePlan(db: Database, context: RequestContext, id: string, input: PlanUpdateReq): Promise<PlanDto> {
  const current = await writablePlan(db, context, id);
  if (current.status === 'closed') throw new AppError('PLAN_CLOSED');
  if (input.revision !== undefined && input.revision !== current.revision) throw new AppError('CONFLICT', { revision: current.revision });
  const content = mergeContent(current.content, input.content);
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(plans)
      .set({ content, revision: current.revision + 1, updatedAt: context.clock.now() })
      .where(and(eq(plans.id, id), eq(plans.revision, current.revision)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await writeAudit(tx, context, {
      action: 'plan.updated',
      targetType: 'plan',
      targetId: id,
      organisationId: current.enterpriseId,
      organisationPath: current.enterprisePath,
      before: auditView(current),
      after: auditView(updated),
    });
    return updated;
  });
  return planDto(db, context.actor, row);
}

/** Every reason the plan (its working copy, with the sections given laid over it) cannot be published. Stores nothing. */
export async function validatePlanContent(db: Database, context: RequestContext, id: string, input: PlanContentInput | undefined) {
  const current = await writablePlan(db, context, id);
  const enterprise = (await findOrganisationsByIds(db, [current.enterpriseId]))[0];
  const { issues } = await planIssues(db, current, mergeContent(current.content, input), await enterpriseContext(db, enterprise));
  return { valid: issues.length === 0, errors: toFieldErrors(issues) };
}

/**
 * Publishes the working copy: the first time (publish) or as a new version (revise). A plan with
 * any fault is refused with every fault and nothing is stored; a revision identical to the
 * published version is refused too.
 */
export async function publishPlan(db: Database, context: RequestContext, id: string, input: { changeNote?: string | null; revision?: number }): Promise<PlanDto> {
  const current = await writablePlan(db, context, id);
  const act = current.status === 'draft' ? 'publish' : 'revise';
  const to = assertTransition('plan', current.status, act) as PlanStatus;
  if (input.revision !== undefined && input.revision !== current.revision) throw new AppError('CONFLICT', { revision: current.revision });
  await assertNotSuspended(db, context, [current.enterprisePath], 'plan');
  const enterprise = (await findOrganisationsByIds(db, [current.enterpriseId]))[0];
  const { issues, names } = await planIssues(db, current, current.content, await enterpriseContext(db, enterprise));
  if (issues.length) throw new AppError('PLAN_INVALID', { count: issues.length }, { errors: toFieldErrors(issues) });
  const versions = (await versionsOf(db, [id])).get(id) ?? [];
  const latest = versions.at(-1);
  if (latest && sameContent(latest.content, current.content)) throw new AppError('PLAN_UNCHANGED', { version: latest.version });
  const version = current.currentVersion + 1;
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(plans)
      .set({ status: to, currentVersion: version, updatedAt: context.clock.now() })
      // The state it was read in: a concurrent save or publication in between refuses this one.
      .where(and(eq(plans.id, id), eq(plans.revision, current.revision), eq(plans.currentVersion, current.currentVersion)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await tx.insert(planVersions).values({
      planId: id,
      version,
      content: current.content,
      names,
      changeNote: input.changeNote?.trim() || null,
      publishedBy: context.actor.userId,
      publishedByName: context.actor.displayName,
    });
    await writeAudit(tx, context, {
      action: act === 'publish' ? 'plan.published' : 'plan.revised',
      targetType: 'plan',
      targetId: id,
      organisationId: current.enterpriseId,
      organisationPath: current.enterprisePath,
      before: { status: current.status, version: current.currentVersion },
      after: { status: to, version, changeNote: input.changeNote?.trim() || null, content: current.content },
    });
    // 向全体职工公开 (四(一)): every employee the plan covers has a plan to read.
    const title = current.content.title ?? `${current.year}年特级技师评聘工作方案`;
    await notifyRole(tx, {
      role: 'employee',
      organisationPath: current.enterprisePath,
      below: true,
      kind: act === 'publish' ? 'plan.published' : 'plan.revised',
      title: act === 'publish' ? { 'zh-CN': '新的工作方案待阅读', en: 'A work plan to read' } : { 'zh-CN': '工作方案已修订', en: 'A work plan was revised' },
      body:
        act === 'publish'
          ? { 'zh-CN': `${enterprise.name}发布了《${title}》，请阅读申报条件、评价方式和时间安排。`, en: `${enterprise.name} published "${title}": read its conditions, method and timetable.` }
          : { 'zh-CN': `${enterprise.name}发布了《${title}》第${version}版，请阅读修订内容。`, en: `${enterprise.name} published version ${version} of "${title}": read what changed.` },
      link: `/published-plans/${id}`,
    });
    return updated;
  });
  return planDto(db, context.actor, row);
}

/**
 * 报送备案: files the current version with the supervising department (the department above the
 * enterprise: the provincial department for an enterprise in a province), which accepts or returns
 * it. Filing a later version submits again.
 */
export async function filePlan(db: Database, context: RequestContext, id: string): Promise<PlanDto> {
  const current = await writablePlan(db, context, id);
  if (current.status !== 'published') throw new AppError('PLAN_NOT_PUBLISHED');
  if (current.filedVersion === current.currentVersion) throw new AppError('PLAN_ALREADY_FILED', { version: current.currentVersion });
  const filingStatus = assertTransition('planFiling', current.filedVersion ? (current.filingStatus ?? 'submitted') : 'none', 'file') as PlanFilingStatus;
  const enterprise = (await findOrganisationsByIds(db, [current.enterpriseId]))[0];
  const { department } = await enterpriseContext(db, enterprise);
  if (!department) throw new AppError('NOT_FOUND');
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(plans)
      .set({
        filedWithId: department.id,
        filedAt: context.clock.now(),
        filedVersion: current.currentVersion,
        filingStatus,
        filingDecidedAt: null,
        filingDecidedBy: null,
        filingDecisionNote: null,
        updatedAt: context.clock.now(),
      })
      .where(and(eq(plans.id, id), eq(plans.currentVersion, current.currentVersion)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await writeAudit(tx, context, {
      action: 'plan.filed',
      targetType: 'plan',
      targetId: id,
      organisationId: current.enterpriseId,
      organisationPath: current.enterprisePath,
      before: { filedVersion: current.filedVersion, filedWithId: current.filedWithId },
      after: { filedVersion: updated.filedVersion, filedWithId: department.id, department: department.name, filingStatus },
    });
    // 报送备案: the supervising department has a plan to read.
    const title = current.content.title ?? `${current.year}年特级技师评聘工作方案`;
    await notifyRole(tx, {
      role: 'department-admin',
      organisationPath: department.path,
      kind: 'plan.filed',
      title: { 'zh-CN': '工作方案报送备案待查阅', en: 'A work plan filed with you' },
      body: { 'zh-CN': `${enterprise.name}报送了《${title}》第${current.currentVersion}版，请查阅。`, en: `${enterprise.name} filed version ${current.currentVersion} of "${title}" with you.` },
      link: `/plans/${id}`,
    });
    return updated;
  });
  return planDto(db, context.actor, row);
}

export async function closePlan(db: Database, context: RequestContext, id: string, reason: string): Promise<PlanDto> {
  const current = await writablePlan(db, context, id);
  const to = assertTransition('plan', current.status, 'close') as PlanStatus;
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(plans)
      .set({ status: to, closedAt: context.clock.now(), closeReason: reason.trim(), updatedAt: context.clock.now() })
      .where(and(eq(plans.id, id), eq(plans.status, current.status)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await writeAudit(tx, context, {
      action: 'plan.closed',
      targetType: 'plan',
      targetId: id,
      organisationId: current.enterpriseId,
      organisationPath: current.enterprisePath,
      before: { status: current.status },
      after: { status: to, reason: reason.trim() },
    });
    return updated;
  });
  return planDto(db, context.actor, row);
}


/**
 * The department a plan was filed with answers the filing: accepts it (the provincial-plan-filing
 * model's condition of the review) or returns it with its reason. Only that department, only
 * while the filing waits.
 */
export async function decidePlanFiling(db: Database, context: RequestContext, id: string, act: 'accept' | 'return', note: string | null): Promise<PlanDto> {
  assertPermission(context.actor, 'plan:decide-filing');
  const current = await loadPlan(db, id);
  assertInScope(context.actor, current?.enterprisePath);
  if (current.status === 'draft') throw new AppError('NOT_FOUND');
  if (current.filedWithId !== context.actor.organisationId || !current.filedVersion) throw new AppError('PLAN_FILING_NOT_PENDING');
  const to = assertTransition('planFiling', current.filingStatus ?? 'submitted', act) as PlanFilingStatus;
  const filedVersion = current.filedVersion;
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(plans)
      .set({ filingStatus: to, filingDecidedAt: context.clock.now(), filingDecidedBy: context.actor.userId, filingDecisionNote: note, updatedAt: context.clock.now() })
      // The filing it was read in: a newer filing in between refuses this answer.
      .where(and(eq(plans.id, id), eq(plans.filedVersion, filedVersion)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await writeAudit(tx, context, {
      action: act === 'accept' ? 'plan.filing-accepted' : 'plan.filing-returned',
      targetType: 'plan',
      targetId: id,
      organisationId: current.enterpriseId,
      organisationPath: current.enterprisePath,
      before: { filingStatus: current.filingStatus ?? 'submitted', filedVersion: current.filedVersion },
      after: { filingStatus: to, filedVersion: current.filedVersion, note },
    });
    const title = current.content.title ?? `${current.year}年特级技师评聘工作方案`;
    await notifyRole(tx, {
      role: 'enterprise-admin',
      organisationPath: current.enterprisePath,
      kind: act === 'accept' ? 'plan.filing-accepted' : 'plan.filing-returned',
      title: act === 'accept' ? { 'zh-CN': '工作方案备案已接受', en: 'Plan filing accepted' } : { 'zh-CN': '工作方案备案被退回', en: 'Plan filing returned' },
      body:
        act === 'accept'
          ? { 'zh-CN': `《${title}》第${current.filedVersion}版的报送备案已被接受。`, en: `The filing of version ${current.filedVersion} of "${title}" was accepted.` }
          : { 'zh-CN': `《${title}》第${current.filedVersion}版的报送备案被退回，理由：${note ?? '—'}。请修改后重新报送。`, en: `The filing of version ${current.filedVersion} of "${title}" was returned: ${note ?? '—'}. Revise it and file again.` },
      link: `/plans/${id}`,
    });
    return updated;
  });
  return planDto(db, context.actor, { ...row, content: current.content });
}
