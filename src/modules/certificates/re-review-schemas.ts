import { z } from 'zod';

export const ReReviewImportSchema = z
  .object({
    planId: z.uuid(),
    fileName: z.string().trim().min(1).max(255),
    /** The filled holder list (.xlsx, the certificate holder template), base64. */
    content: z.base64().min(1),
    /** 原评聘情况: the earlier evaluation (document number, year) of the people in the file. */
    previousEvaluation: z.string().trim().max(200).nullish(),
  })
  .strict();
export type ReReviewImportReq = z.infer<typeof ReReviewImportSchema>;

export const reReviewStatusSchema = z.enum(['pending', 'confirmed', 'rejected', 'certified']);

export const ReReviewListQuerySchema = z.object({ planId: z.uuid(), status: reReviewStatusSchema.optional() }).strict();

export const ReReviewDecisionSchema = z
  .object({
    /** confirm (确认), reject (不予确认, with a reason) or reconsider (撤回决定, before issuance). */
    act: z.enum(['confirm', 'reject', 'reconsider']),
    reason: z.string().trim().max(500).nullish(),
  })
  .strict();
export type ReReviewDecisionReq = z.infer<typeof ReReviewDecisionSchema>;

/** 核验基本条件: the holder's facts from the certificate and the post's records, with the evidence. */
export const ReReviewCheckSchema = z
  .object({
    qualification: z
      .object({
        kind: z.enum(['skill-level', 'vocational-qualification']),
        certificateNumber: z.string().trim().min(1).max(40),
        level: z.number().int().min(1).max(5),
        issuer: z.string().trim().max(200).nullish(),
        issuedOn: z.string().max(10).nullish(),
      })
      .strict(),
    postSince: z.string().refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value), { message: 'Expected a date written YYYY-MM-DD' }),
    stillInOccupation: z.boolean(),
    note: z.string().trim().max(1000).nullish(),
    evidenceFileIds: z.array(z.uuid()).min(1).max(10),
  })
  .strict();
export type ReReviewCheckReq = z.infer<typeof ReReviewCheckSchema>;

export const ReReviewIssueSchema = z
  .object({
    issuedOn: z.string().max(10),
    /** Only these confirmed holders; all confirmed holders when absent. */
    holderIds: z.array(z.uuid()).min(1).max(2000).optional(),
    printSerialPrefix: z.string().trim().max(20).nullish(),
    idempotencyKey: z.string().trim().min(8).max(100).optional(),
  })
  .strict();
export type ReReviewIssueReq = z.infer<typeof ReReviewIssueSchema>;

export const PlanIdParamsSchema = z.object({ planId: z.uuid() }).strict();

export const ReReviewHolderSchema = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  enterpriseId: z.uuid(),
  sourceRow: z.number(),
  previousEvaluation: z.string().nullable(),
  name: z.string(),
  idType: z.string(),
  idNumberMasked: z.string(),
  gender: z.enum(['male', 'female']),
  birthDate: z.string(),
  occupationCode: z.string(),
  occupationName: z.string(),
  trade: z.string(),
  status: reReviewStatusSchema,
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  certificateId: z.uuid().nullable(),
  certificateCode: z.string().nullable(),
  /** The 复核确认名单公示 that published this confirmed holder (null: not yet published). */
  noticeId: z.uuid().nullable(),
  /** What HR checked against 三's basic conditions, the evidence, and the rules' result (null until checked). */
  checkedFacts: z.unknown().nullable(),
  checkEvidence: z.array(z.object({ fileId: z.string(), name: z.string() })),
  checkResult: z.object({ cutoffDate: z.string(), conditions: z.array(z.object({ id: z.string(), state: z.enum(['met', 'not-met', 'to-check']), met: z.boolean(), reason: z.object({ 'zh-CN': z.string(), en: z.string() }) })) }).nullable(),
  checkedAt: z.string().nullable(),
  /** What the system sees against the holder: a running ban, a certificate already held, the plan's scope. */
  checks: z.object({
    ban: z.object({ basis: z.string(), untilDate: z.string() }).nullable(),
    certificateHeld: z.string().nullable(),
    occupationInPlan: z.boolean(),
  }),
  allowedActs: z.array(z.string()),
});
export type ReReviewHolderDto = z.infer<typeof ReReviewHolderSchema>;

export const ReReviewListSchema = z.object({
  planId: z.uuid(),
  counts: z.object({ pending: z.number(), confirmed: z.number(), rejected: z.number(), certified: z.number() }),
  items: z.array(ReReviewHolderSchema),
});

export const ReReviewImportResultSchema = z.object({ imported: z.number(), items: z.array(ReReviewHolderSchema) });

export const ReReviewNoticeStartSchema = z
  .object({
    /** The first day ('YYYY-MM-DD'): today or later. */
    startDate: z.string().max(10),
    /** Where objections go: department, person, telephone. */
    contact: z.string().trim().min(1).max(500),
  })
  .strict();

export const ReReviewNoticeCancelSchema = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

export const ReReviewNoticePreviewQuerySchema = z.object({ startDate: z.string().max(10) }).strict();

export const ReReviewNoticeSchema = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  status: z.enum(['open', 'cancelled']),
  phase: z.enum(['not-started', 'running', 'ended', 'confirmed']),
  startDate: z.string(),
  endDate: z.string(),
  workingDays: z.number().int(),
  contact: z.string(),
  holders: z.array(z.object({ holderId: z.uuid(), name: z.string(), occupationName: z.string(), previousEvaluation: z.string().nullable() })),
  cancelReason: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  createdAt: z.string(),
});

export const ReReviewNoticeListSchema = z.object({
  planId: z.uuid(),
  /** Whether the plan requires the notice (the notice's default) or lifts it citing a provincial document. */
  required: z.boolean(),
  workingDays: z.number().int(),
  /** Confirmed holders not yet on a notice that stands. */
  waiting: z.array(z.object({ holderId: z.uuid(), name: z.string(), occupationName: z.string() })),
  items: z.array(ReReviewNoticeSchema),
});

export const ReReviewNoticePreviewSchema = z.object({ planId: z.uuid(), startDate: z.string(), endDate: z.string(), workingDays: z.number().int() });

export const CurrentReReviewNoticesSchema = z.object({ items: z.array(ReReviewNoticeSchema) });
