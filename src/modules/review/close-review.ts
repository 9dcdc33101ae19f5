// 评审汇总 and the close of a review: aggregated scores, quorum and threshold per applicant, the
// ranking within the quota; the chair's close fixes the results, moves the applications on
// (recommended | not-recommended), and keeps the recommended list and the minutes as PDF.
import { and, asc, eq, inArray, like } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { quotaExcess, rankWithinQuota, voteOutcome, weightedTotal } from '../../domain/review-rules.ts';
import { assertTransition } from '../../domain/transitions.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { readFileUnscoped, recordFileDownload, storeFile } from '../../platform/files.ts';
import { assertPermission } from '../../platform/policy.ts';
import { applicationStates, planQuotaUsage, transitionApplication } from '../applications/service.ts';
import { findBanByHash, banRefusal } from '../bans/service.ts';
import { assertNotSuspended } from '../bans/suspensions.ts';
import { occupationNames } from '../occupations/service.ts';
import { loadCommittee, type CommitteeRow } from './access.ts';
import { committeeBrief } from './committees.ts';
import { renderMinutesPdf, renderRecommendedListPdf } from './review-pdf.ts';
import type { CloseReviewReq } from './schemas.ts';
import { expectedActors, wrongStage } from './scoring.ts';
import { reviewCandidates, reviewCommissions, reviewCommittees, reviewResults, reviewScores, reviewVotes } from './tables.ts';

/** Everything the summary, the close and the minutes need, computed from the committee's records. */
export async function computeSummary(db: Database, committee: CommitteeRow) {
  const { members, candidates, recusals, recused, expected } = await expectedActors(db, committee);
  const rules = committee.rules ?? { dimensions: [], aggregation: 'mean' as const, quorum: { numerator: 2, denominator: 3 }, voteThreshold: { numerator: 2, denominator: 3 }, secretBallot: true, caps: {} };
  const sheets = await db.select().from(reviewScores).where(eq(reviewScores.committeeId, committee.id));
  const ballots = await db.select({ applicationId: reviewVotes.applicationId, expertId: reviewVotes.expertId, vote: reviewVotes.vote }).from(reviewVotes).where(eq(reviewVotes.committeeId, committee.id));
  const scoresVisible = committee.status === 'voting' || committee.status === 'closed';
  const expertNames = new Map(members.map((member) => [member.expertId, member.expert.name]));
  const rows = candidates.map((candidate) => {
    const countedSheets = sheets.filter((sheet) => sheet.applicationId === candidate.applicationId && !recused.has(`${sheet.expertId}:${candidate.applicationId}`));
    const { total, byDimension } = weightedTotal(
      rules.dimensions,
      countedSheets.map((sheet) => sheet.scores),
      rules.aggregation,
    );
    const recusedCount = members.filter((member) => recused.has(`${member.expertId}:${candidate.applicationId}`)).length;
    const present = members.filter((member) => member.present && !recused.has(`${member.expertId}:${candidate.applicationId}`)).length;
    const counted = ballots.filter((ballot) => ballot.applicationId === candidate.applicationId && !recused.has(`${ballot.expertId}:${candidate.applicationId}`));
    const tally = {
      members: members.length,
      recused: recusedCount,
      present,
      approve: counted.filter((ballot) => ballot.vote === 'approve').length,
      disapprove: counted.filter((ballot) => ballot.vote === 'disapprove').length,
      abstain: counted.filter((ballot) => ballot.vote === 'abstain').length,
    };
    const outcome = voteOutcome(tally, rules.quorum, rules.voteThreshold);
    return {
      candidate,
      applicationId: candidate.applicationId,
      name: candidate.name,
      occupationCode: candidate.occupationCode,
      priority: candidate.priority,
      sheets: countedSheets.length,
      sheetsExpected: expected.filter((entry) => entry.applicationId === candidate.applicationId).length,
      visibleScore: scoresVisible ? total : null,
      byDimension: scoresVisible ? byDimension : null,
      sheetsByExpert: scoresVisible ? countedSheets.map((sheet) => ({ expertName: expertNames.get(sheet.expertId) ?? '', scores: sheet.scores, comment: sheet.comment })) : null,
      ...tally,
      ballots: counted.length,
      ...outcome,
      rawScore: total,
    };
  });
  // The quota is the plan's, across every round: what earlier rounds recommended (and what went on
  // to notice, confirmation and certificates) is taken; this round decides its own candidates afresh.
  const used = await planQuotaUsage(db, committee.planId, candidates.map((candidate) => candidate.applicationId));
  const remaining: Record<string, number | null> = {};
  for (const occupationCode of committee.occupationCodes) {
    const cap = rules.caps[occupationCode] ?? null;
    remaining[occupationCode] = cap === null ? null : Math.max(0, cap - (used.byOccupation[occupationCode] ?? 0));
  }
  const enterpriseCap = rules.enterpriseCap ?? null;
  const enterpriseRemaining = enterpriseCap === null ? null : Math.max(0, enterpriseCap - used.total);
  const ranked = rankWithinQuota(
    rows.map((row) => ({ ...row, id: row.applicationId, score: row.rawScore })),
    remaining,
    enterpriseRemaining,
  );
  const quotas = committee.occupationCodes.map((occupationCode) => ({
    occupationCode,
    cap: rules.caps[occupationCode] ?? null,
    usedElsewhere: used.byOccupation[occupationCode] ?? 0,
    remaining: remaining[occupationCode] ?? null,
    passed: ranked.filter((row) => row.occupationCode === occupationCode && row.passed).length,
    withinQuota: ranked.filter((row) => row.occupationCode === occupationCode && row.withinQuota).length,
  }));
  const enterprise = { cap: enterpriseCap, usedElsewhere: used.total, remaining: enterpriseRemaining };
  return { rules, members, recusals, ranked, quotas, enterprise, remaining, expected, ballots };
}

