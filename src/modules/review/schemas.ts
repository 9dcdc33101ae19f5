import { z } from 'zod';
import { IDENTITY_TYPES } from '../../domain/identity.ts';
import { CONFLICT_REASONS, MAX_SCORE, VOTES } from '../../domain/review-rules.ts';

const text = (max: number) => z.string().trim().max(max);
const localised = z.object({ 'zh-CN': z.string(), en: z.string() });
const fraction = z.object({ numerator: z.number(), denominator: z.number() });

export const IdParamsSchema = z.object({ id: z.uuid() });
export const CandidateParamsSchema = z.object({ id: z.uuid(), applicationId: z.uuid() });
export const EvidenceParamsSchema = z.object({ id: z.uuid(), applicationId: z.uuid(), fileId: z.uuid() });
export const DocumentParamsSchema = z.object({ id: z.uuid(), document: z.enum(['minutes', 'recommended-list']) });

// ------------------------------------------------------------------------- commissions

export const CommissionCreateSchema = z.object({ planId: z.uuid() }).strict();
export type CommissionCreateReq = z.infer<typeof CommissionCreateSchema>;

export const CommissionSchema = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  planTitle: z.string().nullable(),
  planYear: z.number().int().nullable(),
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  bodyId: z.uuid(),
  bodyName: z.string(),
  organisationForm: z.string().nullable(),
  occupations: z.array(z.object({ code: z.string(), name: z.string(), cap: z.number().nullable() })),
  committeeRules: z.object({ size: z.number().nullable(), minimumSize: z.number().nullable(), oddSize: z.boolean(), quorum: fraction, voteThreshold: fraction, secretBallot: z.boolean() }).nullable(),
  /** Applicants found eligible and not yet taken into a committee. */
  awaitingReview: z.number().int(),
  createdAt: z.string(),
});
export const CommissionListSchema = z.object({ items: z.array(CommissionSchema) });

// ------------------------------------------------------------------------------ experts

export const ExpertCreateSchema = z
  .object({
    /** The body the expert belongs to: the actor's own organisation when absent. */
    bodyId: z.uuid().optional(),
    name: text(50).min(1),
    occupationCode: text(20).optional(),
    title: text(50).optional(),
    organisationName: text(100).optional(),
    userId: z.uuid().nullable().optional(),
    idType: z.enum(IDENTITY_TYPES as unknown as [string, ...string[]]).optional(),
    idNumber: text(30).optional(),
  })
  .strict();
export type ExpertCreateReq = z.infer<typeof ExpertCreateSchema>;

export const ExpertUpdateSchema = ExpertCreateSchema.omit({ bodyId: true }).partial().extend({ active: z.boolean().optional() }).strict();
export type ExpertUpdateReq = z.infer<typeof ExpertUpdateSchema>;

export const ExpertSchema = z.object({
  id: z.uuid(),
  bodyId: z.uuid(),
  name: z.string(),
  occupationCode: z.string().nullable(),
  title: z.string().nullable(),
  organisationName: z.string().nullable(),
  userId: z.uuid().nullable(),
  username: z.string().nullable(),
  idType: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
  active: z.boolean(),
});
export const ExpertListSchema = z.object({ items: z.array(ExpertSchema) });

// --------------------------------------------------------------------------- committees

export const CommitteeCreateSchema = z
  .object({
    commissionId: z.uuid(),
    name: text(100).min(1),
    occupationCodes: z.array(text(20).min(1)).min(1).max(50),
    memberIds: z.array(z.uuid()).min(1).max(51),
    chairId: z.uuid(),
  })
  .strict();
export type CommitteeCreateReq = z.infer<typeof CommitteeCreateSchema>;

export const RecusalCreateSchema = z
  .object({ expertId: z.uuid(), applicationId: z.uuid(), reason: z.enum(CONFLICT_REASONS), note: text(500).optional() })
  .strict();
export type RecusalCreateReq = z.infer<typeof RecusalCreateSchema>;

export const AttendanceSchema = z.object({ presentExpertIds: z.array(z.uuid()).max(51) }).strict();
export const RoundSchema = z.object({ reason: text(500).min(2) }).strict();

export const MemberSchema = z.object({ expertId: z.uuid(), name: z.string(), title: z.string().nullable(), organisationName: z.string().nullable(), isChair: z.boolean(), present: z.boolean() });
export const RecusalSchema = z.object({
  id: z.uuid(),
  expertId: z.uuid(),
  expertName: z.string(),
  applicationId: z.uuid(),
  applicantName: z.string(),
  reason: z.enum(CONFLICT_REASONS),
  reasonName: localised,
  source: z.enum(['declared', 'detected']),
  note: z.string().nullable(),
});

/** How the plan departs from the notice's defaults under a provincial document. */
export const PlanDeviationSchema = z.object({ code: z.string(), value: z.number(), noticeValue: z.number(), document: z.string().nullable(), documentNumber: z.string().nullable(), message: z.object({ 'zh-CN': z.string(), en: z.string() }) });

