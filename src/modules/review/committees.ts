// 委托评审 and 评审委员会: the enterprise commissions its plan's evaluation body; the body's
// administrator forms a committee per occupation group, records recusals and attendance, and
// starts the review (the eligible applicants enter it).
import { and, desc, eq, inArray, like, or } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { evidenceFileIds } from '../../domain/application-rules.ts';
import { committeeSizeProblem, CONFLICT_REASON_NAMES, type ConflictReason } from '../../domain/review-rules.ts';
import { assertTransition } from '../../domain/transitions.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, validationError, type FieldError } from '../../platform/errors.ts';
import { assertInScope, assertPermission, hasPermission } from '../../platform/policy.ts';
import { listEligibleApplications, listReviewableApplications, transitionApplication, type EligibleApplication } from '../applications/service.ts';
import { activeBansByHash, bannedPeopleRefusal } from '../bans/service.ts';
import { assertNotSuspended } from '../bans/suspensions.ts';
import { notify } from '../notifications/service.ts';
import { occupationNames } from '../occupations/service.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import { assertReviewMayStart, getPlanForReview, type PlanForReview } from '../plans/plan-for-review.ts';
import { findEmployee, findEmployeeByHash, findEmployeeByUser, type RegisterEmployee } from '../register/service.ts';
import { assertOpen, candidatesOf, expertOfUser, loadCommittee, membersOf, recusalsOf, reviewedCandidatesOf, type CommissionRow, type CommitteeAccess, type CommitteeRow, type ExpertRow } from './access.ts';
import type { CommitteeCreateReq, RecusalCreateReq } from './schemas.ts';
import { reviewCandidates, reviewCommissions, reviewCommittees, reviewExperts, reviewMembers, reviewRecusals } from './tables.ts';
import { planDeviationsOf } from '../plans/plan-for-review.ts';
import { planCaps } from '../plans/plan-for-applications.ts';

// ----------------------------------------------------------------------------- commissions

async function commissionDto(db: Database, row: CommissionRow) {
  const plan = await getPlanForReview(db, row.planId);
  const [body] = await findOrganisationsByIds(db, [row.bodyId]);
  const taken = await db
    .select({ applicationId: reviewCandidates.applicationId })
    .from(reviewCandidates)
    .innerJoin(reviewCommittees, eq(reviewCommittees.id, reviewCandidates.committeeId))
    .where(eq(reviewCommittees.planId, row.planId));
  const takenIds = new Set(taken.map((entry) => entry.applicationId));
  const eligible = plan ? (await listEligibleApplications(db, row.planId)).filter((application) => !takenIds.has(application.id)) : [];
  return {
    id: row.id,
    planId: row.planId,
    planTitle: plan?.title ?? row.planTitle,
    planYear: plan?.year ?? null,
    enterpriseId: row.enterpriseId,
    enterpriseName: row.enterpriseName,
    bodyId: row.bodyId,
    bodyName: body?.name ?? '',
    organisationForm: plan?.organisationForm ?? null,
    occupations: (plan?.occupations ?? []).map((occupation) => ({ ...occupation, cap: plan?.quotas.find((quota) => quota.occupationCode === occupation.code)?.cap ?? null })),
    committeeRules: plan ? plan.committee : null,
    awaitingReview: eligible.length,
    createdAt: row.createdAt.toISOString(),
  };
}