export async function getSummary(db: Database, context: RequestContext, id: string) {
  const { committee, access } = await loadCommittee(db, context, id, ['manager', 'chair', 'enterprise']);
  const summary = await computeSummary(db, committee);
  const results = committee.status === 'closed' ? await db.select().from(reviewResults).where(eq(reviewResults.committeeId, committee.id)) : [];
  const [commission] = await db.select().from(reviewCommissions).where(eq(reviewCommissions.id, committee.commissionId));
  return {
    committee: committeeBrief(committee, commission, access, summary.ranked.length),
    dimensions: summary.rules.dimensions,
    aggregation: summary.rules.aggregation,
    quorum: summary.rules.quorum,
    voteThreshold: summary.rules.voteThreshold,
    quotas: summary.quotas,
    enterpriseQuota: summary.enterprise,
    rows: summary.ranked.map((row) => {
      const result = results.find((entry) => entry.applicationId === row.applicationId);
      return {
        applicationId: row.applicationId,
        name: row.name,
        occupationCode: row.occupationCode,
        priority: row.priority,
        sheets: row.sheets,
        sheetsExpected: row.sheetsExpected,
        score: row.visibleScore,
        byDimension: row.byDimension,
        sheetsByExpert: row.sheetsByExpert,
        members: row.members,
        recused: row.recused,
        present: row.present,
        ballots: row.ballots,
        approve: row.approve,
        disapprove: row.disapprove,
        abstain: row.abstain,
        quorumNeeded: row.quorumNeeded,
        quorumMet: row.quorumMet,
        approvalsNeeded: row.approvalsNeeded,
        thresholdMet: row.thresholdMet,
        passed: row.passed,
        rank: result?.rank ?? row.rank,
        withinQuota: row.withinQuota,
        recommended: result ? result.recommended : null,
      };
    }),
  };
}

/**
 * The chair closes the review with the recommended list: only applicants who met the quorum and
 * the threshold, no more per occupation than the quota (refused, saying by how many). Results,
 * application states and the two PDFs are fixed in one transaction; nothing changes afterwards.
 */
