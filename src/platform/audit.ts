import { createHash, createHmac, randomUUID } from 'node:crypto';
import { asc, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { auditLog } from '../db/schema.ts';
import type { Clock } from './clock.ts';
import { systemContext, type AuditContext } from './context.ts';
import { personalDataCipher } from './personal-data.ts';
import { auditActions, type AuditAction } from '../domain/audit-actions.ts';

// The actions live in the domain layer (pure data the pages name too); the writer re-exports them.
export { auditActions, type AuditAction };

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
/** The keyed chain's value before the first entry. */
export const GENESIS_MAC = '0'.repeat(64);

// The keyed chain. `hash` is SHA-256 over the previous hash and the entry (anyone can recompute it,
// so it shows edits, not a whole chain recomputed); `mac` is HMAC-SHA256 under the audit key over
// the previous entry's `mac` and this entry's `hash`, which nobody without the key can recompute.
// The audit key is derived from the personal data key (HKDF, `audit chain v1`), so it is kept
// where that key is kept and never in the database. Deleting entries at the end leaves a chain
// that still verifies: signed checkpoints kept outside the database (audit-checkpoints.ts) show it.

let auditKeyCache: { cipher: object; key: Buffer } | null = null;

/** The audit chain's key in this process (derived from the installed personal data key). */
export function auditKey(): Buffer {
  const cipher = personalDataCipher();
  if (auditKeyCache?.cipher !== cipher) auditKeyCache = { cipher, key: cipher.subkey('audit chain v1') };
  return auditKeyCache.key;
}

/** The keyed link of an entry: HMAC-SHA256 (hex) of the previous entry's mac and this entry's hash. */
export function macEntry(key: Buffer, prevMac: string, hash: string): string {
  return createHmac('sha256', key).update(prevMac).update('\n').update(hash).digest('hex');
}

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
export function writeAudit(tx: Database, context: AuditContext, input: AuditInput): Promise<void> {
  return writeAuditEntries(tx, context, [input]);
}

/**
 * Appends several entries in the given order, as `writeAudit` would one after the other, with one
 * lock, one read of the chain's end and multi-row inserts: for acts that change many rows at once
 * (issuing a list of 2,000 certificates writes 2,000 entries).
 */
export async function writeAuditEntries(tx: Database, context: AuditContext, inputs: readonly AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const key = auditKey();
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  let { hash: prevHash, mac: prevMac } = await keyedEnd(tx, context.clock, key);
  const actor = context.actor;
  const at = context.clock.now();
  const values = inputs.map((input) => {
    const fields: HashedFields = {
      id: randomUUID(),
      at,
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
    const mac = macEntry(key, prevMac, hash);
    const row = { ...fields, prevHash, hash, mac };
    prevHash = hash;
    prevMac = mac;
    return row;
  });
  // One statement's rows take their sequence numbers in the order given, so the chain stays in order.
  if (values.length < MANY_ENTRIES) {
    await tx.insert(auditLog).values(values);
    return;
  }
  // Many entries: one statement with a column of values each (unnest … WITH ORDINALITY, in order).
  // drizzle's multi-row insert makes a parameter of every value, and building that statement for
  // 2,000 entries took longer than the database's work.
  const column = <K extends (typeof AUDIT_COLUMNS)[number]>(key: K) => {
    const type = auditLog[key].getSQLType();
    const cells = values.map((row) => {
      const value = row[key];
      if (value === null || value === undefined) return null;
      if (value instanceof Date) return value.toISOString();
      return type === 'jsonb' ? JSON.stringify(value) : value;
    });
    return sql`${sql.param(cells)}::${sql.raw(type)}[]`;
  };
  const names = AUDIT_COLUMNS.map((key) => sql.identifier(auditLog[key].name));
  await tx.execute(
    sql`insert into ${auditLog} (${sql.join(names, sql`, `)}) select ${sql.join(names, sql`, `)} from unnest(${sql.join(AUDIT_COLUMNS.map(column), sql`, `)}) with ordinality as entry(${sql.join(names, sql`, `)}, ord) order by ord`,
  );
}

/** From how many entries writeAuditEntries writes them as columns of values (see there). */
const MANY_ENTRIES = 50;
const AUDIT_COLUMNS = ['id', 'at', 'actorId', 'actorName', 'organisationId', 'organisationPath', 'action', 'targetType', 'targetId', 'before', 'after', 'ip', 'userAgent', 'prevHash', 'hash', 'mac'] as const;

type AuditRow = typeof auditLog.$inferSelect;

/** Why an entry does not follow `prevHash` (or null when it does): a broken link, or content that is not what was hashed. */
function hashChainFault(prevHash: string, row: AuditRow, expectedSeq: number | null): string | null {
  if (row.prevHash !== prevHash) {
    return expectedSeq !== null && row.seq !== expectedSeq
      ? `entry before seq ${row.seq} is missing (deleted) / 前一条记录缺失（被删除）`
      : 'link to the previous entry is broken / 与前一条记录的链接断开';
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
  return expected === row.hash ? null : 'content does not match its hash (edited) / 内容与哈希不符（被修改）';
}

async function* entriesInOrder(db: Database, batchSize = 2000): AsyncGenerator<AuditRow> {
  let afterSeq = 0;
  for (;;) {
    const rows = await db.select().from(auditLog).where(sql`${auditLog.seq} > ${afterSeq}`).orderBy(asc(auditLog.seq)).limit(batchSize);
    if (rows.length === 0) return;
    yield* rows;
    afterSeq = rows[rows.length - 1].seq;
  }
}

interface ChainEnd {
  hash: string;
  mac: string;
}

/**
 * The end of the chain to append to, inside the writer's lock. A chain written before the keyed
 * chain (no entry has a `mac`) is keyed first, once (keyLegacyChain).
 */
async function keyedEnd(tx: Database, clock: Clock, key: Buffer): Promise<ChainEnd> {
  const [last] = await tx.select({ hash: auditLog.hash, mac: auditLog.mac }).from(auditLog).orderBy(sql`${auditLog.seq} desc`).limit(1);
  if (!last) return { hash: GENESIS_HASH, mac: GENESIS_MAC };
  if (last.mac) return { hash: last.hash, mac: last.mac };
  const [keyed] = await tx.select({ mac: auditLog.mac }).from(auditLog).where(sql`${auditLog.mac} is not null`).orderBy(sql`${auditLog.seq} desc`).limit(1);
  // Entries after the last keyed one have lost their keyed hash (they were written or altered
  // around the system): never keyed again here, which would bless them; verification names the first.
  if (keyed?.mac) return { hash: last.hash, mac: keyed.mac };
  return keyLegacyChain(tx, clock, key);
}

/**
 * The one-time re-keying of a chain written before the keyed chain: every entry receives its `mac`
 * over the `hash` it holds (the hashes are not changed, so the entries verify as before), and an
 * `audit.chain-keyed` entry records how many were keyed and whether their hash chain was intact
 * then. Runs inside the writer's lock.
 */
async function keyLegacyChain(tx: Database, clock: Clock, key: Buffer): Promise<ChainEnd> {
  let prevHash = GENESIS_HASH;
  let prevMac = GENESIS_MAC;
  let count = 0;
  let expectedSeq: number | null = null;
  let firstBroken: { seq: number; reason: string } | null = null;
  let head: { seq: number; hash: string } | null = null;
  let seqs: number[] = [];
  let macs: string[] = [];
  const flush = async () => {
    if (!seqs.length) return;
    await tx.execute(sql`update audit_log a set mac = v.mac from unnest(${sql.param(seqs)}::bigint[], ${sql.param(macs)}::text[]) as v(seq, mac) where a.seq = v.seq`);
    seqs = [];
    macs = [];
  };
  for await (const row of entriesInOrder(tx)) {
    if (!firstBroken) {
      const fault = hashChainFault(prevHash, row, expectedSeq);
      if (fault) firstBroken = { seq: row.seq, reason: fault };
    }
    const mac = macEntry(key, prevMac, row.hash);
    seqs.push(row.seq);
    macs.push(mac);
    if (seqs.length >= 2000) await flush();
    prevHash = row.hash;
    prevMac = mac;
    expectedSeq = row.seq + 1;
    head = { seq: row.seq, hash: row.hash };
    count += 1;
  }
  await flush();
  const context = systemContext(clock, 'system');
  const fields: HashedFields = {
    id: randomUUID(),
    at: clock.now(),
    actorId: null,
    actorName: 'system',
    organisationId: null,
    organisationPath: null,
    action: 'audit.chain-keyed',
    targetType: 'audit',
    targetId: null,
    before: null,
    after: normalise({ entries: count, head, hashChainIntact: firstBroken === null, firstBroken }),
    ip: context.ip,
    userAgent: context.userAgent,
  };
  const hash = hashEntry(prevHash, fields);
  const mac = macEntry(key, prevMac, hash);
  await tx.insert(auditLog).values({ ...fields, prevHash, hash, mac });
  return { hash, mac };
}

/**
 * Keys a chain written before the keyed chain, if this database holds one (the first write would
 * do it too): run at start-up, so that no request waits for it. Returns how many entries it keyed.
 */
export async function ensureAuditChainKeyed(db: Database, clock: Clock): Promise<number> {
  const key = auditKey();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
    const [state] = (
      (await tx.execute(sql`select count(*)::int as total, count(mac)::int as keyed from audit_log`)) as unknown as { rows: { total: number; keyed: number }[] }
    ).rows;
    if (state.total === 0 || state.keyed > 0) return 0;
    await keyLegacyChain(tx, clock, key);
    return state.total;
  });
}

/** Where a checkpoint says the chain stood: after `count` entries, the last being `seq` with keyed hash `head`. */
export interface CheckpointPosition {
  at: string;
  count: number;
  seq: number;
  head: string;
}

export interface CheckpointOutcome {
  at: string;
  count: number;
  seq: number;
  /** matched; rewritten (the entry there differs); truncated (the chain is shorter); not-reached (an earlier break stopped the walk). */
  status: 'matched' | 'rewritten' | 'truncated' | 'not-reached';
}

export interface ChainVerification {
  /** The chain holds, and so does every checkpoint given. */
  intact: boolean;
  checked: number;
  /** Whether the entries carry the keyed chain (false only for a chain not yet re-keyed: checked as before). */
  keyed: boolean;
  /** The last entry checked: what a checkpoint records. */
  head: { seq: number; hash: string; mac: string | null } | null;
  firstBroken: { seq: number; id: string | null; reason: string } | null;
  checkpoints: CheckpointOutcome[];
}

function describeCheckpoint(checkpoint: CheckpointPosition): { zh: string; en: string } {
  return { zh: `${checkpoint.at} 的检查点（${checkpoint.count} 条，至 seq ${checkpoint.seq}）`, en: `the checkpoint of ${checkpoint.at} (${checkpoint.count} entries, up to seq ${checkpoint.seq})` };
}

/**
 * Walks the whole chain in order and reports the first entry whose link, content or keyed hash is
 * wrong. With checkpoints (already checked to be signed by this installation), the entry at each
 * checkpoint's count must be the one it names with the same keyed hash (else the chain was
 * rewritten), and the chain must reach it (else entries at its end were deleted).
 */
export async function verifyAuditChain(db: Database, options: { checkpoints?: readonly CheckpointPosition[]; key?: Buffer; batchSize?: number } = {}): Promise<ChainVerification> {
  const key = options.key ?? auditKey();
  const checkpoints = [...(options.checkpoints ?? [])].sort((a, b) => a.count - b.count);
  const outcomes: CheckpointOutcome[] = [];
  const outcome = (checkpoint: CheckpointPosition, status: CheckpointOutcome['status']) =>
    outcomes.push({ at: checkpoint.at, count: checkpoint.count, seq: checkpoint.seq, status });
  const [{ keyed }] = (
    (await db.execute(sql`select exists(select 1 from audit_log where mac is not null) as keyed`)) as unknown as { rows: { keyed: boolean }[] }
  ).rows;
  let prevHash = GENESIS_HASH;
  let prevMac = GENESIS_MAC;
  let checked = 0;
  let expectedSeq: number | null = null;
  let head: ChainVerification['head'] = null;
  let next = 0;
  while (next < checkpoints.length && checkpoints[next].count === 0) outcome(checkpoints[next++], 'matched');
  const broken = (row: { seq: number; id: string | null }, reason: string): ChainVerification => {
    for (const checkpoint of checkpoints.slice(next)) outcome(checkpoint, 'not-reached');
    return { intact: false, checked, keyed, head, firstBroken: { seq: row.seq, id: row.id, reason }, checkpoints: outcomes };
  };
  for await (const row of entriesInOrder(db, options.batchSize)) {
    const fault = hashChainFault(prevHash, row, expectedSeq);
    if (fault) return broken(row, fault);
    if (keyed) {
      if (!row.mac) return broken(row, 'entry has no keyed hash (written around the system) / 记录没有带密钥的哈希（绕过系统写入）');
      if (row.mac !== macEntry(key, prevMac, row.hash)) {
        return broken(row, 'keyed hash does not match (the chain was recomputed without the key) / 带密钥的哈希不符（审计链被重新计算）');
      }
    }
    prevHash = row.hash;
    prevMac = row.mac ?? GENESIS_MAC;
    checked += 1;
    expectedSeq = row.seq + 1;
    head = { seq: row.seq, hash: row.hash, mac: row.mac };
    while (next < checkpoints.length && checkpoints[next].count === checked) {
      const checkpoint = checkpoints[next];
      if (row.seq !== checkpoint.seq || row.mac !== checkpoint.head) {
        outcome(checkpoint, 'rewritten');
        next += 1;
        const named = describeCheckpoint(checkpoint);
        return broken(row, `differs from ${named.en}: the chain was rewritten / 与${named.zh}不符：审计链被改写`);
      }
      outcome(checkpoint, 'matched');
      next += 1;
    }
  }
  if (next < checkpoints.length) {
    const first = checkpoints[next];
    for (const checkpoint of checkpoints.slice(next)) outcome(checkpoint, 'truncated');
    const named = describeCheckpoint(first);
    return {
      intact: false,
      checked,
      keyed,
      head,
      firstBroken: {
        seq: first.seq,
        id: null,
        reason: `${named.en} counted ${first.count} entries, the chain holds ${checked}: entries at its end were deleted / ${named.zh}记有 ${first.count} 条，审计链只有 ${checked} 条：末尾的记录被删除`,
      },
      checkpoints: outcomes,
    };
  }
  return { intact: true, checked, keyed, head, firstBroken: null, checkpoints: outcomes };
}
