// 证书查询: anyone may verify a certificate. What the answer shows, and to whom
// (docs/decisions/public-verification.md):
// - the code and its token (the QR code's link): what the national query shows, no more — name,
//   occupation, level, issuer, date, status, and of the identity number its last 4 characters;
// - the code alone (typed, or an old QR code): the certificate's status, level, occupation, issuer
//   and date, no holder: codes are sequential, so anything a code alone shows, a walk of the codes
//   shows for every holder;
// - code, name and identity number together (the look-up): the same as the token, counted per
//   looked-up person in the database (every process shares the count) whatever the address asking.
import { timingSafeEqual, createHash } from 'node:crypto';
import DataLoader from 'dataloader';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { parseCertificateCode } from '../../domain/certificate-code.ts';
import { NO_TRADE } from '../../domain/certificate-holder.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { validateIdentity, type IdentityType } from '../../domain/identity.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, fieldError, validationError } from '../../platform/errors.ts';
import { lookupHash, normaliseIdentifier } from '../../platform/personal-data.ts';
import { SharedCounter } from '../../platform/rate-limit.ts';
import type { Actor } from '../../platform/policy.ts';
import { levelName, type CertificateRow } from './certificate-records.ts';
import { recordVerification } from './verification-log.ts';
import { qrSignedBytes } from '../../domain/qr-signature.ts';
import { verifyEd25519 } from '../signing/keys.ts';
import type { PublicCertificateDto } from './schemas.ts';
import { certificates } from './tables.ts';

/** The columns the public answer reads: nothing else (not the template, not the encrypted number). */
const publicColumns = {
  id: certificates.id,
  code: certificates.code,
  verifyToken: certificates.verifyToken,
  holderName: certificates.holderName,
  idNumberMasked: certificates.idNumberMasked,
  trade: certificates.trade,
  occupationName: certificates.occupationName,
  level: certificates.level,
  issuerName: certificates.issuerName,
  issuedOn: certificates.issuedOn,
  status: certificates.status,
  revokedOn: certificates.revokedOn,
  basis: certificates.basis,
  enterpriseId: certificates.enterpriseId,
};
type PublicRow = Pick<CertificateRow, keyof typeof publicColumns>;

/**
 * The look-up by code, batched: the codes asked for while the server reads one round of incoming
 * requests go to the database as one prepared query (`code = any($1)`), and each request gets its
 * own row back. Under load (the QR codes of a whole province scanned at once) this turns dozens of
 * round trips into one, on PostgreSQL and on PGlite alike. Nothing is cached: a certificate
 * revoked a moment ago is shown revoked by the next batch. One loader per database (connection
 * pool or PGlite).
 */
const byCodeLoaders = new WeakMap<Database, DataLoader<string, PublicRow | null>>();
function loaderFor(db: Database): DataLoader<string, PublicRow | null> {
  let loader = byCodeLoaders.get(db);
  if (loader) return loader;
  const statement = db
    .select(publicColumns)
    .from(certificates)
    .where(sql`${certificates.code} = any(${sql.placeholder('codes')}::text[])`)
    .prepare('public_certificates_by_code');
  loader = new DataLoader<string, PublicRow | null>(
    async (codes) => {
      const rows = await statement.execute({ codes: [...codes] });
      const byCode = new Map(rows.map((row) => [row.code, row]));
      return codes.map((code) => byCode.get(code) ?? null);
    },
    // Not a cache (a revocation must show at once); a batch is what arrived before the next turn.
    { cache: false, maxBatchSize: 200, batchScheduleFn: (callback) => setImmediate(callback) },
  );
  byCodeLoaders.set(db, loader);
  return loader;
}

/** The identity number as the national query shows it at most: its last 4 characters, the rest stars (no region digits). */
export function lastFourOnly(masked: string): string {
  const lastFour = masked.slice(-4);
  return '*'.repeat(Math.max(0, masked.length - 4)) + lastFour;
}

/** The public answer: with the holder (`full`) or without (`code-only`). */
export function toPublicCertificate(row: PublicRow, disclosure: 'full' | 'code-only', qrSignature: 'valid' | 'invalid' | null = null): PublicCertificateDto {
  const full = disclosure === 'full';
  return {
    code: row.code,
    disclosure,
    holderName: full ? row.holderName : null,
    idNumberMasked: full ? lastFourOnly(row.idNumberMasked) : null,
    occupation: row.trade && row.trade !== NO_TRADE ? `${row.occupationName}（${row.trade}）` : row.occupationName,
    level: levelName(row.level),
    issuer: row.issuerName,
    issuedOn: row.issuedOn,
    status: row.status,
    revokedOn: row.revokedOn,
    basis: row.basis,
    issuerId: row.enterpriseId,
    qrSignature,
  };
}

/** The code as people type it: full-width characters, spaces and lower case forgiven. */
export function normaliseCode(code: string): string {
  return normaliseIdentifier(code).replace(/\s+/g, '');
}

function parsedCodeOrRefuse(rawCode: string, path = 'code'): string {
  const parsed = parseCertificateCode(normaliseCode(rawCode));
  if (!parsed.valid) {
    throw new AppError('CERTIFICATE_CODE_INVALID', {}, { errors: parsed.errors.map((issue) => fieldError(path, issue.code, issue.message['zh-CN'], issue.message.en)) });
  }
  return parsed.code;
}

