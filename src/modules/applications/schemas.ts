import { z } from 'zod';
import { isCalendarDate } from '../../domain/calendar-date.ts';
import { ACHIEVEMENT_IDS, BASIC_CONDITION_IDS, CONDITION_STATES, PRIORITY_CONDITION_IDS, QUALIFICATION_KINDS } from '../../domain/eligibility.ts';
import { IDENTITY_TYPES } from '../../domain/identity.ts';

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).nullable().transform((value) => (value === '' ? null : value));
const dateText = z
  .string()
  .refine((value) => value === '' || isCalendarDate(value), { message: 'Expected a real date written YYYY-MM-DD', params: { messages: { 'zh-CN': '应为有效日期（格式为YYYY-MM-DD）', en: 'Expected a real date written YYYY-MM-DD' } } })
  .nullable()
  .transform((value) => (value === '' ? null : value));

const EvidenceRefSchema = z.object({ fileId: z.uuid(), name: text(200) }).strict();
const evidence = z.array(EvidenceRefSchema).max(20);

/** The application form as the page sends it (the whole content; the ID number apart). */
export const ApplicationContentSchema = z
  .object({
    identity: z
      .object({
        name: optionalText(50),
        gender: z.enum(['male', 'female']).nullable(),
        /**
         * A date; or the year alone, as HR and the other readers are shown it (issue 22): then the
         * stored date stays (service.ts, keptBirthDate).
         */
        birthDate: z
          .string()
          .refine((value) => value === '' || /^\d{4}$/.test(value) || isCalendarDate(value), {
            message: 'Expected a real date written YYYY-MM-DD, or the year',
            params: { messages: { 'zh-CN': '应为有效日期（格式为YYYY-MM-DD）或年份', en: 'Expected a real date written YYYY-MM-DD, or the year' } },
          })
          .nullable(),
        department: optionalText(100),
        phone: optionalText(30),
      })
      .strict(),
    qualification: z
      .object({
        kind: z.enum(QUALIFICATION_KINDS).nullable(),
        certificateNumber: optionalText(30),
        /** The level the certificate states (1 = 高级技师); 1 when not sent. */
        level: z.number().int().min(1).max(5).nullable().default(1),
        /** 发证机构. */
        issuer: optionalText(200).default(null),
        issuedOn: dateText,
        evidence,
      })
      .strict(),
    occupationCode: optionalText(20),
    stillInOccupation: z.boolean().nullable(),
    post: z
      .object({
        since: dateText,
        /** The current post (岗位). */
        title: optionalText(100).default(null),
        history: z
          .array(z.object({ from: dateText, to: dateText, unit: optionalText(100), post: optionalText(100) }).strict())
          .max(30),
        evidence,
      })
      .strict(),
    achievements: z
      .array(
        z
          .object({
            kind: z.enum(ACHIEVEMENT_IDS),
            title: optionalText(200),
            description: optionalText(4000),
            benefit: optionalText(1000),
            apprentices: z.array(z.object({ name: text(50), levelReached: text(50) }).strict()).max(100),
            evidence,
          })
          .strict(),
      )
      .max(20),
    honours: z
      .array(
        z
          .object({
            id: z.enum(PRIORITY_CONDITION_IDS),
            awardedOn: dateText,
            issuer: optionalText(200),
            /** 获奖证书编号, when the award has one: compared across applicants (evidence fingerprints). */
            certificateNumber: optionalText(60).default(null),
            evidence,
          })
          .strict(),
      )
      .max(10),
    conduct: z.object({ pledge: z.boolean(), disciplinaryRecord: z.boolean() }).strict(),
    health: z.object({ fit: z.boolean().nullable(), evidence }).strict(),
    integrity: z.object({ pledge: z.boolean(), evidence }).strict(),
  })
  .strict();

const IdentityInputSchema = z
  .object({
    name: text(50).min(1),
    idType: z.enum(IDENTITY_TYPES as unknown as [string, ...string[]]),
    idNumber: text(30).min(1),
  })
  .strict();

export const ApplicationCreateSchema = z
  .object({
    planId: z.uuid(),
    /** HR applies on behalf of a register employee. */
    employeeId: z.uuid().optional(),
    /** An employee not linked to the register gives their identity. */
    identity: IdentityInputSchema.optional(),
  })
  .strict();
export type ApplicationCreateReq = z.infer<typeof ApplicationCreateSchema>;

export const ApplicationUpdateSchema = z
  .object({
    revision: z.number().int().min(1),
    content: ApplicationContentSchema,
    /** A corrected identity (name, type, number); the number is re-checked. */
    identity: IdentityInputSchema.optional(),
  })
  .strict();
export type ApplicationUpdateReq = z.infer<typeof ApplicationUpdateSchema>;

export const ApplicationSubmitSchema = z.object({ revision: z.number().int().min(1) }).strict();

/**
 * HR's review of one condition: `confirm` agrees with the rules core; `decide` records `met` for
 * what the rules leave to a person, or a judgement (front-line work, conduct, performance,
 * physical fitness) that differs, with a reason; `override` (flip the rules core's result) is
 * kept for judgements. Facts (qualification, years in post, occupation, bans) are corrected with
 * evidence instead (POST …/fact-corrections).
 */
