import { z } from 'zod';

const localised = z.object({ 'zh-CN': z.string(), en: z.string() });

/** 取消本年度评审资格（弄虚作假）: what was found, the evidence, and the explicit confirmation (it cannot be undone). */
export const FraudFindingCreateSchema = z
  .object({
    findings: z.string().trim().min(5).max(4000),
    /** Files uploaded through /api/v1/files: the evidence of the finding (at least one). */
    evidenceFileIds: z.array(z.uuid()).max(20).default([]),
    /** The act voids the year, bans for five years and (after certification) revokes: confirmed explicitly. */
    confirm: z.boolean().default(false),
  })
  .strict();
export type FraudFindingCreateReq = z.infer<typeof FraudFindingCreateSchema>;

export const FraudFindingSchema = z.object({
  id: z.uuid(),
  applicationId: z.uuid().nullable(),
  certificateId: z.uuid().nullable(),
  /** The application's state when it was found. */
  fromStatus: z.string().nullable(),
  stage: z.enum(['screening', 'review', 'before-notice', 'notice', 'after-certification', 'supervision']),
  stageName: localised,
  finder: z.enum(['enterprise', 'chair', 'department']),
  finderName: localised,
  subjectName: z.string(),
  subjectNumberMasked: z.string(),
  year: z.number().int(),
  findings: z.string(),
  evidenceFileIds: z.array(z.uuid()),
  banId: z.uuid(),
  banUntil: z.string().nullable(),
  certificateRevoked: z.boolean(),
  enterpriseId: z.uuid(),
  foundByName: z.string(),
  foundByOrganisationName: z.string(),
  createdAt: z.string(),
});
export type FraudFindingDto = z.infer<typeof FraudFindingSchema>;
export const FraudFindingListSchema = z.object({ items: z.array(FraudFindingSchema) });
export const FraudFindingListQuerySchema = z
  .object({
    applicationId: z.uuid().optional(),
    certificateId: z.uuid().optional(),
  })
  .strict();

export const IdParamsSchema = z.object({ id: z.uuid() }).strict();
export const CandidateParamsSchema = z.object({ id: z.uuid(), applicationId: z.uuid() }).strict();
