import { z } from 'zod';
import { TERM_KINDS, TREATMENT_KINDS } from '../../domain/agreement-template.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1).max(max);

export const CertificateParamsSchema = z.object({ certificateId: z.uuid() }).strict();
export const IdParamsSchema = z.object({ id: z.uuid() }).strict();
export const EnterpriseQuerySchema = z.object({ enterpriseId: z.uuid().optional() }).strict();

export const appointmentStatusSchema = z.enum(['drafted', 'active', 'renewed', 'ended']);
export const exitCategorySchema = z.enum(['expired', 'failed-assessment', 'left', 'retired', 'violation', 'fraud']);
export const studioEntryKindSchema = z.enum(['member', 'apprentice', 'project', 'research', 'bid-evaluation']);
export const projectCategorySchema = z.enum(['technical-problem', 'process-improvement', 'invention']);
export const treatmentKindSchema = z.enum(TREATMENT_KINDS);
export const termKindSchema = z.enum(TERM_KINDS);
/** One treatment the agreement grants (五(二)): a kind of the notice with its terms, or `other` with its name. */
export const agreementTreatmentSchema = z.object({ kind: treatmentKindSchema, detail: z.string().trim().max(500).nullish() }).strict();
export const assessmentKindSchema = z.enum(['yearly', 'end-of-term']);
export const assessmentResultSchema = z.enum(['excellent', 'qualified', 'basically-qualified', 'unqualified']);

// ------------------------------------------------------------------ template

export const TemplateSchema = z.object({
  enterpriseId: z.uuid(),
  body: z.string(),
  isDefault: z.boolean(),
  placeholders: z.array(z.object({ name: z.string(), description: z.object({ 'zh-CN': z.string(), en: z.string() }) })),
  updatedAt: z.string().nullable(),
});
export const TemplateUpdateSchema = z.object({ enterpriseId: z.uuid().optional(), body: z.string().max(20_000) }).strict();
export type TemplateUpdateReq = z.infer<typeof TemplateUpdateSchema>;
export const TemplatePreviewSchema = z.object({ text: z.string() });

// ------------------------------------------------------------------ appointments

export const AppointmentCreateSchema = z
  .object({
    certificateId: z.uuid(),
    post: text(200),
    duties: text(4000),
    /** The treatments, kind by kind (五(二)). */
    treatments: z.array(agreementTreatmentSchema).max(20).default([]),
    /** Further treatment in the enterprise's own words. */
    treatment: z.string().trim().max(4000).nullish(),
    /** 固定期限 (with an end) or 无固定期限 (none). */
    termKind: termKindSchema.default('fixed'),
    termStart: date,
    /** Required for a fixed term; none for an open-ended one. */
    termEnd: date.nullish(),
  })
  .strict();
/** What a caller gives (the term kind defaults to fixed, the treatments to none). */
export type AppointmentCreateReq = z.input<typeof AppointmentCreateSchema>;

export const RenewSchema = z
  .object({
    post: text(200).optional(),
    duties: text(4000).optional(),
    treatments: z.array(agreementTreatmentSchema).max(20).optional(),
    treatment: z.string().trim().max(4000).nullish(),
    termKind: termKindSchema.optional(),
    termStart: date,
    termEnd: date.nullish(),
  })
  .strict();
export type RenewReq = z.infer<typeof RenewSchema>;

export const SignSchema = z.object({ signedOn: date, signedFileId: z.uuid() }).strict();
export type SignReq = z.infer<typeof SignSchema>;

export const ExitSchema = z
  .object({
    category: exitCategorySchema,
    reason: z.string().trim().min(2).max(2000),
    endedOn: date,
    evidenceFileIds: z.array(z.uuid()).max(20).default([]),
    /** Required true for fraud: the certificate is revoked and a five-year ban recorded. */
    confirmFraud: z.boolean().optional(),
  })
  .strict();
export type ExitReq = z.infer<typeof ExitSchema>;

