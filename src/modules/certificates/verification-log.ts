// 谁查询了我的证书 (issue 20): every verification of a certificate is recorded for its holder.
// - A signed-in user's look-up (an employer's HR, a department): when, and which organisation —
//   one row each (certificate_verifications). Not the user, not the address.
// - An anonymous public look-up: counted per day (certificate_lookup_days), nothing else — no
//   address, no browser. The counts of a tenth of a second go to the database as one upsert (the
//   busiest public route must stay fast: bench `verify-pg`); see CountQueue below.
// The holder reads both on their certificate's page (GET /api/v1/my/certificates/{id}/verifications).
import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertPermission, type Actor } from '../../platform/policy.ts';
import { myApplicationIds } from '../applications/service.ts';
import { findEmployeeByUser } from '../register/service.ts';
import { levelName } from './certificate-records.ts';
import { certificateLookupDays, certificates, certificateVerifications, type VerificationChannel } from './tables.ts';

interface PendingCount {
  certificateId: string;
  day: string;
  count: number;
}

/** How long anonymous counts gather before they are written together. */
const FLUSH_MS = 100;

/**
 * The anonymous counts waiting to be written, per database. They are written every FLUSH_MS, one
 * write at a time, all the counts of that time in one upsert: a handful of writes a second however
 * busy the route is (a write per round of requests halved verify-pg's rate). The answer does not wait
 * for it; the holder's page writes what is waiting before it reads (`flushLookupCounts`), and so does
 * the server when it closes. A process that dies loses at most its last FLUSH_MS of anonymous counts.
 * Rows go in one order (certificate, day), so two processes' writes never wait on each other crosswise.
 */
interface CountQueue {
  pending: Map<string, PendingCount>;
  timer: NodeJS.Timeout | null;
  writing: Promise<void> | null;
}
const countQueues = new WeakMap<Database, CountQueue>();

function queueOf(db: Database): CountQueue {
  let queue = countQueues.get(db);
  if (!queue) {
    queue = { pending: new Map(), timer: null, writing: null };
    countQueues.set(db, queue);
  }
  return queue;
}

async function writeCounts(db: Database, queue: CountQueue): Promise<void> {
  while (queue.writing) await queue.writing;
  if (!queue.pending.size) return;
  const entries = [...queue.pending.values()].sort((a, b) => (a.certificateId === b.certificateId ? (a.day < b.day ? -1 : 1) : a.certificateId < b.certificateId ? -1 : 1));
  queue.pending = new Map();
  const written = db
    .insert(certificateLookupDays)
    .values(entries)
    .onConflictDoUpdate({ target: [certificateLookupDays.certificateId, certificateLookupDays.day], set: { count: sql`${certificateLookupDays.count} + excluded.count` } })
    .then(
      () => undefined,
      (error: unknown) => {
        // Kept for the next write (not retried on a timer: a closed database would spin).
        for (const entry of entries) addCount(queue, entry.certificateId, entry.day, entry.count);
        throw error;
      },
    );
  queue.writing = written.finally(() => {
    queue.writing = null;
  }).catch(() => undefined);
  await written;
}

function addCount(queue: CountQueue, certificateId: string, day: string, count: number): void {
  const key = `${certificateId}|${day}`;
  const entry = queue.pending.get(key) ?? { certificateId, day, count: 0 };
  entry.count += count;
  queue.pending.set(key, entry);
}

function countAnonymous(db: Database, certificateId: string, day: string): void {
  const queue = queueOf(db);
  addCount(queue, certificateId, day, 1);
  if (queue.timer) return;
  queue.timer = setTimeout(() => {
    queue.timer = null;
    writeCounts(db, queue).catch(() => undefined);
  }, FLUSH_MS);
  queue.timer.unref();
}

/** Writes the anonymous counts this process holds for the database now (before reading them, and at close). */
export async function flushLookupCounts(db: Database): Promise<void> {
  const queue = countQueues.get(db);
  if (!queue) return;
  if (queue.timer) {
    clearTimeout(queue.timer);
    queue.timer = null;
  }
  await writeCounts(db, queue);
}

/**
 * Records one verification of a certificate: a signed-in user's with their organisation, an
 * anonymous one as a count of the day. Not audited: it changes nothing but the holder's view.
 */