export async function closeReview(db: Database, context: RequestContext, id: string, input: CloseReviewReq) {
  const { committee } = await loadCommittee(db, context, id, ['chair']);
  if (committee.status === 'closed') throw new AppError('REVIEW_CLOSED');
  if (committee.status !== 'voting') throw wrongStage(committee, '结束评审', 'close the review');
  const to = assertTransition('reviewCommittee', committee.status, 'close');
  const summary = await computeSummary(db, committee);
  const missing = summary.expected.filter((entry) => !summary.ballots.some((ballot) => ballot.expertId === entry.expertId && ballot.applicationId === entry.applicationId));
  if (missing.length) throw new AppError('REVIEW_VOTING_INCOMPLETE', { count: missing.length });
  const chosen = new Set(input.recommendedIds);
  const unknown = input.recommendedIds.filter((applicationId) => !summary.ranked.some((row) => row.applicationId === applicationId));
  if (unknown.length) throw new AppError('NOT_FOUND');
  const notPassed = summary.ranked.filter((row) => chosen.has(row.applicationId) && !row.passed);
  if (notPassed.length) throw new AppError('REVIEW_NOT_PASSED', { names: notPassed.map((row) => row.name).join('、') });
  const picked = summary.ranked.filter((row) => chosen.has(row.applicationId));
  const excess = quotaExcess(picked, summary.remaining);
  if (excess.length) {
    const names = await occupationNames(db, excess.map((entry) => entry.occupationCode));
    const first = excess[0];
    const quota = summary.quotas.find((entry) => entry.occupationCode === first.occupationCode);
    throw new AppError('REVIEW_QUOTA_EXCEEDED', {
      occupation: `${names[first.occupationCode] ?? first.occupationCode}（${first.occupationCode}）`,
      count: first.count + (quota?.usedElsewhere ?? 0),
      cap: quota?.cap ?? first.cap,
      excess: first.excess,
    });
  }
  if (summary.enterprise.remaining !== null && picked.length > summary.enterprise.remaining) {
    throw new AppError('REVIEW_QUOTA_EXCEEDED', {
      occupation: '全企业（各职业合计）',
      count: picked.length + summary.enterprise.usedElsewhere,
      cap: summary.enterprise.cap ?? 0,
      excess: picked.length - summary.enterprise.remaining,
    });
  }
  const [commission] = await db.select().from(reviewCommissions).where(eq(reviewCommissions.id, committee.commissionId));
  // 暂停评审 and 禁入 (六(四)): no review closes while the enterprise is suspended; nobody under a ban is recommended.
  await assertNotSuspended(db, context, [committee.enterprisePath], 'review');
  const states = await applicationStates(db, [...chosen]);
  for (const row of summary.ranked.filter((entry) => chosen.has(entry.applicationId))) {
    const hash = states.get(row.applicationId)?.idLookupHash;
    const ban = hash ? await findBanByHash(db, hash, context.clock.today()) : null;
    if (ban) throw banRefusal(ban, row.name);
  }
  const closedAt = context.clock.now();
  const names = await occupationNames(db, committee.occupationCodes);
  const documentInput = {
    committee: { ...committee, closedAt, closedByName: context.actor.displayName },
    planTitle: commission?.planTitle ?? '',
    enterpriseName: commission?.enterpriseName ?? '',
    occupationNames: names,
    summary,
    recommended: chosen,
  };
  const minutes = await renderMinutesPdf(documentInput);
  const list = await renderRecommendedListPdf(documentInput);
  const minutesFile = await storeFile(db, context, { name: `${committee.name}-第${committee.round}轮-评审会议纪要.pdf`, bytes: minutes, accept: ['pdf'], organisationId: committee.bodyId });
  const listFile = await storeFile(db, context, { name: `${committee.name}-第${committee.round}轮-建议人选名单.pdf`, bytes: list, accept: ['pdf'], organisationId: committee.bodyId });
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(reviewCommittees)
      .set({ status: to, closedAt, closedBy: context.actor.userId, closedByName: context.actor.displayName, minutesFileId: minutesFile.id, listFileId: listFile.id })
      .where(and(eq(reviewCommittees.id, committee.id), eq(reviewCommittees.status, committee.status)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    for (const row of summary.ranked) {
      const recommended = chosen.has(row.applicationId);
      await tx.insert(reviewResults).values({
        committeeId: committee.id,
        applicationId: row.applicationId,
        name: row.name,
        occupationCode: row.occupationCode,
        priority: row.priority,
        score: row.rawScore,
        byDimension: weightedTotalOf(row),
        members: row.members,
        recused: row.recused,
        present: row.present,
        approve: row.approve,
        disapprove: row.disapprove,
        abstain: row.abstain,
        quorumMet: row.quorumMet,
        thresholdMet: row.thresholdMet,
        rank: row.rank,
        recommended,
      });
      await transitionApplication(tx, context, {
        applicationId: row.applicationId,
        act: recommended ? 'recommend' : 'not-recommend',
        auditAction: recommended ? 'application.recommended' : 'application.not-recommended',
        comment: recommended
          ? { 'zh-CN': `${committee.name}评审通过（同意${row.approve}票/出席${row.present}人），列入建议人选名单`, en: `Passed by ${committee.name} (${row.approve} in favour of ${row.present} present); on the list of recommended candidates` }
          : row.passed
            ? { 'zh-CN': `${committee.name}表决通过但超出结构比例，未列入建议人选名单`, en: `Passed by ${committee.name} but beyond the structure ratio; not on the list of recommended candidates` }
            : { 'zh-CN': `${committee.name}评审未通过（同意${row.approve}票/出席${row.present}人）`, en: `Not passed by ${committee.name} (${row.approve} in favour of ${row.present} present)` },
      });
    }
    await writeAudit(tx, context, {
      action: 'review.closed',
      targetType: 'review-committee',
      targetId: committee.id,
      organisationId: committee.bodyId,
      organisationPath: committee.bodyPath,
      before: { status: committee.status },
      after: { status: to, recommended: [...chosen], minutesFileId: minutesFile.id, listFileId: listFile.id },
    });
  });
  return getSummary(db, context, id);
}

