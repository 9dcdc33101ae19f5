import { z } from 'zod';

export const BanChangeSchema = z.object({
  act: z.enum(['corrected', 'lifted']),
  reason: z.string(),
  before: z.record(z.string(), z.unknown()),
  after: z.record(z.string(), z.unknown()),
  actorName: z.string().nullable(),
  organisationName: z.string().nullable(),
  at: z.string(),
});

export const BanSchema = z.object({
  id: z.uuid(),
  subjectType: z.enum(['person', 'unit']),
  idType: z.string(),
  subjectName: z.string(),
  /** Masked: at most the first 6 and last 4 characters. */
  subjectNumberMasked: z.string(),
  basis: z.string(),
  fromDate: z.string(),
  untilDate: z.string(),
  yearDisqualified: z.number().int(),
  /** In force today: not lifted, and today within its period. */
  active: z.boolean(),
  status: z.enum(['effective', 'lifted']),
  liftedOn: z.string().nullable(),
  liftReason: z.string().nullable(),
  /** What the supervising department corrected or lifted, oldest first. */
  changes: z.array(BanChangeSchema),
  /** What the caller may do: `correct`, `lift` (a supervising department, for bans in its scope). */
  allowedActs: z.array(z.string()),
  sourceType: z.string().nullable(),
  sourceId: z.string().nullable(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  createdAt: z.string(),
});
export type BanDto = z.infer<typeof BanSchema>;

export const BanListQuerySchema = z.object({
  /** Only bans running today. */
  active: z.enum(['true', 'false']).optional(),
  q: z.string().max(50).optional(),
});
export type BanListQuery = z.infer<typeof BanListQuerySchema>;

export const BanListSchema = z.object({ items: z.array(BanSchema) });

export const BanIdParamsSchema = z.object({ id: z.uuid() }).strict();
const reason = z.string().trim().min(2).max(1000);
export const BanLiftSchema = z.object({ reason }).strict();
export const BanCorrectionSchema = z
  .object({
    basis: z.string().trim().min(2).max(1000).optional(),
    fromDate: z.string().max(10).optional(),
    untilDate: z.string().max(10).optional(),
    reason,
  })
  .strict();
export type BanCorrectionReq = z.infer<typeof BanCorrectionSchema>;

// ------------------------------------------------------------------------------ suspensions

export const SuspensionSchema = z.object({
  id: z.uuid(),
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  fromDate: z.string(),
  untilDate: z.string(),
  findings: z.string(),
  evidenceFileIds: z.array(z.uuid()),
  status: z.enum(['effective', 'lifted']),
  /** Running today: effective and today within its period. */
  active: z.boolean(),
  sourceType: z.string(),
  sourceId: z.string().nullable(),
  decidedByName: z.string(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  liftedOn: z.string().nullable(),
  liftReason: z.string().nullable(),
  liftedByName: z.string().nullable(),
  /** `lift` for a supervising department above the enterprise. */
  allowedActs: z.array(z.string()),
});
export type SuspensionDto = z.infer<typeof SuspensionSchema>;
export const SuspensionListQuerySchema = z
  .object({
    /** Only the suspensions running today. */
    active: z.enum(['true', 'false']).optional(),
    enterpriseId: z.uuid().optional(),
  })
  .strict();
export const SuspensionListSchema = z.object({ items: z.array(SuspensionSchema) });
export const SuspensionCreateSchema = z
  .object({
    enterpriseId: z.uuid(),
    /** First and last day ('YYYY-MM-DD', both included); the first is today or later. */
    fromDate: z.string().max(10),
    untilDate: z.string().max(10),
    findings: z.string().trim().min(5).max(4000),
    evidenceFileIds: z.array(z.uuid()).max(20).default([]),
  })
  .strict();
export type SuspensionCreateReq = z.infer<typeof SuspensionCreateSchema>;
export const SuspensionLiftSchema = z.object({ reason }).strict();
