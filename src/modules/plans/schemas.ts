import { z } from 'zod';
import { FIRST_PILOT_YEAR, LAST_PILOT_YEAR } from '../../domain/pilot-rules.ts';
import { EVALUATION_MODELS } from '../../domain/jurisdiction-rules.ts';
import { AGGREGATIONS, ORGANISATION_FORMS, PLAN_KINDS } from '../../domain/plan-rules.ts';

export const planKindSchema = z.enum(PLAN_KINDS);
export const planStatusSchema = z.enum(['draft', 'published', 'closed']);
const year = z.coerce.number().int().min(FIRST_PILOT_YEAR).max(LAST_PILOT_YEAR);
const localised = z.object({ 'zh-CN': z.string(), en: z.string() });

// A draft may be incomplete: the shapes are checked here, completeness and consistency by the
// plan rules (src/domain/plan-rules.ts) when the plan is validated or published.
const text = (max: number) => z.string().max(max).nullable();
const amount = z.number().finite().min(-1_000_000).max(1_000_000).nullable();
const date = z.string().max(10).nullable();
const fraction = z.object({ numerator: z.number().int().min(0).max(1000), denominator: z.number().int().min(0).max(1000) }).strict();

const dimension = z.object({ code: z.string().trim().max(40), name: z.string().trim().max(50), weight: z.number().finite().min(-1000).max(1000) }).strict();
const quota = z
  .object({ occupationCode: z.string().trim().max(20), maxCount: amount.optional(), ratioPercent: amount.optional(), seniorTechnicianCount: amount.optional() })
  .strict();
const timetableShape = {
  applicationFrom: date,
  applicationTo: date,
  reviewFrom: date,
  reviewTo: date,
  publicityFrom: date,
  publicityTo: date,
  issuanceDate: date,
};

const evidenceRequired = z
  .object({ qualification: z.boolean(), post: z.boolean(), achievements: z.boolean(), honours: z.boolean(), health: z.boolean(), integrity: z.boolean() })
  .partial()
  .strict();

const structureRatio = z.object({ percent: z.number().nullable(), maxCount: z.number().nullable() }).strict();

/** The whole plan, as stored and sent back. */
export const PlanContentSchema = z.object({
  title: text(200),
  preamble: text(20_000),
  occupations: z.array(z.string().trim().max(20)).max(500),
  eligibility: z.object({ cutoffDate: date, minYearsInPost: amount, minYearsPolicyDocument: text(500), minYearsPolicyNumber: text(100).optional(), additionalConditions: text(10_000) }).strict(),
  evaluation: z.object({ method: text(2000), dimensions: z.array(dimension).max(20), aggregation: z.enum(AGGREGATIONS).nullable() }).strict(),
  organisation: z.object({ form: z.enum(ORGANISATION_FORMS).nullable(), evaluationBodyId: z.uuid().nullable() }).strict(),
  committee: z.object({ size: amount, minimumSize: amount, oddSize: z.boolean(), quorum: fraction, voteThreshold: fraction, secretBallot: z.boolean() }).strict(),
  quotas: z
    .array(z.object({ occupationCode: z.string(), maxCount: amount, ratioPercent: amount, seniorTechnicianCount: amount }).strict())
    .max(500),
  timetable: z.object(timetableShape).strict(),
  publicity: z
    .object({
      workingDays: amount,
      scope: text(500),
      reReviewNotice: z.object({ required: z.boolean(), policyDocument: text(500).optional(), policyNumber: text(100).optional() }).strict().nullable().optional(),
    })
    .strict(),
  contact: z.object({ name: text(50), phone: text(50) }).strict(),
  otherProvisions: text(20_000),
  /** Which statements need an uploaded document (true: required); absent keys take the defaults. */
  evidenceRequired: evidenceRequired.nullable().optional(),
  /** An enterprise-wide structure ratio: a share of the register's 高级技师 and/or a number. */
  structureRatio: structureRatio.nullable().optional(),
});

