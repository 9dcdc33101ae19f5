import { z } from 'zod';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const text = (max: number, min = 1) => z.string().trim().min(min).max(max);

export const PlanParamsSchema = z.object({ planId: z.uuid() });
export const NoticeParamsSchema = z.object({ id: z.uuid() });
export const ObjectionParamsSchema = z.object({ id: z.uuid(), objectionId: z.uuid() });
export const TokenParamsSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/) });

export const NoticePreviewQuerySchema = z.object({ start: date });

export const NoticeStartSchema = z
  .object({
    planId: z.uuid(),
    startDate: date,
    /** Where objections go (department, person, telephone). */
    contact: text(500, 2),
    /** What is published of each candidate: the summary of achievements (by application id); derived from the application when absent. */
    summaries: z.record(z.uuid(), text(1000)).optional(),
    /** Publish on a public link at once. */
    publicLink: z.boolean().optional(),
  })
  .strict();
export type NoticeStartReq = z.infer<typeof NoticeStartSchema>;

export const PublicLinkSchema = z.object({ enabled: z.boolean() }).strict();

export const ObjectionCreateSchema = z
  .object({
    candidateId: z.uuid(),
    name: text(50, 2),
    contact: text(200, 5),
    content: text(4000, 10),
    evidenceFileIds: z.array(z.uuid()).max(10).default([]),
  })
  .strict();
export type ObjectionCreateReq = z.infer<typeof ObjectionCreateSchema>;

/** The text fields of a public objection (multipart/form-data; evidence as `files` parts, PDF/JPG/PNG). */
export const PublicObjectionFieldsSchema = z
  .object({
    candidateId: z.uuid(),
    name: text(50, 2),
    contact: text(200, 5),
    content: text(4000, 10),
  })
  .strict();
export type PublicObjectionFields = z.infer<typeof PublicObjectionFieldsSchema>;
/** At most this many evidence files with a public objection. */
export const PUBLIC_EVIDENCE_FILES = 5;

export const ObjectionLookupSchema = z.object({ code: z.string().trim().regex(/^[A-Z0-9]{12}$/i) }).strict();

/** 撤销公示: the reason, told to the candidates and to anyone whose objection lapses. */
export const NoticeCancelSchema = z.object({ reason: text(1000, 2) }).strict();

export const InvestigationSchema = z.object({ note: text(4000, 2) }).strict();
export const FindingSchema = z
  .object({
    outcome: z.enum(['upheld', 'dismissed']),
    /** The reasons, told to the objector. */
    reasons: text(4000, 2),
    /** Upheld for falsified material (弄虚作假): the applicant is disqualified for the year and banned for five years. */
    fraud: z.boolean().default(false),
    /** The reporting unit falsified the material too: banned by its unified social credit code. */
    unitFraud: z.boolean().default(false),
  })
  .strict();
export type FindingReq = z.infer<typeof FindingSchema>;

export const CandidatePreviewSchema = z.object({
  applicationId: z.uuid(),
  name: z.string(),
  unitName: z.string(),
  department: z.string().nullable(),
  occupationCode: z.string().nullable(),
  occupationName: z.string().nullable(),
  summary: z.string(),
});

export const NoticePreviewSchema = z.object({
  planId: z.uuid(),
  planTitle: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string(),
  workingDays: z.number().int(),
  candidates: z.array(CandidatePreviewSchema),
  notices: z.array(z.object({ id: z.uuid(), status: z.string(), startDate: z.string(), endDate: z.string() })),
});

export const NoticeCandidateSchema = z.object({
  id: z.uuid(),
  applicationId: z.uuid().optional(),
  position: z.number().int(),
  name: z.string(),
  unitName: z.string(),
  department: z.string().nullable(),
  occupationCode: z.string().nullable(),
  occupationName: z.string().nullable(),
  summary: z.string(),
  status: z.enum(['in-notice', 'withdrawn', 'confirmed', 'cancelled']),
  withdrawnReason: z.string().nullable(),
});

