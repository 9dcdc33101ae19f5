// 证书查询: anyone may verify a certificate by its code (the QR code opens this) or by name and
// identity number. The answer shows the identity number masked, and a revoked certificate as revoked.
import DataLoader from 'dataloader';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { parseCertificateCode } from '../../domain/certificate-code.ts';
import { NO_TRADE } from '../../domain/certificate-holder.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { maskIdNumber, validateIdentity, type IdentityType } from '../../domain/identity.ts';
import { AppError, fieldError, validationError } from '../../platform/errors.ts';
import { lookupHash, normaliseIdentifier } from '../../platform/personal-data.ts';
import { levelName, type CertificateRow } from './certificate-records.ts';
import type { PublicCertificateDto } from './schemas.ts';
import { certificates } from './tables.ts';

/** The columns the public answer shows: nothing else is read (not the template, not the encrypted number). */
const publicColumns = {
  code: certificates.code,
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

export function toPublicCertificate(row: PublicRow): PublicCertificateDto {
  return {
    code: row.code,
    holderName: row.holderName,
    // Stored masked already; masked again so that the public answer never shows more than 6 + 4.
    idNumberMasked: row.idNumberMasked.includes('*') ? row.idNumberMasked : maskIdNumber(row.idNumberMasked),
    occupation: row.trade && row.trade !== NO_TRADE ? `${row.occupationName}（${row.trade}）` : row.occupationName,
    level: levelName(row.level),
    issuer: row.issuerName,
    issuedOn: row.issuedOn,
    status: row.status,
    revokedOn: row.revokedOn,
    basis: row.basis,
  };
}

/** The code as people type it: full-width characters, spaces and lower case forgiven. */
export function normaliseCode(code: string): string {
  return normaliseIdentifier(code).replace(/\s+/g, '');
}

/**
 * The certificate with this code: 400 CERTIFICATE_CODE_INVALID with every reason the code is
 * malformed (annex 2), 404 when no certificate has it.
 */
export async function verifyCertificate(db: Database, rawCode: string): Promise<PublicCertificateDto> {
  const code = normaliseCode(rawCode);
  const parsed = parseCertificateCode(code);
  if (!parsed.valid) {
    throw new AppError('CERTIFICATE_CODE_INVALID', {}, { errors: parsed.errors.map((issue) => fieldError('code', issue.code, issue.message['zh-CN'], issue.message.en)) });
  }
  const row = await loaderFor(db).load(parsed.code);
  if (!row) throw new AppError('NOT_FOUND');
  return toPublicCertificate(row);
}

/** The certificates of the person with this name and identity number (the resident ID when no type is given). */
export async function searchPublicCertificates(db: Database, input: { name: string; idType?: IdentityType; idNumber: string }, today: CalendarDate): Promise<PublicCertificateDto[]> {
  const idType = input.idType ?? 'resident-id';
  const identity = validateIdentity(idType, normaliseIdentifier(input.idNumber), { today });
  if (!identity.valid) throw validationError(identity.errors.map((issue) => fieldError('idNumber', issue.code, issue.message['zh-CN'], issue.message.en)));
  const hash = lookupHash(idType, input.idNumber);
  const rows = await db
    .select(publicColumns)
    .from(certificates)
    .where(and(eq(certificates.idNumberLookup, hash), eq(certificates.holderName, input.name.normalize('NFKC').trim())))
    .orderBy(certificates.issuedOn);
  return rows.map(toPublicCertificate);
}
