// Signed checkpoints of the audit chain, kept outside the database. A checkpoint says "after COUNT
// entries the chain ended at SEQ with the keyed hash HEAD, at time AT", signed (Ed25519) with a key
// derived from the personal data key. Whoever keeps checkpoints can later prove that entries at the
// end were deleted (the chain no longer reaches COUNT) or that the chain was recomputed (the entry at
// COUNT has another keyed hash), which the chain alone cannot show.
//
//   ptech audit checkpoint --out /mnt/audit/checkpoints.jsonl     (verifies, signs, prints, appends)
//   ptech audit verify --checkpoint /mnt/audit/checkpoints.jsonl
//
// The server also appends one to AUDIT_CHECKPOINT_FILE at start and every AUDIT_CHECKPOINT_MINUTES
// while the chain grows; the administrator copies that file off the machine. A checkpoint file holds
// one JSON object per line (a single object or an array is read too).
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { canonicalJson, verifyAuditChain, type ChainVerification } from './audit.ts';
import type { Clock } from './clock.ts';
import { AppError } from './errors.ts';
import { personalDataCipher } from './personal-data.ts';

export const CHECKPOINT_FORMAT = 'ptech-audit-checkpoint' as const;

const CheckpointSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  version: z.literal(1),
  /** When the checkpoint was taken (the process clock). */
  at: z.string().min(1).max(64),
  /** Entries in the chain, from the first. */
  count: z.number().int().min(0),
  /** The last entry's sequence number (0 for an empty chain). */
  seq: z.number().int().min(0),
  /** The last entry's hash (SHA-256 chain). */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The last entry's keyed hash (HMAC chain). */
  head: z.string().regex(/^[0-9a-f]{64}$/),
  /** Fingerprint of the personal data key the audit key derives from. */
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  /** Ed25519 public key (SPKI, base64) of the installation that signed. */
  publicKey: z.string().min(1).max(200),
  /** Ed25519 signature (base64) of the canonical JSON of the fields above but publicKey. */
  signature: z.string().min(1).max(200),
});
export type AuditCheckpoint = z.infer<typeof CheckpointSchema>;

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

let signingCache: { cipher: object; privateKey: KeyObject; publicKey: string } | null = null;

/** This installation's checkpoint signing key (Ed25519, its seed derived from the personal data key). */
function signingKey(): { privateKey: KeyObject; publicKey: string; keyId: string } {
  const cipher = personalDataCipher();
  if (signingCache?.cipher !== cipher) {
    const seed = cipher.subkey('audit checkpoint v1');
    const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    const publicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64');
    signingCache = { cipher, privateKey, publicKey };
  }
  return { privateKey: signingCache.privateKey, publicKey: signingCache.publicKey, keyId: cipher.keyId };
}

/** This installation's public key for checkpoints: an auditor can check a checkpoint's signature with it alone. */
export function checkpointPublicKey(): string {
  return signingKey().publicKey;
}

function signedPart(checkpoint: Omit<AuditCheckpoint, 'publicKey' | 'signature'>): Buffer {
  const { format, version, at, count, seq, hash, head, keyId } = checkpoint;
  return Buffer.from(canonicalJson({ format, version, at, count, seq, hash, head, keyId }), 'utf8');
}

const GENESIS = '0'.repeat(64);

function signCheckpoint(position: { at: string; count: number; seq: number; hash: string; head: string }): AuditCheckpoint {
  const { privateKey, publicKey, keyId } = signingKey();
  const unsigned = { format: CHECKPOINT_FORMAT, version: 1 as const, ...position, keyId };
  return { ...unsigned, publicKey, signature: sign(null, signedPart(unsigned), privateKey).toString('base64') };
}

/** A checkpoint of the chain as a verification found it (its last entry checked), signed. */
export function checkpointOf(verification: ChainVerification, clock: Clock): AuditCheckpoint {
  if (!verification.intact) throw new AppError('AUDIT_CHAIN_BROKEN');
  if (verification.head && !verification.head.mac) throw new AppError('AUDIT_CHAIN_NOT_KEYED');
  return signCheckpoint({
    at: clock.now().toISOString(),
    count: verification.checked,
    seq: verification.head?.seq ?? 0,
    hash: verification.head?.hash ?? GENESIS,
    head: verification.head?.mac ?? GENESIS,
  });
}

/** Verifies the whole chain, then signs a checkpoint of it: `ptech audit checkpoint` and the audit page. */
export async function makeAuditCheckpoint(db: Database, clock: Clock): Promise<{ checkpoint: AuditCheckpoint; verification: ChainVerification }> {
  const verification = await verifyAuditChain(db);
  return { checkpoint: checkpointOf(verification, clock), verification };
}

/**
 * A checkpoint of the chain's end as it stands, without walking the chain first: what the server
 * writes periodically (a verification is a separate act; a checkpoint only fixes what exists).
 */
export async function takeAuditCheckpoint(db: Database, clock: Clock): Promise<AuditCheckpoint | null> {
  const result = (await db.execute(
    sql`select seq, hash, mac, (select count(*)::int from audit_log a where a.seq <= l.seq) as count from audit_log l order by seq desc limit 1`,
  )) as unknown as { rows: { seq: number | string; hash: string; mac: string | null; count: number }[] };
  const last = result.rows[0];
  if (!last) return signCheckpoint({ at: clock.now().toISOString(), count: 0, seq: 0, hash: GENESIS, head: GENESIS });
  if (!last.mac) return null;
  return signCheckpoint({ at: clock.now().toISOString(), count: last.count, seq: Number(last.seq), hash: last.hash, head: last.mac });
}