export async function recordVerification(db: Database, clock: Clock, certificateId: string, channel: VerificationChannel, actor: Actor | null): Promise<void> {
  if (!actor) {
    countAnonymous(db, certificateId, clock.today());
    return;
  }
  await db.execute(sql`
    insert into ${certificateVerifications} (certificate_id, channel, organisation_id, organisation_name, at)
    select ${certificateId}::uuid, ${channel}, o.id, o.name, ${clock.now().toISOString()}::timestamptz
    from organisations o where o.id = ${actor.organisationId}::uuid`);
}

// ------------------------------------------------------------------------------- the holder

/**
 * The certificates whose holder the actor is: issued on the actor's own applications, or to the
 * person of the register row linked to the actor's account (by the keyed look-up hash of the ID
 * number, which a 复核确认 certificate without an application carries too).
 */
async function holderCondition(db: Database, actor: Actor) {
  const [employee, applicationIds] = await Promise.all([findEmployeeByUser(db, actor.userId), myApplicationIds(db, actor)]);
  const conditions = [];
  if (employee) conditions.push(eq(certificates.idNumberLookup, employee.idLookupHash));
  if (applicationIds.length) conditions.push(inArray(certificates.applicationId, applicationIds));
  return conditions.length ? or(...conditions)! : null;
}

const holderColumns = {
  id: certificates.id,
  code: certificates.code,
  holderName: certificates.holderName,
  idNumberMasked: certificates.idNumberMasked,
  occupationName: certificates.occupationName,
  trade: certificates.trade,
  level: certificates.level,
  issuerName: certificates.issuerName,
  enterpriseId: certificates.enterpriseId,
  issuedOn: certificates.issuedOn,
  status: certificates.status,
  revokedOn: certificates.revokedOn,
};

function holderDto(row: { [K in keyof typeof holderColumns]: (typeof certificates.$inferSelect)[K] }) {
  return { ...row, level: levelName(row.level) };
}

/** 我的证书: the actor's own certificates (the holder; application:apply), newest first. */
export async function listMyCertificates(db: Database, context: RequestContext) {
  assertPermission(context.actor, 'application:apply');
  const mine = await holderCondition(db, context.actor);
  if (!mine) return [];
  const rows = await db.select(holderColumns).from(certificates).where(mine).orderBy(desc(certificates.issuedOn), asc(certificates.code));
  return rows.map(holderDto);
}

/** One of the actor's own certificates; 404 for anyone else's. */
export async function myCertificate(db: Database, context: RequestContext, id: string) {
  assertPermission(context.actor, 'application:apply');
  const mine = await holderCondition(db, context.actor);
  if (!mine) throw new AppError('NOT_FOUND');
  const [row] = await db.select(holderColumns).from(certificates).where(and(eq(certificates.id, id), mine));
  if (!row) throw new AppError('NOT_FOUND');
  return holderDto(row);
}

/**
 * 谁查询了我的证书: the verifications of the holder's own certificate — each signed-in look-up with
 * its time and organisation (newest first, at most `limit`), the anonymous ones as counts per day.
 */
export async function myCertificateVerifications(db: Database, context: RequestContext, id: string, query: { limit: number }) {
  const certificate = await myCertificate(db, context, id);
  await flushLookupCounts(db);
  const [signedIn, days, totals] = await Promise.all([
    db
      .select({ at: certificateVerifications.at, channel: certificateVerifications.channel, organisationName: certificateVerifications.organisationName })
      .from(certificateVerifications)
      .where(eq(certificateVerifications.certificateId, certificate.id))
      .orderBy(desc(certificateVerifications.at), desc(certificateVerifications.id))
      .limit(query.limit),
    db
      .select({ day: certificateLookupDays.day, count: certificateLookupDays.count })
      .from(certificateLookupDays)
      .where(eq(certificateLookupDays.certificateId, certificate.id))
      .orderBy(desc(certificateLookupDays.day))
      .limit(366),
    db
      .select({ signedIn: sql<number>`(select count(*)::int from ${certificateVerifications} where certificate_id = ${certificate.id}::uuid)`, anonymous: sql<number>`(select coalesce(sum(count), 0)::int from ${certificateLookupDays} where certificate_id = ${certificate.id}::uuid)` })
      .from(sql`(select 1) as one`),
  ]);
  return {
    certificateId: certificate.id,
    signedIn: signedIn.map((row) => ({ at: row.at.toISOString(), channel: row.channel, organisationName: row.organisationName })),
    anonymousDays: days,
    totals: { signedIn: Number(totals[0]?.signedIn ?? 0), anonymous: Number(totals[0]?.anonymous ?? 0) },
  };
}