/** Any part of a plan: sections given replace the same sections of the plan (lists as a whole). */
export const PlanContentInputSchema = z
  .object({
    title: text(200).optional(),
    preamble: text(20_000).optional(),
    occupations: z.array(z.string().trim().max(20)).max(500).optional(),
    eligibility: PlanContentSchema.shape.eligibility.partial().optional(),
    evaluation: PlanContentSchema.shape.evaluation.partial().optional(),
    organisation: PlanContentSchema.shape.organisation.partial().optional(),
    committee: PlanContentSchema.shape.committee.partial().optional(),
    quotas: z.array(quota).max(500).optional(),
    timetable: PlanContentSchema.shape.timetable.partial().optional(),
    publicity: PlanContentSchema.shape.publicity.partial().optional(),
    contact: PlanContentSchema.shape.contact.partial().optional(),
    otherProvisions: text(20_000).optional(),
    evidenceRequired: evidenceRequired.optional(),
    structureRatio: structureRatio.nullable().optional(),
  })
  .strict();
export type PlanContentInput = z.infer<typeof PlanContentInputSchema>;

export const PlanCreateSchema = z
  .object({
    /** The enterprise the plan is for; the caller's own when absent. */
    enterpriseId: z.uuid().optional(),
    year,
    kind: planKindSchema.default('evaluation'),
    content: PlanContentInputSchema.optional(),
  })
  .strict();
export type PlanCreateReq = z.infer<typeof PlanCreateSchema>;

export const PlanUpdateSchema = z
  .object({
    /** The revision the editor started from: a save over someone else's newer save is refused. */
    revision: z.number().int().min(1).optional(),
    content: PlanContentInputSchema,
  })
  .strict();
export type PlanUpdateReq = z.infer<typeof PlanUpdateSchema>;

export const PlanValidateSchema = z.object({ content: PlanContentInputSchema.optional() }).strict();
export const PlanPublishSchema = z.object({ changeNote: z.string().trim().max(1000).nullish(), revision: z.number().int().min(1).optional() }).strict();
export const PlanCloseSchema = z.object({ reason: z.string().trim().min(2).max(1000) }).strict();
export const PlanFileSchema = z.object({}).strict();
export const PlanFilingAcceptSchema = z.object({ note: z.string().trim().max(2000).nullish() }).strict();
export const PlanFilingReturnSchema = z.object({ reason: z.string().trim().min(2).max(2000) }).strict();

export const FieldErrorSchema = z.object({ path: z.string(), code: z.string(), messages: localised });
export const PlanValidationSchema = z.object({ valid: z.boolean(), errors: z.array(FieldErrorSchema) });

const filing = z
  .object({
    departmentId: z.uuid(),
    departmentName: z.string(),
    filedAt: z.string(),
    filedVersion: z.number(),
    /** The department's answer (life cycle `planFiling`). */
    status: z.enum(['submitted', 'accepted', 'returned']),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
  })
  .nullable();