export type CheckpointSignature = 'valid' | 'foreign-key' | 'invalid';

/** Whether a checkpoint was signed by this installation's key and is unaltered. */
export function checkSignature(checkpoint: AuditCheckpoint): CheckpointSignature {
  const { publicKey } = signingKey();
  if (checkpoint.publicKey !== publicKey) return 'foreign-key';
  try {
    const key = createPublicKey({ key: Buffer.from(checkpoint.publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(null, signedPart(checkpoint), key, Buffer.from(checkpoint.signature, 'base64')) ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** The checkpoints in a file's text: JSON lines, one JSON object, or an array. AUDIT_CHECKPOINT_INVALID when it holds none or a malformed one. */
export function parseCheckpoints(text: string): AuditCheckpoint[] {
  const invalid = (reason: string) => {
    const [reasonEn, reasonZh] = reason.split(' / ');
    return new AppError('AUDIT_CHECKPOINT_INVALID', { reasonZh: reasonZh ?? reasonEn, reasonEn });
  };
  let values: unknown[];
  const trimmed = text.trim();
  if (!trimmed) throw invalid('empty / 文件为空');
  try {
    const whole: unknown = JSON.parse(trimmed);
    values = Array.isArray(whole) ? whole : [whole];
  } catch {
    values = [];
    for (const [index, line] of trimmed.split(/\r?\n/).entries()) {
      if (!line.trim()) continue;
      try {
        values.push(JSON.parse(line));
      } catch {
        throw invalid(`line ${index + 1} is not JSON / 第 ${index + 1} 行不是 JSON`);
      }
    }
  }
  if (values.length === 0) throw invalid('no checkpoint / 没有检查点');
  if (values.length > 100_000) throw invalid('too many checkpoints / 检查点过多');
  return values.map((value, index) => {
    const parsed = CheckpointSchema.safeParse(value);
    if (!parsed.success) throw invalid(`checkpoint ${index + 1} is malformed / 第 ${index + 1} 个检查点格式不正确`);
    return parsed.data;
  });
}

export interface CheckpointVerification extends ChainVerification {
  /** Checkpoints refused before the walk: not signed by this installation, or altered. */
  rejectedCheckpoints: { at: string; count: number; seq: number; signature: Exclude<CheckpointSignature, 'valid'> }[];
}

/**
 * The chain verified against checkpoints: each must carry this installation's valid signature
 * (else the result is not intact and names it), then the chain must reach each and agree with it.
 */
export async function verifyAuditChainWithCheckpoints(db: Database, checkpoints: readonly AuditCheckpoint[]): Promise<CheckpointVerification> {
  const rejectedCheckpoints: CheckpointVerification['rejectedCheckpoints'] = [];
  const accepted: AuditCheckpoint[] = [];
  for (const checkpoint of checkpoints) {
    const signature = checkSignature(checkpoint);
    if (signature === 'valid') accepted.push(checkpoint);
    else rejectedCheckpoints.push({ at: checkpoint.at, count: checkpoint.count, seq: checkpoint.seq, signature });
  }
  const verification = await verifyAuditChain(db, { checkpoints: accepted });
  if (rejectedCheckpoints.length && verification.intact) {
    const first = rejectedCheckpoints[0];
    const why = first.signature === 'foreign-key' ? 'was signed by another installation / 由其他系统签名' : 'signature is invalid (altered) / 签名无效（被修改）';
    return {
      ...verification,
      intact: false,
      firstBroken: { seq: first.seq, id: null, reason: `the checkpoint of ${first.at} ${why}` },
      rejectedCheckpoints,
    };
  }
  return { ...verification, rejectedCheckpoints };
}

/** Appends a checkpoint as one line to a file the administrator keeps (created 0600). */
export function appendCheckpoint(file: string, checkpoint: AuditCheckpoint): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  fs.appendFileSync(file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
}

export interface CheckpointWriter {
  stop(): void;
}

/**
 * The server's own checkpoints: one at start, then one every `minutes` when the chain has grown,
 * appended to `file`. Errors are logged, never fatal (the chain itself is unaffected).
 */
export function startCheckpointWriter(
  db: Database,
  options: { file: string; minutes: number; clock: Clock; log: { info(object: object, message: string): void; error(object: object, message: string): void } },
): CheckpointWriter {
  let lastHead: string | null = null;
  let running = false;
  const write = async () => {
    if (running) return;
    running = true;
    try {
      const checkpoint = await takeAuditCheckpoint(db, options.clock);
      if (checkpoint && checkpoint.head !== lastHead) {
        appendCheckpoint(options.file, checkpoint);
        lastHead = checkpoint.head;
        options.log.info({ file: options.file, count: checkpoint.count, seq: checkpoint.seq }, 'audit checkpoint written');
      }
    } catch (error) {
      options.log.error({ err: error, file: options.file }, 'audit checkpoint could not be written');
    } finally {
      running = false;
    }
  };
  void write();
  const timer = setInterval(() => void write(), options.minutes * 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