/** 委托评审: the enterprise hands its published plan's review to the evaluation body the plan names. */
export async function createCommission(db: Database, context: RequestContext, planId: string) {
  const actor = context.actor;
  assertPermission(actor, 'review:commission');
  const plan = await getPlanForReview(db, planId);
  assertInScope(actor, plan?.enterprise.path);
  if (!plan!.evaluationBodyId) throw new AppError('REVIEW_NOT_COMMISSIONED');
  // The jurisdiction's model (issue 21): e.g. the plan's filing accepted by the provincial department.
  await assertReviewMayStart(db, plan!.id);
  const [body] = await findOrganisationsByIds(db, [plan!.evaluationBodyId]);
  if (!body || body.kind !== 'evaluation-body') throw new AppError('REVIEW_NOT_COMMISSIONED');
  const [existing] = await db.select().from(reviewCommissions).where(and(eq(reviewCommissions.planId, plan!.id), eq(reviewCommissions.bodyId, body.id)));
  if (existing) throw new AppError('CONFLICT');
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(reviewCommissions)
      .values({
        planId: plan!.id,
        enterpriseId: plan!.enterprise.id,
        enterprisePath: plan!.enterprise.path,
        bodyId: body.id,
        bodyPath: body.path,
        planTitle: plan!.title,
        enterpriseName: plan!.enterprise.name,
        createdBy: actor.userId,
      })
      .returning();
    await writeAudit(tx, context, {
      action: 'review.commissioned',
      targetType: 'review-commission',
      targetId: created.id,
      organisationId: plan!.enterprise.id,
      organisationPath: plan!.enterprise.path,
      after: { planId: plan!.id, bodyId: body.id, bodyName: body.name, form: plan!.organisationForm },
    });
    return created;
  });
  return commissionDto(db, row);
}

/** The commissions the caller sees: a body's own (through the commission record), or an enterprise's plans'. */
export async function listCommissions(db: Database, context: RequestContext) {
  const actor = context.actor;
  const conditions = [];
  if (hasPermission(actor, 'review:manage')) conditions.push(like(reviewCommissions.bodyPath, `${actor.organisationPath}%`));
  if (hasPermission(actor, 'review:commission')) conditions.push(like(reviewCommissions.enterprisePath, `${actor.organisationPath}%`));
  if (!conditions.length) throw new AppError('FORBIDDEN', { permission: 'review:manage' });
  const rows = await db.select().from(reviewCommissions).where(or(...conditions)).orderBy(desc(reviewCommissions.createdAt));
  const result = [];
  for (const row of rows) result.push(await commissionDto(db, row));
  return result;
}

async function loadCommissionForBody(db: Database, context: RequestContext, id: string): Promise<CommissionRow> {
  assertPermission(context.actor, 'review:manage');
  const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await db.select().from(reviewCommissions).where(eq(reviewCommissions.id, id)) : [];
  assertInScope(context.actor, row?.bodyPath);
  return row;
}

// ------------------------------------------------------------------------------ committees

export async function committeeDto(db: Database, committee: CommitteeRow, access: CommitteeAccess) {
  const [commission] = await db.select().from(reviewCommissions).where(eq(reviewCommissions.id, committee.commissionId));
  const members = await membersOf(db, committee.id);
  const all = await candidatesOf(db, committee.id);
  const candidates = await reviewedCandidatesOf(db, committee);
  const names = new Map(all.map((candidate) => [candidate.applicationId, candidate.name]));
  const seesAllRecusals = access.role === 'manager' || access.role === 'chair';
  const recusals = (await recusalsOf(db, committee.id)).filter((recusal) => seesAllRecusals || recusal.expertId === access.expertId);
  const experts = new Map(members.map((member) => [member.expertId, member.expert.name]));
  return {
    ...committeeBrief(committee, commission, access, candidates.length),
    disqualifiedCandidates: all.filter((candidate) => !candidates.some((kept) => kept.id === candidate.id)).map((candidate) => ({ applicationId: candidate.applicationId, name: candidate.name })),
    // Where the plan departs from the notice's defaults under a provincial document (issue 19).
    planDeviations: await planDeviationsOf(db, committee.planId),
    members: members.map((member) => ({
      expertId: member.expertId,
      name: member.expert.name,
      title: member.expert.title,
      organisationName: member.expert.organisationName,
      isChair: member.isChair,
      present: member.present,
    })),
    recusals: recusals.map((recusal) => ({
      id: recusal.id,
      expertId: recusal.expertId,
      expertName: experts.get(recusal.expertId) ?? '',
      applicationId: recusal.applicationId,
      applicantName: names.get(recusal.applicationId) ?? '',
      reason: recusal.reason,
      reasonName: CONFLICT_REASON_NAMES[recusal.reason],
      source: recusal.source,
      note: recusal.note,
    })),
  };
}

