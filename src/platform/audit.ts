import { createHash, randomUUID } from 'node:crypto';
import { asc, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { auditLog } from '../db/schema.ts';
import type { AuditContext } from './context.ts';

/**
 * Every action that changes state, one name each. The entry is written by the use case in the
 * same transaction as the change.
 */
export const auditActions = {
  /** The first start created the root organisation and the system administrator. */
  'system.bootstrap': 'system',
  /** A user logged in. */
  'auth.login': 'auth',
  /** A log-in failed (wrong password); the account may have been locked. */
  'auth.login-failed': 'auth',
  /** A user logged out. */
  'auth.logout': 'auth',
  /** A user changed their own password. */
  'auth.password-changed': 'auth',
  /** An organisation was created. */
  'organisation.created': 'organisation',
  /** An organisation's details changed. */
  'organisation.updated': 'organisation',
  /** A user account was created. */
  'user.created': 'user',
  /** A user account's name, roles or state changed. */
  'user.updated': 'user',
  /** An administrator reset a user's password to a one-time password. */
  'user.password-reset': 'user',
  /** A year's working-day calendar was loaded or corrected. */
  'calendar.loaded': 'calendar',
} as const;
export type AuditAction = keyof typeof auditActions;

export interface AuditInput {
  action: AuditAction;
  targetType: string;
  targetId?: string | null;
  /** The organisation whose data changed: decides who may read the entry. */
  organisationId?: string | null;
  organisationPath?: string | null;
  before?: unknown;
  after?: unknown;
}

const AUDIT_LOCK_KEY = 727_210_002;
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with keys sorted at every level, so that the hash does not depend on key order (jsonb reorders). */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

interface HashedFields {
  id: string;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  organisationId: string | null;
  organisationPath: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
}

export function hashEntry(prevHash: string, fields: HashedFields): string {
  const body = canonicalJson({ ...fields, at: fields.at.toISOString(), before: normalise(fields.before), after: normalise(fields.after) });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** What the value becomes after a round trip through jsonb. */
function normalise(value: unknown): unknown {
  return value === undefined || value === null ? null : JSON.parse(JSON.stringify(value));
}

/**
 * Appends one entry. Must be called inside the transaction that makes the change: the advisory
 * lock serialises writers (across app processes too) so the chain stays a single line.
 */
export async function writeAudit(tx: Database, context: AuditContext, input: AuditInput): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const last = (await tx.execute(sql`select hash from audit_log order by seq desc limit 1`)) as unknown as { rows: { hash: string }[] };
  const prevHash = last.rows[0]?.hash ?? GENESIS_HASH;
  const actor = context.actor;
  const fields: HashedFields = {
    id: randomUUID(),
    at: new Date(),
    actorId: actor?.userId ?? null,
    actorName: actor ? `${actor.displayName} (${actor.username})` : 'system',
    organisationId: input.organisationId ?? null,
    organisationPath: input.organisationPath ?? null,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId ?? null,
    before: normalise(input.before),
    after: normalise(input.after),
    ip: context.ip,
    userAgent: context.userAgent,
  };
  const hash = hashEntry(prevHash, fields);
  await tx.insert(auditLog).values({ ...fields, prevHash, hash });
}

export interface ChainVerification {
  intact: boolean;
  checked: number;
  firstBroken: { seq: number; id: string; reason: string } | null;
}

/** Walks the whole chain in order and reports the first entry whose link or content is wrong. */
export async function verifyAuditChain(db: Database, batchSize = 2000): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let afterSeq = 0;
  let expectedSeq: number | null = null;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.seq} > ${afterSeq}`)
      .orderBy(asc(auditLog.seq))
      .limit(batchSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.prevHash !== prevHash) {
        const reason =
          expectedSeq !== null && row.seq !== expectedSeq
            ? `entry before seq ${row.seq} is missing (deleted) / 前一条记录缺失（被删除）`
            : 'link to the previous entry is broken / 与前一条记录的链接断开';
        return { intact: false, checked, firstBroken: { seq: row.seq, id: row.id, reason } };
      }
      const expected = hashEntry(prevHash, {
        id: row.id,
        at: row.at,
        actorId: row.actorId,
        actorName: row.actorName,
        organisationId: row.organisationId,
        organisationPath: row.organisationPath,
        action: row.action,
        targetType: row.targetType,
        targetId: row.targetId,
        before: row.before,
        after: row.after,
        ip: row.ip,
        userAgent: row.userAgent,
      });
      if (expected !== row.hash) {
        return {
          intact: false,
          checked,
          firstBroken: { seq: row.seq, id: row.id, reason: 'content does not match its hash (edited) / 内容与哈希不符（被修改）' },
        };
      }
      prevHash = row.hash;
      checked += 1;
      expectedSeq = row.seq + 1;
      afterSeq = row.seq;
    }
  }
  return { intact: true, checked, firstBroken: null };
}