export const PlanSummarySchema = z.object({
  id: z.uuid(),
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  year: z.number(),
  kind: planKindSchema,
  status: planStatusSchema,
  title: z.string().nullable(),
  currentVersion: z.number(),
  publishedAt: z.string().nullable(),
  filing,
  /** The working copy differs from the latest published version (or nothing is published yet). */
  hasUnpublishedChanges: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PlanSummaryDto = z.infer<typeof PlanSummarySchema>;

const fractionOut = z.object({ numerator: z.number(), denominator: z.number() });

/** Which model applies to the plan's enterprise and year, and what it asks: met, missing, or not yet known. */
export const PlanStandingSchema = z.object({
  year: z.number(),
  model: z.enum(EVALUATION_MODELS),
  modelName: localised,
  modelSource: z.enum(['default', 'national', 'provincial']),
  modelSetBy: z.string().nullable(),
  deadline: z.string().nullable(),
  province: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  committeeLimits: z.object({ minimumSize: z.number().nullable(), oddSizeRequired: z.boolean().nullable(), quorumFloor: fractionOut.nullable(), thresholdFloor: fractionOut.nullable() }),
  requirements: z.array(z.object({ code: z.enum(['enterprise-filed', 'ministry-pilot-accepted', 'plan-filing-accepted']), gate: z.enum(['plan', 'review']), met: z.boolean().nullable(), message: localised })),
  mayDraftPlan: z.boolean(),
  mayStartReview: z.boolean(),
});
export type PlanStandingDto = z.infer<typeof PlanStandingSchema>;

export const PlanVersionInfoSchema = z.object({
  version: z.number(),
  publishedAt: z.string(),
  publishedByName: z.string().nullable(),
  changeNote: z.string().nullable(),
});

export const PlanSchema = PlanSummarySchema.extend({
  revision: z.number(),
  /** The working copy: only for those who may edit the plan. */
  content: PlanContentSchema.nullable(),
  versions: z.array(PlanVersionInfoSchema),
  supervisingDepartment: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  closedAt: z.string().nullable(),
  closeReason: z.string().nullable(),
  /** What the caller may do now: edit, publish, revise, file, close. */
  allowedActs: z.array(z.string()),
  /** The model that applies and what it asks (issue 21). */
  standing: PlanStandingSchema,
  /** What the department the plan is filed with may do: accept-filing, return-filing. */
  filingActs: z.array(z.string()),
});
export type PlanDto = z.infer<typeof PlanSchema>;

export const PlanListQuerySchema = z
  .object({ year: year.optional(), status: planStatusSchema.optional(), enterpriseId: z.uuid().optional(), filed: z.enum(['true', 'false']).optional() })
  .strict();
export type PlanListQuery = z.infer<typeof PlanListQuerySchema>;
export const PlanListSchema = z.object({ items: z.array(PlanSummarySchema) });

export const PlanSectionSchema = z.object({ heading: z.string(), paragraphs: z.array(z.string()) });
export const PlanNamesSchema = z.object({ occupations: z.record(z.string(), z.string()), evaluationBody: z.string().nullable().optional() });

export const PlanVersionSchema = z.object({
  planId: z.uuid(),
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  year: z.number(),
  kind: planKindSchema,
  status: planStatusSchema,
  version: z.number(),
  latestVersion: z.number(),
  content: PlanContentSchema,
  names: PlanNamesSchema,
  /** The plan as text, in Chinese: what the page and the PDF show. */
  sections: z.array(PlanSectionSchema),
  publishedAt: z.string(),
  publishedByName: z.string().nullable(),
  changeNote: z.string().nullable(),
  versions: z.array(PlanVersionInfoSchema),
});
export type PlanVersionDto = z.infer<typeof PlanVersionSchema>;

export const PlanDiffQuerySchema = z.object({ from: z.coerce.number().int().min(0), to: z.coerce.number().int().min(1) }).strict();
export const PlanDiffSchema = z.object({
  from: z.number(),
  to: z.number(),
  changes: z.array(z.object({ path: z.string(), label: localised, before: z.string().nullable(), after: z.string().nullable() })),
});

export const PlanOptionsQuerySchema = z.object({ enterpriseId: z.uuid().optional() }).strict();
export const PlanOptionsSchema = z.object({
  enterprise: z.object({ id: z.uuid(), name: z.string() }),
  /** The years for which the enterprise may draw up a plan (its jurisdiction's model allows it). */
  pilotYears: z.array(z.number()),
  /** Last, this and next year (and any pilot year): the model that applies and what it asks. */
  years: z.array(PlanStandingSchema),
  evaluationBodies: z.array(
    z.object({ id: z.uuid(), name: z.string(), bodyType: z.enum(['internal', 'industry']).nullable(), parentName: z.string().nullable(), belongsToEnterprise: z.boolean() }),
  ),
  defaults: z.object({ evaluation: PlanContentSchema, 're-review': PlanContentSchema }),
});

export const IdParamsSchema = z.object({ id: z.uuid() });
export const VersionParamsSchema = z.object({ id: z.uuid(), version: z.coerce.number().int().min(1) });