export function committeeBrief(committee: CommitteeRow, commission: CommissionRow | undefined, access: CommitteeAccess, candidateCount: number) {
  return {
    id: committee.id,
    commissionId: committee.commissionId,
    planId: committee.planId,
    planTitle: commission?.planTitle ?? null,
    enterpriseName: commission?.enterpriseName ?? '',
    name: committee.name,
    occupationCodes: committee.occupationCodes,
    round: committee.round,
    roundReason: committee.roundReason,
    status: committee.status,
    myRole: access.role,
    myExpertId: access.expertId,
    candidateCount,
    startedAt: committee.startedAt?.toISOString() ?? null,
    scoringClosedAt: committee.scoringClosedAt?.toISOString() ?? null,
    closedAt: committee.closedAt?.toISOString() ?? null,
    closedByName: committee.closedByName,
  };
}

/** The committees the caller sees: a body's (administrator), one's own (expert), a plan's closed ones (enterprise). */
export async function listCommittees(db: Database, context: RequestContext, query: { planId?: string }) {
  const actor = context.actor;
  const result: { committee: CommitteeRow; access: CommitteeAccess }[] = [];
  const planFilter = query.planId ? eq(reviewCommittees.planId, query.planId) : undefined;
  if (hasPermission(actor, 'review:manage')) {
    for (const committee of await db.select().from(reviewCommittees).where(and(like(reviewCommittees.bodyPath, `${actor.organisationPath}%`), planFilter)).orderBy(desc(reviewCommittees.createdAt))) {
      result.push({ committee, access: { role: 'manager', expertId: null, present: false } });
    }
  } else if (hasPermission(actor, 'review:take-part')) {
    const expert = await expertOfUser(db, actor.userId);
    if (expert) {
      const rows = await db
        .select({ committee: reviewCommittees, member: reviewMembers })
        .from(reviewMembers)
        .innerJoin(reviewCommittees, eq(reviewCommittees.id, reviewMembers.committeeId))
        .where(and(eq(reviewMembers.expertId, expert.id), planFilter))
        .orderBy(desc(reviewCommittees.createdAt));
      for (const row of rows) result.push({ committee: row.committee, access: { role: row.member.isChair ? 'chair' : 'member', expertId: expert.id, present: row.member.present } });
    }
  } else if (hasPermission(actor, 'review:commission')) {
    for (const committee of await db
      .select()
      .from(reviewCommittees)
      .where(and(like(reviewCommittees.enterprisePath, `${actor.organisationPath}%`), eq(reviewCommittees.status, 'closed'), planFilter))
      .orderBy(desc(reviewCommittees.createdAt))) {
      result.push({ committee, access: { role: 'enterprise', expertId: null, present: false } });
    }
  } else {
    throw new AppError('FORBIDDEN', { permission: 'review:take-part' });
  }
  const commissionRows = result.length ? await db.select().from(reviewCommissions).where(inArray(reviewCommissions.id, [...new Set(result.map((entry) => entry.committee.commissionId))])) : [];
  const commissions = new Map(commissionRows.map((row) => [row.id, row]));
  const items = [];
  for (const entry of result) {
    const count = (await reviewedCandidatesOf(db, entry.committee)).length;
    items.push(committeeBrief(entry.committee, commissions.get(entry.committee.commissionId), entry.access, count));
  }
  return items;
}

export async function getCommittee(db: Database, context: RequestContext, id: string) {
  const { committee, access } = await loadCommittee(db, context, id, ['manager', 'chair', 'member', 'enterprise']);
  return committeeDto(db, committee, access);
}