export const AppointmentSchema = z.object({
  id: z.uuid(),
  certificateId: z.uuid(),
  enterpriseId: z.uuid(),
  holderName: z.string(),
  certificateCode: z.string(),
  termNumber: z.number().int(),
  previousId: z.uuid().nullable(),
  post: z.string(),
  duties: z.string(),
  treatments: z.array(z.object({ kind: treatmentKindSchema, detail: z.string().nullable() })),
  treatment: z.string().nullable(),
  termKind: termKindSchema,
  termStart: z.string(),
  /** Null for an open-ended term. */
  termEnd: z.string().nullable(),
  status: appointmentStatusSchema,
  signedOn: z.string().nullable(),
  signedFileId: z.uuid().nullable(),
  endedOn: z.string().nullable(),
  exitCategory: exitCategorySchema.nullable(),
  exitReason: z.string().nullable(),
  exitEvidenceFileIds: z.array(z.uuid()),
  createdAt: z.string(),
  /** What the caller may do: sign, renew, exit. */
  allowedActs: z.array(z.string()),
});
export type AppointmentDto = z.infer<typeof AppointmentSchema>;

export const ExitResultSchema = z.object({
  appointment: AppointmentSchema,
  certificateRevoked: z.boolean(),
  ban: z.object({ id: z.uuid(), fromDate: z.string(), untilDate: z.string(), yearDisqualified: z.number().int() }).nullable(),
});

export const ReminderSchema = z.object({
  appointmentId: z.uuid(),
  certificateId: z.uuid(),
  enterpriseId: z.uuid(),
  holderName: z.string(),
  certificateCode: z.string(),
  post: z.string(),
  termEnd: z.string(),
  daysLeft: z.number().int(),
});
export type ReminderDto = z.infer<typeof ReminderSchema>;
export const ReminderListSchema = z.object({ items: z.array(ReminderSchema) });

// ------------------------------------------------------------------ studio, treatment, assessment

export const StudioEntryCreateSchema = z
  .object({
    kind: studioEntryKindSchema,
    title: text(200),
    detail: z.string().trim().max(500).optional(),
    projectCategory: projectCategorySchema.optional(),
    result: z.string().trim().max(2000).optional(),
    onDate: date,
  })
  .strict();
export type StudioEntryCreateReq = z.infer<typeof StudioEntryCreateSchema>;
export const StudioEntrySchema = z.object({
  id: z.uuid(),
  kind: studioEntryKindSchema,
  title: z.string(),
  detail: z.string().nullable(),
  projectCategory: projectCategorySchema.nullable(),
  result: z.string().nullable(),
  onDate: z.string(),
  createdAt: z.string(),
});

export const TreatmentCreateSchema = z.object({ kind: treatmentKindSchema, description: text(2000), grantedOn: date }).strict();
export type TreatmentCreateReq = z.infer<typeof TreatmentCreateSchema>;
export const TreatmentSchema = z.object({ id: z.uuid(), kind: treatmentKindSchema, description: z.string(), grantedOn: z.string(), createdAt: z.string() });

export const AssessmentCreateSchema = z
  .object({
    appointmentId: z.uuid(),
    kind: assessmentKindSchema,
    year: z.number().int().min(2021).max(2100),
    result: assessmentResultSchema,
    comment: z.string().trim().max(2000).optional(),
    assessedOn: date,
  })
  .strict();
export type AssessmentCreateReq = z.infer<typeof AssessmentCreateSchema>;
export const AssessmentSchema = z.object({
  id: z.uuid(),
  appointmentId: z.uuid(),
  kind: assessmentKindSchema,
  year: z.number().int(),
  result: assessmentResultSchema,
  comment: z.string().nullable(),
  assessedOn: z.string(),
  createdAt: z.string(),
});

// ------------------------------------------------------------------ holders

export const HolderSummarySchema = z.object({
  certificateId: z.uuid(),
  certificateCode: z.string(),
  certificateStatus: z.enum(['valid', 'revoked']),
  holderName: z.string(),
  idNumberMasked: z.string(),
  occupationName: z.string(),
  enterpriseId: z.uuid(),
  issuerName: z.string(),
  issuedOn: z.string(),
  /** The current (latest) term, if any. */
  appointment: AppointmentSchema.nullable(),
});
export const HolderListSchema = z.object({ items: z.array(HolderSummarySchema), total: z.number().int() });
export const HolderListQuerySchema = z
  .object({
    enterpriseId: z.uuid().optional(),
    q: z.string().trim().max(50).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export const HolderDetailSchema = HolderSummarySchema.extend({
  appointments: z.array(AppointmentSchema),
  studio: z.array(StudioEntrySchema),
  treatments: z.array(TreatmentSchema),
  assessments: z.array(AssessmentSchema),
  /** Whether the caller may change records (enterprise HR); supervising departments read only. */
  canWrite: z.boolean(),
});