export const ConditionReviewSchema = z
  .object({
    decision: z.enum(['confirm', 'decide', 'override']),
    met: z.boolean().optional(),
    reason: z.string().trim().max(1000).optional(),
  })
  .strict();
export type ConditionReviewReq = z.infer<typeof ConditionReviewSchema>;

export const ReturnSchema = z.object({ comment: z.string().trim().min(2).max(2000) }).strict();
export const RejectSchema = z.object({ reason: z.string().trim().min(2).max(2000) }).strict();
export const MarkEligibleSchema = z.object({ comment: z.string().trim().max(2000).optional() }).strict();

export const InvitationsSchema = z.object({ employeeIds: z.array(z.uuid()).min(1).max(1000) }).strict();
export const HandoverSchema = z.object({ note: z.string().trim().max(1000).optional() }).strict();

export const IdParamsSchema = z.object({ id: z.uuid() });
export const PlanParamsSchema = z.object({ planId: z.uuid() });
export const VersionParamsSchema = z.object({ id: z.uuid(), version: z.coerce.number().int().min(1).max(1000) });
export const ConditionParamsSchema = z.object({ id: z.uuid(), conditionId: z.enum(BASIC_CONDITION_IDS) });

export const ApplicationListQuerySchema = z.object({
  planId: z.uuid().optional(),
  status: z.string().max(30).optional(),
  occupationCode: z.string().max(20).optional(),
  q: z.string().max(50).optional(),
  /** A page of the list (newest submissions first); without it, the first 2,000. */
  limit: z.coerce.number().int().min(1).max(2000).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
});

