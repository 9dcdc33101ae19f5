import { z } from 'zod';

export const AuditQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    action: z.string().max(100).optional(),
    organisationId: z.uuid().optional(),
    actor: z.string().max(100).optional(),
    targetId: z.string().max(100).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditEntrySchema = z.object({
  seq: z.number(),
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  organisationId: z.string().nullable(),
  organisationName: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  hash: z.string(),
});

export const AuditListSchema = z.object({ items: z.array(AuditEntrySchema), total: z.number() });

export const AuditVerificationSchema = z.object({
  intact: z.boolean(),
  checked: z.number(),
  firstBroken: z.object({ seq: z.number(), id: z.string(), reason: z.string() }).nullable(),
});