/** Forms a committee for an occupation group of a commissioned plan: odd size within the plan's rules, a chair among the members. */
export async function createCommittee(db: Database, context: RequestContext, input: CommitteeCreateReq, round: { number: number; reason: string | null } = { number: 1, reason: null }) {
  const commission = await loadCommissionForBody(db, context, input.commissionId);
  const plan = await getPlanForReview(db, commission.planId);
  if (!plan) throw new AppError('REVIEW_NOT_COMMISSIONED');
  const errors: FieldError[] = [];
  const memberIds = [...new Set(input.memberIds)];
  const occupationCodes = [...new Set(input.occupationCodes)];
  const unknownOccupations = occupationCodes.filter((code) => !plan.occupations.some((occupation) => occupation.code === code));
  if (unknownOccupations.length) errors.push(fieldError('occupationCodes', 'OCCUPATION_NOT_IN_PLAN', `以下职业（工种）不在工作方案范围内：${unknownOccupations.join('、')}`, `Not in the plan's scope: ${unknownOccupations.join(', ')}`));
  // The plan's own rules (its least size, oddness and planned size), checked against its jurisdiction's limits when it was published.
  const size = committeeSizeProblem(memberIds.length, { minimum: plan.committee.minimumSize ?? 1, odd: plan.committee.oddSize, maximum: plan.committee.size });
  if (size?.code === 'COMMITTEE_TOO_SMALL') errors.push(fieldError('memberIds', size.code, `工作方案规定评审委员会不得少于${size.minimum}人，现为${memberIds.length}人`, `The plan requires a committee of at least ${size.minimum}, not ${memberIds.length}`));
  if (size?.code === 'COMMITTEE_EVEN') errors.push(fieldError('memberIds', size.code, `工作方案规定评审委员会人数为单数，现为${memberIds.length}人`, `The plan requires an odd number of members, not ${memberIds.length}`));
  if (size?.code === 'COMMITTEE_TOO_LARGE') errors.push(fieldError('memberIds', size.code, `工作方案规定评审委员会为${size.maximum}人，现为${memberIds.length}人`, `The plan sets a committee of ${size.maximum}, not ${memberIds.length}`));
  if (!memberIds.includes(input.chairId)) errors.push(fieldError('chairId', 'CHAIR_NOT_MEMBER', '主任委员须为评审委员会成员', 'The chair must be a member'));
  const experts = memberIds.length ? await db.select().from(reviewExperts).where(inArray(reviewExperts.id, memberIds)) : [];
  const usable = experts.filter((expert) => expert.active && expert.bodyPath.startsWith(commission.bodyPath));
  if (usable.length !== memberIds.length) errors.push(fieldError('memberIds', 'EXPERT_UNKNOWN', '所选专家须为本考评机构专家库中在册的专家', 'Members must be active experts of this body’s pool'));
  const withoutAccount = usable.filter((expert) => !expert.userId);
  if (withoutAccount.length) errors.push(fieldError('memberIds', 'EXPERT_WITHOUT_ACCOUNT', `以下专家尚未关联评审账号：${withoutAccount.map((expert) => expert.name).join('、')}`, `These experts have no account: ${withoutAccount.map((expert) => expert.name).join(', ')}`));
  const open = await db
    .select()
    .from(reviewCommittees)
    .where(and(eq(reviewCommittees.planId, commission.planId), inArray(reviewCommittees.status, ['forming', 'scoring', 'voting'])));
  const overlapping = occupationCodes.filter((code) => open.some((committee) => committee.occupationCodes.includes(code)));
  if (overlapping.length) errors.push(fieldError('occupationCodes', 'OCCUPATION_IN_REVIEW', `以下职业（工种）已有进行中的评审委员会：${overlapping.join('、')}`, `An open committee already reviews: ${overlapping.join(', ')}`));
  if (errors.length) throw validationError(errors);
  const committee = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(reviewCommittees)
      .values({
        commissionId: commission.id,
        planId: commission.planId,
        bodyId: commission.bodyId,
        bodyPath: commission.bodyPath,
        enterprisePath: commission.enterprisePath,
        name: input.name,
        occupationCodes,
        round: round.number,
        roundReason: round.reason,
        status: 'forming',
        createdBy: context.actor.userId,
      })
      .returning();
    await tx.insert(reviewMembers).values(memberIds.map((expertId) => ({ committeeId: created.id, expertId, isChair: expertId === input.chairId })));
    await writeAudit(tx, context, {
      action: round.number > 1 ? 'review.round-opened' : 'review.committee-created',
      targetType: 'review-committee',
      targetId: created.id,
      organisationId: commission.bodyId,
      organisationPath: commission.bodyPath,
      after: { planId: commission.planId, name: created.name, occupationCodes, memberIds, chairId: input.chairId, round: round.number, reason: round.reason },
    });
    return created;
  });
  return committeeDto(db, committee, { role: 'manager', expertId: null, present: false });
}