export const CandidateQuerySchema = z.object({
  outcome: z.enum(['meets', 'not-met']).optional(),
  q: z.string().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const LocalizedSchema = z.object({ 'zh-CN': z.string(), en: z.string() });
const ConditionResultSchema = z.object({ id: z.string(), state: z.enum(CONDITION_STATES).optional(), met: z.boolean(), reason: LocalizedSchema });

export const StoredEligibilitySchema = z.object({
  eligible: z.boolean(),
  outcome: z.enum(['eligible', 'ineligible', 'to-check']).optional(),
  priority: z.boolean(),
  conditions: z.array(ConditionResultSchema).readonly(),
  priorityConditions: z.array(ConditionResultSchema).readonly(),
  checkedOn: z.string(),
  cutoffDate: z.string(),
  planVersion: z.number().int(),
});

const ReviewSchema = z.object({
  conditionId: z.string(),
  automaticMet: z.boolean(),
  decision: z.enum(['confirmed', 'overridden', 'decided']),
  met: z.boolean(),
  reason: z.string().nullable(),
  reviewerName: z.string().nullable(),
  at: z.string(),
});

export const ReviewedConditionSchema = z.object({
  id: z.string(),
  automaticState: z.enum(CONDITION_STATES),
  automaticMet: z.boolean(),
  automaticReason: LocalizedSchema,
  review: ReviewSchema.nullable(),
  met: z.boolean(),
  state: z.enum(CONDITION_STATES),
  /** A fact HR corrected with evidence. */
  corrected: z.boolean(),
});

const EvidenceOutSchema = z.object({ fileId: z.string(), name: z.string() });

export const FactCorrectionSchema = z.object({
  conditionIds: z.array(z.string()),
  before: z.record(z.string(), z.unknown()),
  after: z.record(z.string(), z.unknown()),
  note: z.string(),
  evidence: z.array(EvidenceOutSchema),
  correctorName: z.string().nullable(),
  at: z.string(),
});

/**
 * 更正事实: HR corrects a fact the rules decide by (the certificate, the post's start, the
 * occupation) with evidence; the rules run again on the corrected facts.
 */
export const FactCorrectionCreateSchema = z
  .object({
    qualification: z
      .object({
        kind: z.enum(QUALIFICATION_KINDS),
        certificateNumber: text(30).min(1),
        level: z.number().int().min(1).max(5),
        issuer: optionalText(200).default(null),
        issuedOn: dateText.default(null),
      })
      .strict()
      .optional(),
    postSince: z.string().refine(isCalendarDate, { message: 'Expected a real date written YYYY-MM-DD' }).optional(),
    occupationCode: text(20).min(1).optional(),
    stillInOccupation: z.boolean().optional(),
    note: z.string().trim().min(2).max(2000),
    evidenceFileIds: z.array(z.uuid()).min(1).max(10),
  })
  .strict()
  .refine((value) => value.qualification || value.postSince || value.occupationCode || value.stillInOccupation !== undefined, {
    message: 'Correct at least one fact',
    params: { messages: { 'zh-CN': '请至少更正一项事实', en: 'Correct at least one fact' } },
  });
export type FactCorrectionCreateReq = z.infer<typeof FactCorrectionCreateSchema>;

export const ApplicationEventSchema = z.object({
  act: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  version: z.number().int().nullable(),
  comment: z.string().nullable(),
  /** The English of a comment the system wrote; null for one a person typed. */
  commentEn: z.string().nullable(),
  actorName: z.string().nullable(),
  /** An act of the system itself (no user): its actorName is the stored '系统'. */
  bySystem: z.boolean(),
  at: z.string(),
});

const PlanBriefSchema = z.object({
  id: z.uuid(),
  title: z.string().nullable(),
  year: z.number().int(),
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  status: z.string(),
  version: z.number().int(),
  window: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  open: z.boolean(),
  cutoffDate: z.string().nullable(),
  minYearsInPost: z.number().int(),
  occupations: z.array(z.object({ code: z.string(), name: z.string() })),
});

export const ApplicationSummarySchema = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  planTitle: z.string().nullable(),
  name: z.string(),
  idNumberMasked: z.string(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  occupationCode: z.string().nullable(),
  occupationName: z.string().nullable(),
  status: z.string(),
  currentVersion: z.number().int(),
  automaticEligible: z.boolean().nullable(),
  priority: z.boolean(),
  reviewedConditions: z.number().int(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
});

const ContentOutSchema = z.any();

export const ApplicationSchema = ApplicationSummarySchema.extend({
  plan: PlanBriefSchema,
  idType: z.string(),
  applicantUserId: z.string().nullable(),
  employeeId: z.string().nullable(),
  revision: z.number().int(),
  content: ContentOutSchema,
  eligibility: StoredEligibilitySchema.nullable(),
  conditions: z.array(ReviewedConditionSchema).nullable(),
  /** HR's corrections of facts (before and after, evidence), oldest first. */
  corrections: z.array(FactCorrectionSchema),
  returnComment: z.string().nullable(),
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
  events: z.array(ApplicationEventSchema),
  versions: z.array(z.object({ version: z.number().int(), submittedAt: z.string(), submittedByName: z.string().nullable() })),
  /** What the caller may do now: edit, submit, review, return, reject, mark-eligible. */
  allowedActs: z.array(z.string()),
  /** What a submission would still miss (empty when complete). */
  issues: z.array(z.object({ path: z.string(), code: z.string(), message: LocalizedSchema })),
});

export const ApplicationVersionSchema = z.object({
  applicationId: z.uuid(),
  version: z.number().int(),
  name: z.string(),
  idType: z.string(),
  idNumberMasked: z.string(),
  content: ContentOutSchema,
  eligibility: StoredEligibilitySchema,
  submittedAt: z.string(),
  submittedByName: z.string().nullable(),
});

export const ApplicationListSchema = z.object({ items: z.array(ApplicationSummarySchema) });

export const MyPlanSchema = z.object({
  plan: PlanBriefSchema,
  application: ApplicationSummarySchema.nullable(),
  invited: z.boolean(),
});
export const MyPlansSchema = z.object({ items: z.array(MyPlanSchema) });

export const CandidateSchema = z.object({
  employeeId: z.uuid(),
  name: z.string(),
  idNumberMasked: z.string(),
  organisationName: z.string(),
  department: z.string().nullable(),
  occupationCode: z.string(),
  occupationName: z.string().nullable(),
  outcome: z.enum(['meets', 'not-met']),
  conditions: z.array(z.object({ id: z.string(), state: z.enum(['met', 'not-met', 'to-check', 'pending']), reason: LocalizedSchema })),
  priority: z.array(z.string()),
  invited: z.boolean(),
  hasAccount: z.boolean(),
  applicationStatus: z.string().nullable(),
});
export const CandidateListSchema = z.object({
  items: z.array(CandidateSchema),
  total: z.number().int(),
  counts: z.object({ meets: z.number().int(), notMet: z.number().int(), all: z.number().int() }),
});

export const InvitationResultSchema = z.object({ invited: z.number().int(), alreadyInvited: z.number().int(), withoutAccount: z.number().int() });

export const QuotaRowSchema = z.object({
  occupationCode: z.string(),
  occupationName: z.string(),
  cap: z.number().int().nullable(),
  maxCount: z.number().nullable(),
  ratioPercent: z.number().nullable(),
  seniorTechnicianCount: z.number().nullable(),
  eligible: z.number().int(),
  pending: z.number().int(),
  total: z.number().int(),
});

export const HandoverRecordSchema = z.object({
  id: z.uuid(),
  at: z.string(),
  handedOverByName: z.string().nullable(),
  count: z.number().int(),
  note: z.string().nullable(),
  evaluationBodyId: z.string().nullable(),
  evaluationBodyName: z.string().nullable(),
});

export const PlanOverviewSchema = z.object({
  plan: PlanBriefSchema,
  counts: z.record(z.string(), z.number().int()),
  quotas: z.array(QuotaRowSchema),
  handovers: z.array(HandoverRecordSchema),
});

export const InvitationListSchema = z.object({
  items: z.array(z.object({ plan: PlanBriefSchema, invitedAt: z.string(), invitedByName: z.string().nullable(), applicationStatus: z.string().nullable() })),
});