/** Whether the token given is the certificate's, compared in constant time. */
function tokenMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given.trim()), digest(expected));
}

/**
 * The certificate with this code: 400 CERTIFICATE_CODE_INVALID with every reason the code is
 * malformed (annex 2), 404 when no certificate has it. With its token (the QR code's `t`) the
 * holder is shown; without it (or with a wrong one) only the certificate.
 */
export async function verifyCertificate(
  db: Database,
  rawCode: string,
  token?: string,
  options: { qr?: { keyId?: string; signature?: string }; log?: VerificationLog } = {},
): Promise<PublicCertificateDto> {
  const code = parsedCodeOrRefuse(rawCode);
  const row = await loaderFor(db).load(code);
  if (!row) throw new AppError('NOT_FOUND');
  const { qr, log } = options;
  let qrSignature: 'valid' | 'invalid' | null = null;
  if (qr?.keyId || qr?.signature) {
    const signed = qrSignedBytes({ code: row.code, holderName: row.holderName, issuedOn: row.issuedOn });
    qrSignature = qr.keyId && qr.signature && (await verifyEd25519(db, row.enterpriseId, qr.keyId, signed, qr.signature)) ? 'valid' : 'invalid';
  }
  if (log) await recordVerification(db, log.clock, row.id, 'code', log.actor);
  return toPublicCertificate(row, tokenMatches(token, row.verifyToken) ? 'full' : 'code-only', qrSignature);
}

/** The certificate with this code as the public sees it with its holder (for a PDF proven authentic), or null. */
export async function certificateByCode(db: Database, code: string): Promise<{ id: string; certificate: PublicCertificateDto } | null> {
  const row = await loaderFor(db).load(code);
  return row ? { id: row.id, certificate: toPublicCertificate(row, 'full') } : null;
}

/** Who asks, for the holder's log of verifications (verification-log.ts): a signed-in user, or nobody (counted only). */
export interface VerificationLog {
  clock: Clock;
  actor: Actor | null;
}

/** How long the per-person count of look-ups runs: a day. */
export const LOOKUP_WINDOW_MS = 24 * 60 * 60 * 1000;

const counters = new WeakMap<Database, SharedCounter>();
function counterFor(db: Database, clock: Clock): SharedCounter {
  let counter = counters.get(db);
  if (!counter) {
    counter = new SharedCounter(db, clock);
    counters.set(db, counter);
  }
  return counter;
}

/**
 * The keys a look-up is counted under: the certificate asked about, the person's name and the
 * identity number (keyed hashes, so the table holds no name nor number). A guess loop against one
 * holder keeps the code and the name and varies the number: it is stopped by the first two; one
 * that varies names against a number, by the third.
 */
function lookupKeys(code: string, name: string, idType: IdentityType, idNumber: string): string[] {
  return [`public-lookup certificate ${code}`, `public-lookup name ${lookupHash('holder-name', name)}`, `public-lookup id ${lookupHash(idType, idNumber)}`];
}

/**
 * 按证书编号、姓名和证件号码查询: the certificate with this code, if its holder has this name and
 * identity number (the resident ID when no type is given); nothing otherwise. Every look-up is
 * counted first (an atomic upsert, so parallel guesses are all counted) under the person's keys;
 * past `perPersonPerDay` in a day the look-up is refused (429 PUBLIC_LOOKUP_LIMITED) without
 * looking, from whatever address it comes.
 */
export async function searchPublicCertificates(
  db: Database,
  clock: Clock,
  input: { code: string; name: string; idType?: IdentityType; idNumber: string },
  options: { today: CalendarDate; perPersonPerDay: number; log?: VerificationLog },
): Promise<PublicCertificateDto[]> {
  const code = parsedCodeOrRefuse(input.code);
  const idType = input.idType ?? 'resident-id';
  const idNumber = normaliseIdentifier(input.idNumber);
  const identity = validateIdentity(idType, idNumber, { today: options.today });
  if (!identity.valid) throw validationError(identity.errors.map((issue) => fieldError('idNumber', issue.code, issue.message['zh-CN'], issue.message.en)));
  const name = input.name.normalize('NFKC').trim();
  const counter = counterFor(db, clock);
  const counts = await Promise.all(lookupKeys(code, name, idType, idNumber).map((key) => counter.increment(key, LOOKUP_WINDOW_MS)));
  const over = counts.find((count) => count.current > options.perPersonPerDay);
  if (over) throw new AppError('PUBLIC_LOOKUP_LIMITED', { limit: options.perPersonPerDay, hours: Math.ceil(over.ttl / 3_600_000) });
  const rows = await db
    .select(publicColumns)
    .from(certificates)
    .where(and(eq(certificates.code, code), eq(certificates.idNumberLookup, lookupHash(idType, idNumber)), eq(certificates.holderName, name)));
  // Only a look-up that found the holder's certificate is the holder's business.
  for (const row of rows) if (options.log) await recordVerification(db, options.log.clock, row.id, 'search', options.log.actor);
  return rows.map((row) => toPublicCertificate(row, 'full'));
}