/** A new review round after a closed one: the same members and occupations; the earlier round stays as it was. */
export async function openNewRound(db: Database, context: RequestContext, id: string, reason: string) {
  const { committee } = await loadCommittee(db, context, id, ['manager']);
  if (committee.status !== 'closed') throw new AppError('CONFLICT');
  const later = await db
    .select({ id: reviewCommittees.id })
    .from(reviewCommittees)
    .where(and(eq(reviewCommittees.commissionId, committee.commissionId), eq(reviewCommittees.name, committee.name), eq(reviewCommittees.round, committee.round + 1)));
  if (later.length) throw new AppError('CONFLICT');
  const members = await membersOf(db, committee.id);
  return createCommittee(
    db,
    context,
    { commissionId: committee.commissionId, name: committee.name, occupationCodes: committee.occupationCodes, memberIds: members.map((member) => member.expertId), chairId: members.find((member) => member.isChair)!.expertId },
    { number: committee.round + 1, reason },
  );
}

/** 回避: the body's administrator records a relation, or an expert declares their own. */
export async function recordRecusal(db: Database, context: RequestContext, id: string, input: RecusalCreateReq) {
  const { committee, access } = await loadCommittee(db, context, id, ['manager', 'chair', 'member']);
  assertOpen(committee);
  if (access.role !== 'manager' && input.expertId !== access.expertId) throw new AppError('FORBIDDEN', { permission: 'review:manage' });
  const members = await membersOf(db, committee.id);
  if (!members.some((member) => member.expertId === input.expertId)) throw validationError([fieldError('expertId', 'NOT_MEMBER', '该专家不是本评审委员会成员', 'Not a member of this committee')]);
  const candidates = await candidatesOf(db, committee.id);
  const known = candidates.some((candidate) => candidate.applicationId === input.applicationId) || (committee.status === 'forming' && (await pendingApplications(db, committee)).some((application) => application.id === input.applicationId));
  if (!known) throw validationError([fieldError('applicationId', 'NOT_CANDIDATE', '该申报人不在本评审委员会的评审范围内', 'The applicant is not reviewed by this committee')]);
  await db.transaction(async (tx) => {
    await insertRecusals(tx, committee.id, [{ expertId: input.expertId, applicationId: input.applicationId, reason: input.reason, source: 'declared', note: input.note ?? null }], context.actor.userId);
    await writeAudit(tx, context, {
      action: 'review.recusal-recorded',
      targetType: 'review-committee',
      targetId: committee.id,
      organisationId: committee.bodyId,
      organisationPath: committee.bodyPath,
      after: { expertId: input.expertId, applicationId: input.applicationId, reason: input.reason, source: 'declared', note: input.note ?? null },
    });
  });
  return committeeDto(db, committee, access);
}

async function insertRecusals(tx: Database, committeeId: string, rows: { expertId: string; applicationId: string; reason: ConflictReason; source: 'declared' | 'detected'; note: string | null }[], createdBy: string) {
  if (!rows.length) return;
  await tx
    .insert(reviewRecusals)
    .values(rows.map((row) => ({ committeeId, ...row, createdBy })))
    .onConflictDoNothing();
}