export const ObjectionSchema = z.object({
  id: z.uuid(),
  candidateId: z.uuid(),
  candidateName: z.string(),
  channel: z.enum(['app', 'public']),
  objectorName: z.string(),
  objectorContact: z.string(),
  content: z.string(),
  evidenceFileIds: z.array(z.uuid()),
  status: z.enum(['open', 'investigating', 'upheld', 'dismissed', 'lapsed']),
  investigation: z.string().nullable(),
  findingReasons: z.string().nullable(),
  fraud: z.boolean(),
  unitFraud: z.boolean(),
  raisedOn: z.string(),
  decidedAt: z.string().nullable(),
  decidedByName: z.string().nullable(),
  createdAt: z.string(),
});

export const NoticeEventSchema = z.object({
  act: z.string(),
  candidateName: z.string().nullable(),
  comment: z.string().nullable(),
  /** The English of a comment the system wrote; null for one a person typed. */
  commentEn: z.string().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
});

export const NoticeSummarySchema = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  planTitle: z.string().nullable(),
  planYear: z.number().int(),
  enterpriseName: z.string(),
  status: z.enum(['open', 'confirmed', 'cancelled']),
  /** Where the notice stands today: not yet started, running, ended (awaiting confirmation), confirmed, cancelled. */
  phase: z.enum(['not-started', 'running', 'ended', 'confirmed', 'cancelled']),
  startDate: z.string(),
  endDate: z.string(),
  workingDays: z.number().int(),
  contact: z.string(),
  candidateCount: z.number().int(),
  openObjections: z.number().int(),
  confirmedAt: z.string().nullable(),
  /** 撤销公示: when and why it was cancelled before its end. */
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
});

export const NoticeSchema = NoticeSummarySchema.extend({
  today: z.string(),
  candidates: z.array(NoticeCandidateSchema),
  /** HR only: the public link's token and whether it is on. */
  publicLink: z.object({ enabled: z.boolean(), token: z.string().nullable() }).nullable(),
  /** HR: every objection; others: their own. */
  objections: z.array(ObjectionSchema),
  /** HR only: the timeline. */
  events: z.array(NoticeEventSchema),
  /** What the caller may do now. */
  canManage: z.boolean(),
  canObject: z.boolean(),
  /** HR, until the last day: the notice may be cancelled (its candidates go back to the recommended list). */
  canCancel: z.boolean(),
  /** Why the list cannot be confirmed yet (empty when it can). */
  confirmBlockers: z.array(z.object({ code: z.string(), messages: z.object({ 'zh-CN': z.string(), en: z.string() }) })),
});
export type NoticeDto = z.infer<typeof NoticeSchema>;

export const NoticeListSchema = z.object({ items: z.array(NoticeSummarySchema) });

export const PublicNoticeSchema = z.object({
  planTitle: z.string().nullable(),
  enterpriseName: z.string(),
  status: z.enum(['open', 'confirmed', 'cancelled']),
  phase: z.enum(['not-started', 'running', 'ended', 'confirmed', 'cancelled']),
  cancelReason: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string(),
  workingDays: z.number().int(),
  contact: z.string(),
  candidates: z.array(NoticeCandidateSchema.omit({ applicationId: true })),
});

export const PublicObjectionReceiptSchema = z.object({ id: z.uuid(), lookupCode: z.string(), raisedOn: z.string() });
export const PublicObjectionStatusSchema = z.object({
  candidateName: z.string(),
  status: z.enum(['open', 'investigating', 'upheld', 'dismissed', 'lapsed']),
  findingReasons: z.string().nullable(),
  raisedOn: z.string(),
  decidedAt: z.string().nullable(),
});
export const ConfirmResultSchema = z.object({ notice: NoticeSchema, confirmedApplicationIds: z.array(z.uuid()) });
