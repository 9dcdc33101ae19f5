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
  /** The target's name now (a person's, an organisation's, a committee's…), where it has one and still exists. */
  targetName: z.string().nullable(),
  /** What tells the target apart where names repeat: a certificate's code, a user's sign-in name. */
  targetDetail: z.string().nullable(),
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
  /** Whether the entries carry the keyed chain (HMAC under a key outside the database). */
  keyed: z.boolean(),
  head: z.object({ seq: z.number(), hash: z.string(), mac: z.string().nullable() }).nullable(),
  firstBroken: z.object({ seq: z.number(), id: z.string().nullable(), reason: z.string() }).nullable(),
  /** With checkpoints: how each fared (matched, rewritten, truncated, not-reached). */
  checkpoints: z.array(z.object({ at: z.string(), count: z.number(), seq: z.number(), status: z.enum(['matched', 'rewritten', 'truncated', 'not-reached']) })),
  /** Checkpoints not signed by this installation, or altered. */
  rejectedCheckpoints: z.array(z.object({ at: z.string(), count: z.number(), seq: z.number(), signature: z.enum(['foreign-key', 'invalid']) })).optional(),
});

export const AuditVerifyWithCheckpointsSchema = z
  .object({
    /** The text of a checkpoint file (JSON lines, one JSON object or an array), as `ptech audit checkpoint` or the page wrote it. */
    checkpoints: z.string().min(1).max(20 * 1024 * 1024),
  })
  .strict();
export type AuditVerifyWithCheckpointsReq = z.infer<typeof AuditVerifyWithCheckpointsSchema>;

export const AuditCheckpointSchema = z.object({
  format: z.literal('ptech-audit-checkpoint'),
  version: z.literal(1),
  at: z.string(),
  count: z.number(),
  seq: z.number(),
  hash: z.string(),
  head: z.string(),
  keyId: z.string(),
  publicKey: z.string(),
  signature: z.string(),
});