/** Records who is present at the meeting (the rest absent): the quorum counts the present, non-recused members. */
export async function recordAttendance(db: Database, context: RequestContext, id: string, presentExpertIds: string[]) {
  const { committee, access } = await loadCommittee(db, context, id, ['manager', 'chair']);
  assertOpen(committee);
  const members = await membersOf(db, committee.id);
  const unknown = presentExpertIds.filter((expertId) => !members.some((member) => member.expertId === expertId));
  if (unknown.length) throw validationError([fieldError('presentExpertIds', 'NOT_MEMBER', '所选专家不是本评审委员会成员', 'Not members of this committee')]);
  const present = new Set(presentExpertIds);
  await db.transaction(async (tx) => {
    for (const member of members) await tx.update(reviewMembers).set({ present: present.has(member.expertId) }).where(eq(reviewMembers.id, member.id));
    await writeAudit(tx, context, {
      action: 'review.attendance-recorded',
      targetType: 'review-committee',
      targetId: committee.id,
      organisationId: committee.bodyId,
      organisationPath: committee.bodyPath,
      before: { present: members.filter((member) => member.present).map((member) => member.expertId) },
      after: { present: [...present] },
    });
  });
  return committeeDto(db, committee, access);
}

/**
 * The applications a committee reviews when it starts: the eligible applications of its occupations
 * not yet in any committee of the plan and, for a new round (重新评审), the closed round's candidates
 * whose result has not yet gone to the notice (recommended or not recommended).
 */
async function pendingApplications(db: Database, committee: CommitteeRow): Promise<EligibleApplication[]> {
  const inScope = (application: EligibleApplication) => Boolean(application.occupationCode && committee.occupationCodes.includes(application.occupationCode));
  const eligible = (await listEligibleApplications(db, committee.planId)).filter(inScope);
  if (committee.round <= 1) return eligible;
  const [previous] = await db
    .select({ id: reviewCommittees.id })
    .from(reviewCommittees)
    .where(and(eq(reviewCommittees.commissionId, committee.commissionId), eq(reviewCommittees.name, committee.name), eq(reviewCommittees.round, committee.round - 1), eq(reviewCommittees.status, 'closed')));
  if (!previous) return eligible;
  const earlier = await candidatesOf(db, previous.id);
  const again = await listReviewableApplications(db, committee.planId, { states: ['recommended', 'not-recommended'], ids: earlier.map((candidate) => candidate.applicationId) });
  return [...again.filter(inScope), ...eligible];
}

/** The relations the system can see from the data: the expert's own application, the same department in the register. */
export async function detectConflicts(db: Database, plan: PlanForReview, experts: readonly ExpertRow[], applications: readonly EligibleApplication[]) {
  const found: { expertId: string; applicationId: string; reason: ConflictReason; source: 'detected'; note: string | null }[] = [];
  const departments = new Map<string, RegisterEmployee | null>();
  for (const application of applications) departments.set(application.id, application.employeeId ? await findEmployee(db, application.employeeId) : null);
  for (const expert of experts) {
    const inRegister =
      (expert.userId ? await findEmployeeByUser(db, expert.userId) : null) ?? (expert.idLookupHash ? await findEmployeeByHash(db, plan.enterprise.path, expert.idLookupHash) : null);
    for (const application of applications) {
      const applicant = departments.get(application.id) ?? null;
      if ((expert.idLookupHash && expert.idLookupHash === application.idLookupHash) || (inRegister && applicant && inRegister.id === applicant.id)) {
        found.push({ expertId: expert.id, applicationId: application.id, reason: 'own-application', source: 'detected', note: null });
        continue;
      }
      const applicantDepartment = applicant?.department ?? application.content.identity.department ?? null;
      if (inRegister?.department && applicantDepartment && inRegister.department === applicantDepartment && inRegister.organisationId === application.organisationId) {
        found.push({ expertId: expert.id, applicationId: application.id, reason: 'same-department', source: 'detected', note: `职工名册：${inRegister.department}` });
      }
    }
  }
  return found;
}

