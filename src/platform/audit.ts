import { createHash, createHmac, randomUUID } from 'node:crypto';
import { asc, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { auditLog } from '../db/schema.ts';
import type { Clock } from './clock.ts';
import { systemContext, type AuditContext } from './context.ts';
import { personalDataCipher } from './personal-data.ts';

/**
 * Every action that changes state, one name each. The entry is written by the use case in the
 * same transaction as the change.
 */
export const auditActions = {
  /** The first start created the root organisation and the system administrator. */
  'system.bootstrap': 'system',
  /** A start found admin's printed one-time password expired and never used, and printed a new one. */
  'system.one-time-password-renewed': 'system',
  /** A user logged in. */
  'auth.login': 'auth',
  /** A log-in failed (wrong password); the account may have been locked. */
  'auth.login-failed': 'auth',
  /** A user logged out. */
  'auth.logout': 'auth',
  /** A user changed their own password. */
  'auth.password-changed': 'auth',
  /** Failed log-ins in a row locked an account until a time (the first lock a minute, doubling with each further failure). */
  'auth.account-locked': 'auth',
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
  /** A file was uploaded or generated and stored (its metadata; the bytes are named by their SHA-256). */
  'file.stored': 'file',
  /** A user was handed a file's content (download or preview): who, which file, by which route. */
  'file.downloaded': 'file',
  /** The one-time re-keying: entries written before the keyed chain received their keyed hashes (`mac`). */
  'audit.chain-keyed': 'audit',
  /** A user re-queued a failed job. */
  'job.retried': 'job',
  /** The ministry set the deadline for pilot applications of a year (六(一)). */
  'pilot-year.deadline-set': 'pilot-year',
  /** A department created its pilot application (试点申请) for a year. */
  'pilot-application.created': 'pilot-application',
  /** A department changed its pilot application (enterprises, contact, remarks) while a draft or returned. */
  'pilot-application.updated': 'pilot-application',
  /** A department submitted its pilot application to the ministry. */
  'pilot-application.submitted': 'pilot-application',
  /** The ministry accepted (备案) a pilot application: its enterprises are pilots of that year. */
  'pilot-application.accepted': 'pilot-application',
  /** The ministry returned a pilot application with a reason. */
  'pilot-application.returned': 'pilot-application',
  /** The ministry amended the enterprise list of an accepted pilot application, with the reason. */
  'pilot-application.amended': 'pilot-application',
  /** The ministry (national) or a provincial department (its area) set a year's evaluation model, deadline and committee limits. */
  'jurisdiction.setting-set': 'jurisdiction-setting',
  /** The occupation catalogue (职业（工种）目录) was loaded: the starter list at first start, or an imported file. */
  'occupation.catalogue-imported': 'occupation',
  /** An enterprise created the draft of a work plan (工作方案). */
  'plan.created': 'plan',
  /** The working copy of a work plan was saved. */
  'plan.updated': 'plan',
  /** A work plan was published to the enterprise's employees (its first version). */
  'plan.published': 'plan',
  /** A published work plan was revised: a new version was published. */
  'plan.revised': 'plan',
  /** A work plan was filed (报送备案) with the supervising department. */
  'plan.filed': 'plan',
  /** A work plan was closed. */
  'plan.closed': 'plan',
  /** The supervising department accepted a plan's filing (the provincial-plan-filing model's condition of the review). */
  'plan.filing-accepted': 'plan',
  /** The supervising department returned a plan's filing with its reason. */
  'plan.filing-returned': 'plan',
  /** A certificate (职业技能等级证书, 特级技师) was issued: its code drawn, its holder recorded. */
  'certificate.issued': 'certificate',
  /** 复核确认: holders evaluated before the notice were imported under a re-review plan (one entry per file). */
  're-review.imported': 're-review-holder',
  /** 复核确认: a holder was confirmed (pending → confirmed). */
  're-review.confirmed': 're-review-holder',
  /** HR recorded an earlier holder's facts (qualification, post's start, occupation) with evidence; the rules of 三 ran on them. */
  're-review.checked': 're-review-holder',
  /** 复核确认: a holder was not confirmed, with the reason (pending → rejected). */
  're-review.rejected': 're-review-holder',
  /** 复核确认: a decision was taken back before issuance (confirmed / rejected → pending). */
  're-review.reconsidered': 're-review-holder',
  /** 复核确认名单公示: the confirmed holders of a re-review plan were published for the plan's working days (六(三), 四(三)). */
  're-review.notice-started': 're-review-notice',
  /** 复核确认名单公示: a notice not yet ended was cancelled with a reason; its holders may be published again. */
  're-review.notice-cancelled': 're-review-notice',
  /** 复核确认: a confirmed holder was issued a certificate (confirmed → certified), in the issuing transaction. */
  're-review.certified': 're-review-holder',
  /** HR asked for a batch of certificates to be issued (the job issues them all in one transaction). */
  'certificate.batch-requested': 'certificate-batch',
  /** A certificate was printed or downloaded as PDF: an unmasked view of the identity number. */
  'certificate.printed': 'certificate',
  /** A certificate was revoked (退出机制), with reason and basis; it stays verifiable as revoked. */
  'certificate.revoked': 'certificate',
  /** A certificate's holder data was corrected (its code never changes). */
  'certificate.corrected': 'certificate',
  /** An enterprise changed its certificate layout, font choice or provincial query address. */
  'certificate.settings-updated': 'certificate-settings',
  /** An enterprise uploaded a licensed font for its certificates. */
  'certificate.font-uploaded': 'certificate-settings',
  /** A national data package (上报批次) was made for certificates not yet reported. */
  'national-upload.created': 'national-upload',
  /** A national data package was downloaded: an unmasked view of the identity numbers in it. */
  'national-upload.downloaded': 'national-upload',
  /** A national data package was sent to the configured endpoint; its answer was recorded. */
  'national-upload.sent': 'national-upload',
  /** HR recorded the results of a manual upload (reported / failed with a reason). */
  'national-upload.results-recorded': 'national-upload',
  /** The ministry or system administrator changed the national data package's field mapping. */
  'national-upload.mapping-updated': 'national-upload',
  /** An employee register (职工名册) import landed: its rows were created or updated, all at once. */
  'register.imported': 'register',
  /** The register was exported to Excel, identity numbers in full. */
  'register.exported': 'register',
  /** A user account was linked to a register row (created from it, or matched by ID number). */
  'register.user-linked': 'employee',
  /** An application (申报) was started as a draft, by the employee or by HR on their behalf. */
  'application.created': 'application',
  /** The draft of an application was saved. */
  'application.updated': 'application',
  /** An application was submitted (a new frozen version); the eligibility rules ran on it. */
  'application.submitted': 'application',
  /** HR confirmed or overrode (with a reason) the rules core's result for one condition. */
  'application.condition-reviewed': 'application',
  /** HR corrected a fact of an application (qualification, post's start, occupation) with evidence; the rules ran again. */
  'application.fact-corrected': 'application',
  /** HR returned an application to the applicant for correction, with comments. */
  'application.returned': 'application',
  /** HR found an application eligible (资格审核通过). */
  'application.marked-eligible': 'application',
  /** HR found an application ineligible, with a reason. */
  'application.marked-ineligible': 'application',
  /** HR invited register employees to apply under a plan. */
  'application.invited': 'plan',
  /** HR exported the screened list of a plan to Excel. */
  'application.list-exported': 'plan',
  /** HR handed the screened list of a plan over to its evaluation body (考评机构). */
  'application.handed-over': 'plan',
  /** A ban (禁入, section 六(四)) was recorded against a person or a unit. */
  'ban.created': 'ban',
  /** A supervising department corrected a ban (its basis or dates), with the reason (effective → effective). */
  'ban.corrected': 'ban',
  /** A supervising department lifted a ban, with the reason (effective → lifted). */
  'ban.lifted': 'ban',
  /** 暂停评审: an enterprise's evaluation was suspended for a period (申报单位弄虚作假), by its department or an upheld objection. */
  'suspension.created': 'suspension',
  /** A supervising department lifted a suspension, with the reason (effective → lifted). */
  'suspension.lifted': 'suspension',
  /** 取消本年度评审资格（弄虚作假）: fraud was found at some step; the same transaction disqualified, banned and, after certification, revoked. */
  'fraud.found': 'fraud-finding',
  /** An application's result for the year was voided for fraud (any state → disqualified). */
  'application.disqualified': 'application',
  /** An enterprise commissioned an evaluation body (its own 考评机构 or an industry organisation) to review a plan's applicants. */
  'review.commissioned': 'review-commission',
  /** A body administrator added an expert to the expert pool (专家库). */
  'review.expert-created': 'review-expert',
  /** An expert's details, account link or active state changed. */
  'review.expert-updated': 'review-expert',
  /** A review committee (评审委员会) was formed for an occupation group of a plan, with its chair. */
  'review.committee-created': 'review-committee',
  /** An expert recused (回避) from an applicant, declared by the expert or the body, or detected from the register. */
  'review.recusal-recorded': 'review-committee',
  /** The members present at the committee's meeting were recorded (quorum). */
  'review.attendance-recorded': 'review-committee',
  /** A committee started its review: the eligible applicants of its occupations were taken in (eligible → in-review). */
  'review.started': 'review-committee',
  /** An expert saved their scores of an applicant (the scores are not in the entry). */
  'review.scored': 'review-committee',
  /** The chair closed scoring: the scores are final and visible to the committee; voting opens. */
  'review.scoring-closed': 'review-committee',
  /** An expert cast a secret ballot on an applicant (the vote itself is not in the entry). */
  'review.voted': 'review-committee',
  /** The chair closed the review: results, recommended list (建议人选名单) and minutes fixed. */
  'review.closed': 'review-committee',
  /** A new review round was opened after a closed one, with its reason. */
  'review.round-opened': 'review-committee',
  /** An application entered the committee review (eligible → in-review). */
  'application.review-started': 'application',
  /** A new review round took a candidate of the closed round back into review (recommended / not-recommended → in-review). */
  'application.review-reopened': 'application',
  /** The committee recommended an applicant (in-review → recommended). */
  'application.recommended': 'application',
  /** The committee did not recommend an applicant (in-review → not-recommended). */
  'application.not-recommended': 'application',
  /** HR started the public notice (公示) of a plan's recommended list, with its computed dates. */
  'notice.started': 'notice',
  /** HR turned the notice's public link on or off. */
  'notice.public-link-changed': 'notice',
  /** Somebody raised an objection (异议) in their real name during the notice. */
  'notice.objection-raised': 'notice-objection',
  /** HR recorded an investigation step on an objection. */
  'notice.objection-investigated': 'notice-objection',
  /** HR recorded the finding on an objection: upheld (the candidate withdrawn, fraud banned) or dismissed. */
  'notice.objection-decided': 'notice-objection',
  /** The enterprise confirmed (核准) the list after the notice ended without open objections. */
  'notice.confirmed': 'notice',
  /** HR cancelled a notice before its end, with the reason (open → cancelled); its open objections lapsed. */
  'notice.cancelled': 'notice',
  /** A cancelled notice gave its candidate back to the recommended list (in-notice → recommended). */
  'application.notice-cancelled': 'application',
  /** An application entered the public notice (recommended → in-notice). */
  'application.notice-started': 'application',
  /** An application was withdrawn from the notice after an upheld objection (in-notice → withdrawn). */
  'application.withdrawn': 'application',
  /** An application was confirmed at the end of the notice (in-notice → confirmed). */
  'application.confirmed': 'application',
  /** An enterprise saved its appointment agreement template (聘任协议模板). */
  'appointment.template-updated': 'appointment-template',
  /** An appointment agreement (聘任协议) was generated for a certificate holder: a term drafted. */
  'appointment.drafted': 'appointment',
  /** The signing of an agreement was recorded with the signed scan: the term is active. */
  'appointment.signed': 'appointment',
  /** A term was renewed: a new agreement drafted, linked to the previous term. */
  'appointment.renewed': 'appointment',
  /** An appointment ended (退出机制), with its category, reason and evidence. */
  'appointment.ended': 'appointment',
  /** The enterprise was reminded that a term ends within 60 days. */
  'appointment.reminded': 'appointment',
  /** A skill master studio (技能大师工作室) entry was recorded: member, apprentice, project, research or bid evaluation. */
  'studio.entry-recorded': 'studio-entry',
  /** A treatment (待遇) granted to a holder was recorded. */
  'treatment.recorded': 'treatment',
  /** A yearly or end-of-term assessment (考核) was recorded. */
  'assessment.recorded': 'assessment',
  /** A certificate was issued for the confirmed application (confirmed → certified). */
  'application.certified': 'application',
  /** A certified application moved to appointed: its holder's agreement was signed. */
  'application.appointed': 'application',
  /** An application moved to exited: its holder's appointment ended. */
  'application.exited': 'application',
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
