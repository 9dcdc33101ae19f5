// 评分 and 投票: each expert scores each applicant they have no conflict with, independently (no
// one sees another's scores until the chair closes scoring), then votes by secret ballot.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { ApplicationContent } from '../../domain/application-rules.ts';
import type { Vote } from '../../domain/review-rules.ts';
import { birthYearOf } from '../../domain/identity.ts';
import { assertTransition } from '../../domain/transitions.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, validationError, type FieldError } from '../../platform/errors.ts';
import { readFileUnscoped, recordFileDownload } from '../../platform/files.ts';
import { assertOpen, loadCommittee, membersOf, recusalsOf, recusedKeys, reviewedCandidatesOf, type CandidateRow, type CommitteeRow } from './access.ts';
import { committeeBrief } from './committees.ts';
import type { ScoreSheetReq } from './schemas.ts';
import { reviewCommissions, reviewCommittees, reviewScores, reviewVotes } from './tables.ts';
import { currentCorrections } from '../applications/service.ts';
import { planDeviationsOf } from '../plans/plan-for-review.ts';

export const STAGE_NAMES = {
  forming: { 'zh-CN': '组建中', en: 'forming' },
  scoring: { 'zh-CN': '评分', en: 'scoring' },
  voting: { 'zh-CN': '投票', en: 'voting' },
  closed: { 'zh-CN': '已结束', en: 'closed' },
} as const;

export function wrongStage(committee: CommitteeRow, act: string, actEn: string): AppError {
  return new AppError('REVIEW_WRONG_STAGE', { stage: STAGE_NAMES[committee.status]['zh-CN'], stageEn: STAGE_NAMES[committee.status].en, act, actEn });
}

/** The evidence an applicant filed, by section, for the expert's preview. */
export function evidenceOf(content: ApplicationContent) {
  const list: { fileId: string; name: string; section: string }[] = [];
  const add = (section: string, refs: readonly { fileId: string; name: string }[]) => {
    for (const ref of refs) if (!list.some((entry) => entry.fileId === ref.fileId && entry.section === section)) list.push({ fileId: ref.fileId, name: ref.name, section });
  };
  add('qualification', content.qualification?.evidence ?? []);
  add('post', content.post?.evidence ?? []);
  for (const achievement of content.achievements ?? []) add('achievements', achievement.evidence);
  for (const honour of content.honours ?? []) add('honours', honour.evidence);
  add('health', content.health?.evidence ?? []);
  add('integrity', content.integrity?.evidence ?? []);
  return list;
}

/** A member's candidate, refused when the member recused from them (a conflicted expert neither sees nor scores). */
async function memberCandidate(db: Database, committee: CommitteeRow, expertId: string, applicationId: string): Promise<CandidateRow> {
  const candidate = (await reviewedCandidatesOf(db, committee)).find((row) => row.applicationId === applicationId);
  if (!candidate) throw new AppError('NOT_FOUND');
  const recused = recusedKeys(await recusalsOf(db, committee.id));
  if (recused.has(`${expertId}:${applicationId}`)) throw new AppError('REVIEW_CONFLICTED');
  return candidate;
}

/** 我的评审: the caller's candidates (the recused ones only counted), with their own scores and ballot. */
export async function myReview(db: Database, context: RequestContext, id: string) {
  const { committee, access } = await loadCommittee(db, context, id, ['chair', 'member']);
  const expertId = access.expertId!;
  const candidates = await reviewedCandidatesOf(db, committee);
  const recused = recusedKeys(await recusalsOf(db, committee.id));
  const visible = candidates.filter((candidate) => !recused.has(`${expertId}:${candidate.applicationId}`));
  const scores = await db.select().from(reviewScores).where(and(eq(reviewScores.committeeId, committee.id), eq(reviewScores.expertId, expertId)));
  const votes = await db.select().from(reviewVotes).where(and(eq(reviewVotes.committeeId, committee.id), eq(reviewVotes.expertId, expertId)));
  const [commission] = await db.select().from(reviewCommissions).where(eq(reviewCommissions.id, committee.commissionId));
  // Facts HR corrected with evidence are shown to the committee as corrected, with what they were.
  const corrections = await currentCorrections(db, visible.map((candidate) => candidate.applicationId));
  return {
    committee: committeeBrief(committee, commission, access, candidates.length),
    planDeviations: await planDeviationsOf(db, committee.planId),
    dimensions: committee.rules?.dimensions ?? [],
    isChair: access.role === 'chair',
    present: access.present,
    recusedCount: candidates.length - visible.length,
    candidates: visible.map((candidate) => {
      const sheet = scores.find((score) => score.applicationId === candidate.applicationId);
      const ballot = votes.find((vote) => vote.applicationId === candidate.applicationId);
      const content = candidate.content as ApplicationContent;
      return {
        applicationId: candidate.applicationId,
        name: candidate.name,
        idNumberMasked: candidate.idNumberMasked,
        occupationCode: candidate.occupationCode,
        department: candidate.department,
        priority: candidate.priority,
        content: { ...content, identity: { ...content.identity, phone: null, birthDate: birthYearOf(content.identity?.birthDate) } },
        evidence: evidenceOf(content),
        corrections: (corrections.get(candidate.applicationId) ?? []).map((correction) => ({ conditionIds: correction.conditionIds, before: correction.before, after: correction.after, note: correction.note, correctorName: correction.correctorName, at: correction.at })),
        myScores: sheet?.scores ?? null,
        myComment: sheet?.comment ?? null,
        myVote: ballot?.vote ?? null,
      };
    }),
  };
}