/** Starts the review: the eligible applicants of the occupation group enter it (eligible → in-review), conflicts are detected, the plan's rules are fixed. */
export async function startReview(db: Database, context: RequestContext, id: string) {
  const { committee, access } = await loadCommittee(db, context, id, ['manager']);
  assertOpen(committee);
  const to = assertTransition('reviewCommittee', committee.status, 'start-scoring');
  const plan = await getPlanForReview(db, committee.planId);
  if (!plan) throw new AppError('REVIEW_NOT_COMMISSIONED');
  const applications = await pendingApplications(db, committee);
  if (!applications.length) throw new AppError('REVIEW_NO_CANDIDATES');
  // 暂停评审 and 禁入 (六(四)): no review while the enterprise is suspended; nobody under a ban is reviewed.
  await assertNotSuspended(db, context, [plan.enterprise.path, ...applications.map((application) => application.organisationPath)], 'review');
  const bans = await activeBansByHash(db, applications.map((application) => application.idLookupHash), context.clock.today());
  const banned = bannedPeopleRefusal(applications.flatMap((application, index) => (bans.has(application.idLookupHash) ? [{ path: `candidates.${index}`, name: application.name, ban: bans.get(application.idLookupHash)! }] : [])));
  if (banned) throw banned;
  const members = await membersOf(db, committee.id);
  const conflicts = await detectConflicts(
    db,
    plan,
    members.map((member) => member.expert),
    applications,
  );
  // The plan's caps as they stand (a share without a typed number is taken of the register).
  const planCap = await planCaps(db, plan);
  const caps: Record<string, number | null> = {};
  for (const code of committee.occupationCodes) caps[code] = planCap.byOccupation[code] ?? null;
  const names = await occupationNames(db, committee.occupationCodes);
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(reviewCommittees)
      .set({
        status: to,
        startedAt: context.clock.now(),
        rules: { dimensions: plan.evaluation.dimensions, aggregation: plan.evaluation.aggregation ?? 'mean', quorum: plan.committee.quorum, voteThreshold: plan.committee.voteThreshold, secretBallot: plan.committee.secretBallot, caps, enterpriseCap: planCap.enterprise },
      })
      .where(and(eq(reviewCommittees.id, committee.id), eq(reviewCommittees.status, committee.status)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    for (const application of applications) {
      const applicant = application.employeeId ? await findEmployee(tx, application.employeeId) : null;
      await tx.insert(reviewCandidates).values({
        committeeId: committee.id,
        applicationId: application.id,
        version: application.version,
        name: application.name,
        idNumberMasked: application.idNumberMasked,
        occupationCode: application.occupationCode!,
        department: applicant?.department ?? application.content.identity.department ?? null,
        priority: application.priority,
        content: application.content,
        evidenceFileIds: [...new Set(evidenceFileIds(application.content))],
      });
      if (application.status === 'eligible') {
        await transitionApplication(tx, context, { applicationId: application.id, act: 'start-review', auditAction: 'application.review-started', comment: { 'zh-CN': `进入${committee.name}评审`, en: `Under review by ${committee.name}` } });
      } else {
        await transitionApplication(tx, context, { applicationId: application.id, act: 're-review', auditAction: 'application.review-reopened', comment: { 'zh-CN': `进入${committee.name}第${committee.round}轮评审：${committee.roundReason ?? ''}`, en: `Review round ${committee.round} by ${committee.name}: ${committee.roundReason ?? ''}` } });
      }
    }
    await insertRecusals(tx, committee.id, conflicts, context.actor.userId);
    await writeAudit(tx, context, {
      action: 'review.started',
      targetType: 'review-committee',
      targetId: committee.id,
      organisationId: committee.bodyId,
      organisationPath: committee.bodyPath,
      before: { status: committee.status },
      after: { status: to, applicationIds: applications.map((application) => application.id), occupations: names, detectedConflicts: conflicts.length },
    });
    // 评审 (四(二)): every member with an account has scores to give.
    await notify(
      tx, context.clock,
      members
        .filter((member) => member.expert.userId)
        .map((member) => ({
          userId: member.expert.userId!,
          kind: 'review.scoring-started',
          title: { 'zh-CN': '评审已开始，请独立评分', en: 'Scores to give' },
          body: {
            'zh-CN': `${committee.name}已开始评审，共${applications.length}名申报人，请逐人独立评分。`,
            en: `${committee.name} has started: score each of the ${applications.length} applicants on your own.`,
          },
          link: `/review/committees/${committee.id}`,
        })),
    );
  });
  const [fresh] = await db.select().from(reviewCommittees).where(eq(reviewCommittees.id, committee.id));
  return committeeDto(db, fresh, access);
}