function weightedTotalOf(row: { byDimension: Record<string, number | null> | null }): Record<string, number | null> {
  return row.byDimension ?? {};
}

/** The kept PDF of a closed review: the minutes (chair, body) or the recommended list (also the enterprise). */
export async function readReviewDocument(db: Database, context: RequestContext, id: string, document: 'minutes' | 'recommended-list') {
  const { committee } = await loadCommittee(db, context, id, ['manager', 'chair', 'member', 'enterprise']);
  if (committee.status !== 'closed') throw wrongStage(committee, '下载评审文件', 'download the review documents');
  const fileId = document === 'minutes' ? committee.minutesFileId : committee.listFileId;
  if (!fileId) throw new AppError('NOT_FOUND');
  const read = await readFileUnscoped(db, fileId);
  await recordFileDownload(db, context, fileId, 'review-document');
  return read;
}

/** 建议人选名单: the recommended applicants of the closed reviews of the enterprise's plans. */
export async function listRecommended(db: Database, context: RequestContext, query: { planId?: string }) {
  const actor = context.actor;
  assertPermission(actor, 'review:commission');
  const all = await db
    .select()
    .from(reviewCommittees)
    .where(and(like(reviewCommittees.enterprisePath, `${actor.organisationPath}%`), query.planId ? eq(reviewCommittees.planId, query.planId) : undefined));
  const committees = all.filter((committee) => committee.status === 'closed');
  if (!committees.length) return [];
  // A candidate taken into a later round (重新评审) is listed by that round's result only, once it closes.
  const latestRound = new Map<string, number>();
  const candidates = await db
    .select({ committeeId: reviewCandidates.committeeId, applicationId: reviewCandidates.applicationId })
    .from(reviewCandidates)
    .where(inArray(reviewCandidates.committeeId, all.map((committee) => committee.id)));
  const roundOf = new Map(all.map((committee) => [committee.id, committee.round]));
  for (const candidate of candidates) latestRound.set(candidate.applicationId, Math.max(latestRound.get(candidate.applicationId) ?? 0, roundOf.get(candidate.committeeId) ?? 0));
  const results = (
    await db
      .select()
      .from(reviewResults)
      .where(and(inArray(reviewResults.committeeId, committees.map((committee) => committee.id)), eq(reviewResults.recommended, true)))
      .orderBy(asc(reviewResults.occupationCode), asc(reviewResults.rank))
  ).filter((result) => (latestRound.get(result.applicationId) ?? 0) <= (roundOf.get(result.committeeId) ?? 0));
  return results.map((result) => {
    const committee = committees.find((entry) => entry.id === result.committeeId)!;
    return {
      committeeId: committee.id,
      committeeName: committee.name,
      planId: committee.planId,
      round: committee.round,
      closedAt: committee.closedAt!.toISOString(),
      applicationId: result.applicationId,
      name: result.name,
      occupationCode: result.occupationCode,
      score: result.score,
      rank: result.rank,
      approve: result.approve,
      present: result.present,
      priority: result.priority,
    };
  });
}