export const CommitteeSchema = z.object({
  id: z.uuid(),
  commissionId: z.uuid(),
  planId: z.uuid(),
  planTitle: z.string().nullable(),
  enterpriseName: z.string(),
  name: z.string(),
  occupationCodes: z.array(z.string()),
  round: z.number().int(),
  roundReason: z.string().nullable(),
  status: z.enum(['forming', 'scoring', 'voting', 'closed']),
  /** What the caller is to this committee. */
  myRole: z.enum(['manager', 'chair', 'member', 'enterprise']),
  myExpertId: z.uuid().nullable(),
  members: z.array(MemberSchema),
  candidateCount: z.number().int(),
  /** Candidates who left the open review: their application was disqualified for fraud (六(四)). */
  disqualifiedCandidates: z.array(z.object({ applicationId: z.uuid(), name: z.string() })),
  recusals: z.array(RecusalSchema),
  startedAt: z.string().nullable(),
  scoringClosedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedByName: z.string().nullable(),
  /** Where the plan departs from the notice's defaults (the committee judges under it). */
  planDeviations: z.array(PlanDeviationSchema),
});
export const CommitteeListSchema = z.object({ items: z.array(CommitteeSchema.omit({ members: true, recusals: true, planDeviations: true, disqualifiedCandidates: true })) });

// ------------------------------------------------------------------- scoring and voting

export const ScoreSheetSchema = z
  .object({
    scores: z.record(z.string().max(40), z.number().finite().min(0).max(MAX_SCORE)),
    comment: text(2000).optional(),
  })
  .strict();
export type ScoreSheetReq = z.infer<typeof ScoreSheetSchema>;

export const VoteSchema = z.object({ vote: z.enum(VOTES) }).strict();

const dimension = z.object({ code: z.string(), name: z.string(), weight: z.number() });

export const MyCandidateSchema = z.object({
  applicationId: z.uuid(),
  name: z.string(),
  idNumberMasked: z.string(),
  occupationCode: z.string(),
  department: z.string().nullable(),
  priority: z.boolean(),
  content: z.unknown(),
  evidence: z.array(z.object({ fileId: z.uuid(), name: z.string(), section: z.string() })),
  /** Facts HR corrected with evidence before the review (shown as corrected, with what they were). */
  corrections: z.array(z.object({ conditionIds: z.array(z.string()), before: z.record(z.string(), z.unknown()), after: z.record(z.string(), z.unknown()), note: z.string(), correctorName: z.string().nullable(), at: z.string() })),
  myScores: z.record(z.string(), z.number()).nullable(),
  myComment: z.string().nullable(),
  myVote: z.enum(VOTES).nullable(),
});
export const MyReviewSchema = z.object({
  committee: CommitteeSchema.omit({ members: true, recusals: true, planDeviations: true, disqualifiedCandidates: true }),
  planDeviations: z.array(PlanDeviationSchema),
  dimensions: z.array(dimension),
  isChair: z.boolean(),
  present: z.boolean(),
  /** Applicants the caller recused from: counted, never shown. */
  recusedCount: z.number().int(),
  candidates: z.array(MyCandidateSchema),
});

export const SummaryRowSchema = z.object({
  applicationId: z.uuid(),
  name: z.string(),
  occupationCode: z.string(),
  priority: z.boolean(),
  /** Score sheets received / expected. */
  sheets: z.number().int(),
  sheetsExpected: z.number().int(),
  /** Shown once scoring is closed. */
  score: z.number().nullable(),
  byDimension: z.record(z.string(), z.number().nullable()).nullable(),
  /** Every expert's sheet, shown once scoring is closed. */
  sheetsByExpert: z.array(z.object({ expertName: z.string(), scores: z.record(z.string(), z.number()), comment: z.string().nullable() })).nullable(),
  members: z.number().int(),
  recused: z.number().int(),
  present: z.number().int(),
  ballots: z.number().int(),
  approve: z.number().int(),
  disapprove: z.number().int(),
  abstain: z.number().int(),
  quorumNeeded: z.number().int(),
  quorumMet: z.boolean(),
  approvalsNeeded: z.number().int(),
  thresholdMet: z.boolean(),
  passed: z.boolean(),
  rank: z.number().int(),
  withinQuota: z.boolean(),
  recommended: z.boolean().nullable(),
});
export const SummarySchema = z.object({
  committee: CommitteeSchema.omit({ members: true, recusals: true, planDeviations: true, disqualifiedCandidates: true }),
  dimensions: z.array(dimension),
  aggregation: z.enum(['mean', 'trimmed-mean']),
  quorum: fraction,
  voteThreshold: fraction,
  /** Per occupation: the plan's cap, the places earlier rounds took (recommended and on), what is left for this round. */
  quotas: z.array(z.object({ occupationCode: z.string(), cap: z.number().nullable(), usedElsewhere: z.number().int(), remaining: z.number().nullable(), passed: z.number().int(), withinQuota: z.number().int() })),
  /** The enterprise-wide cap across occupations (null: none). */
  enterpriseQuota: z.object({ cap: z.number().nullable(), usedElsewhere: z.number().int(), remaining: z.number().nullable() }),
  rows: z.array(SummaryRowSchema),
});

export const CloseReviewSchema = z.object({ confirm: z.literal(true), recommendedIds: z.array(z.uuid()).max(1000) }).strict();
export type CloseReviewReq = z.infer<typeof CloseReviewSchema>;

export const RecommendedQuerySchema = z.object({ planId: z.uuid().optional() });
export const RecommendedListSchema = z.object({
  items: z.array(
    z.object({
      committeeId: z.uuid(),
      committeeName: z.string(),
      planId: z.uuid(),
      round: z.number().int(),
      closedAt: z.string(),
      applicationId: z.uuid(),
      name: z.string(),
      occupationCode: z.string(),
      score: z.number().nullable(),
      rank: z.number().int(),
      approve: z.number().int(),
      present: z.number().int(),
      priority: z.boolean(),
    }),
  ),
});