/** An applicant's evidence file, for a member without a conflict (or the body's administrator). */
export async function readEvidence(db: Database, context: RequestContext, id: string, applicationId: string, fileId: string) {
  const { committee, access } = await loadCommittee(db, context, id, ['manager', 'chair', 'member']);
  const candidate = access.expertId ? await memberCandidate(db, committee, access.expertId, applicationId) : (await reviewedCandidatesOf(db, committee)).find((row) => row.applicationId === applicationId);
  if (!candidate || !candidate.evidenceFileIds.includes(fileId)) throw new AppError('NOT_FOUND');
  const read = await readFileUnscoped(db, fileId);
  await recordFileDownload(db, context, fileId, 'review-evidence');
  return read;
}

/** Saves the caller's scores of an applicant: every dimension of the plan, 0–100, while scoring is open. */
export async function saveScores(db: Database, context: RequestContext, id: string, applicationId: string, input: ScoreSheetReq) {
  const { committee, access } = await loadCommittee(db, context, id, ['chair', 'member']);
  assertOpen(committee);
  if (committee.status !== 'scoring') throw wrongStage(committee, '评分', 'score');
  await memberCandidate(db, committee, access.expertId!, applicationId);
  const dimensions = committee.rules?.dimensions ?? [];
  const errors: FieldError[] = [];
  for (const dimension of dimensions) {
    if (typeof input.scores[dimension.code] !== 'number') errors.push(fieldError(`scores.${dimension.code}`, 'REQUIRED', `请为“${dimension.name}”评分（0–100）`, `Score “${dimension.name}” (0–100)`));
  }
  for (const code of Object.keys(input.scores)) {
    if (!dimensions.some((dimension) => dimension.code === code)) errors.push(fieldError(`scores.${code}`, 'UNKNOWN_DIMENSION', `工作方案没有评分项“${code}”`, `The plan has no dimension “${code}”`));
  }
  if (errors.length) throw validationError(errors);
  await db.transaction(async (tx) => {
    await tx
      .insert(reviewScores)
      .values({ committeeId: committee.id, applicationId, expertId: access.expertId!, scores: input.scores, comment: input.comment || null })
      .onConflictDoUpdate({ target: [reviewScores.committeeId, reviewScores.applicationId, reviewScores.expertId], set: { scores: input.scores, comment: input.comment || null, updatedAt: context.clock.now() } });
    await writeAudit(tx, context, {
      action: 'review.scored',
      targetType: 'review-committee',
      targetId: committee.id,
      organisationId: committee.bodyId,
      organisationPath: committee.bodyPath,
      after: { applicationId, expertId: access.expertId },
    });
  });
  return myReview(db, context, id);
}

/** Who must act on each applicant: the present members who did not recuse. */
export async function expectedActors(db: Database, committee: CommitteeRow) {
  const members = await membersOf(db, committee.id);
  const candidates = await reviewedCandidatesOf(db, committee);
  const recusals = await recusalsOf(db, committee.id);
  const recused = recusedKeys(recusals);
  return { members, candidates, recusals, recused, expected: candidates.flatMap((candidate) => members.filter((member) => member.present && !recused.has(`${member.expertId}:${candidate.applicationId}`)).map((member) => ({ expertId: member.expertId, applicationId: candidate.applicationId }))) };
}

/** The chair closes scoring: every present, non-recused member has scored every applicant; the scores become visible. */
export async function closeScoring(db: Database, context: RequestContext, id: string) {
  const { committee } = await loadCommittee(db, context, id, ['chair']);
  assertOpen(committee);
  const to = assertTransition('reviewCommittee', committee.status, 'close-scoring');
  const { expected } = await expectedActors(db, committee);
  const sheets = await db.select().from(reviewScores).where(eq(reviewScores.committeeId, committee.id));
  const missing = expected.filter((entry) => !sheets.some((sheet) => sheet.expertId === entry.expertId && sheet.applicationId === entry.applicationId));
  if (missing.length) throw new AppError('REVIEW_SCORING_INCOMPLETE', { count: missing.length });
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(reviewCommittees)
      .set({ status: to, scoringClosedAt: context.clock.now() })
      .where(and(eq(reviewCommittees.id, committee.id), eq(reviewCommittees.status, committee.status)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await writeAudit(tx, context, {
      action: 'review.scoring-closed',
      targetType: 'review-committee',
      targetId: committee.id,
      organisationId: committee.bodyId,
      organisationPath: committee.bodyPath,
      before: { status: committee.status },
      after: { status: to, sheets: sheets.length },
    });
  });
}

/** A secret ballot on an applicant (approve / disapprove / abstain), by a present member without a conflict; it may be changed until the review closes. */
export async function castVote(db: Database, context: RequestContext, id: string, applicationId: string, vote: Vote) {
  const { committee, access } = await loadCommittee(db, context, id, ['chair', 'member']);
  assertOpen(committee);
  if (committee.status !== 'voting') throw wrongStage(committee, '投票', 'vote');
  if (!access.present) throw new AppError('FORBIDDEN', { permission: 'review:take-part' });
  await memberCandidate(db, committee, access.expertId!, applicationId);
  await db.transaction(async (tx) => {
    await tx
      .insert(reviewVotes)
      .values({ committeeId: committee.id, applicationId, expertId: access.expertId!, vote })
      .onConflictDoUpdate({ target: [reviewVotes.committeeId, reviewVotes.applicationId, reviewVotes.expertId], set: { vote, castAt: context.clock.now() } });
    // The entry records that a ballot was cast, never which way.
    await writeAudit(tx, context, {
      action: 'review.voted',
      targetType: 'review-committee',
      targetId: committee.id,
      organisationId: committee.bodyId,
      organisationPath: committee.bodyPath,
      after: { applicationId },
    });
  });
  return myReview(db, context, id);
}
