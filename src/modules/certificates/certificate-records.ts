// What the certificate use cases share: loading rows in scope, shaping them for the API, turning a
// row into what the PDF prints, and where the QR code points.
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { organisations } from '../../db/schema.ts';
import { CERTIFICATE_LEVEL_NAMES, type CertificateLevel } from '../../domain/certificate-code.ts';
import { GENDER_NAMES } from '../../domain/certificate-holder.ts';
import { IDENTITY_TYPE_NAMES, isIdentityType } from '../../domain/identity.ts';
import { allowedActs } from '../../domain/transitions.ts';
import type { AuditContext, RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { readFileUnscoped } from '../../platform/files.ts';
import { decryptPersonalData } from '../../platform/personal-data.ts';
import { assertInScope, assertPermission, hasPermission, type Actor, type Permission } from '../../platform/policy.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import { renderCertificatesPdf, type CertificatePage } from './certificate-pdf.ts';
import type { CertificateDto } from './schemas.ts';
import { certificateFonts, certificates } from './tables.ts';

export type CertificateRow = typeof certificates.$inferSelect;
export type OrganisationRow = typeof organisations.$inferSelect;

/** Where identity numbers are bound (associated data of the encryption). */
export const ID_NUMBER_BINDING = 'certificates.id_number';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

let defaultBaseUrl = 'http://127.0.0.1:3000';

/** The address QR codes point to when a request gives none (PUBLIC_BASE_URL, or this server's own). */
export function configureVerifyBaseUrl(url: string): void {
  defaultBaseUrl = url.replace(/\/+$/, '');
}

export function verifyBaseUrl(explicit?: string | null): string {
  return (explicit ?? defaultBaseUrl).replace(/\/+$/, '');
}

export function verifyUrlOf(row: Pick<CertificateRow, 'verifyBaseUrl' | 'code'>): string {
  return `${row.verifyBaseUrl}/verify/${encodeURIComponent(row.code)}`;
}

export function levelName(level: string): string {
  return (CERTIFICATE_LEVEL_NAMES as Record<string, { 'zh-CN': string }>)[level as CertificateLevel]?.['zh-CN'] ?? level;
}

export function idTypeName(idType: string): string {
  return isIdentityType(idType) ? IDENTITY_TYPE_NAMES[idType]['zh-CN'] : idType;
}

export function genderName(gender: string): string {
  return gender === 'male' || gender === 'female' ? GENDER_NAMES[gender]['zh-CN'] : gender;
}

/** The issuing enterprise: the actor's own when no id is given; 404 outside the actor's scope or when it is no enterprise. */
export async function enterpriseFor(db: Database, context: AuditContext, enterpriseId: string | undefined): Promise<OrganisationRow> {
  const id = enterpriseId ?? context.actor?.organisationId;
  const [enterprise] = id && isUuid(id) ? await findOrganisationsByIds(db, [id]) : [];
  if (context.actor) assertInScope(context.actor, enterprise?.path);
  if (!enterprise || enterprise.kind !== 'enterprise') throw new AppError('NOT_FOUND');
  return enterprise;
}

export function actsFor(actor: Actor | null, row: CertificateRow): string[] {
  if (!actor) return [];
  const acts: string[] = [];
  if (hasPermission(actor, 'certificate:issue')) acts.push('print');
  if (hasPermission(actor, 'certificate:revoke') && (allowedActs('certificate', row.status) as string[]).includes('revoke')) acts.push('revoke');
  if (hasPermission(actor, 'certificate:issue') && row.status === 'valid') acts.push('correct');
  // 认定弄虚作假 after certification (六(四)): revokes and bans in one act; HR or the supervising department.
  if (row.status === 'valid' && hasPermission(actor, 'certificate:revoke') && (hasPermission(actor, 'fraud:sanction') || hasPermission(actor, 'application:screen'))) acts.push('find-fraud');
  return acts;
}

export function toCertificateDto(row: CertificateRow, actor: Actor | null): CertificateDto {
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    holderName: row.holderName,
    idType: row.idType,
    idNumberMasked: row.idNumberMasked,
    gender: row.gender,
    birthDate: row.birthDate,
    occupationCode: row.occupationCode,
    occupationName: row.occupationName,
    trade: row.trade,
    level: row.level,
    levelName: levelName(row.level),
    issuedOn: row.issuedOn,
    enterpriseId: row.enterpriseId,
    issuerName: row.issuerName,
    planId: row.planId,
    applicationId: row.applicationId,
    basis: { kind: row.basis, noticeId: row.basisNoticeId, reReviewHolderId: row.reReviewHolderId },
    batchId: row.batchId,
    photoFileId: row.photoFileId,
    printSerial: row.printSerial,
    verifyUrl: verifyUrlOf(row),
    revokedOn: row.revokedOn,
    revocationReason: row.revocationReason,
    revocationBasis: row.revocationBasis ?? null,
    uploadStatus: row.uploadStatus,
    uploadFailureReason: row.uploadFailureReason,
    reportedAt: row.reportedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    allowedActs: actsFor(actor, row),
  };
}

/** A certificate the actor may act on with the permission: in scope, else 404. */
export async function certificateInScope(db: Database, context: RequestContext, id: string, permission: Permission): Promise<CertificateRow> {
  assertPermission(context.actor, permission);
  const [row] = isUuid(id) ? await db.select().from(certificates).where(eq(certificates.id, id)) : [];
  assertInScope(context.actor, row?.enterprisePath);
  return row;
}

const fontCache = new Map<string, Buffer>();

/**
 * A font's bytes (a row never changes, so each process keeps the last few it read). Read as base64:
 * the embedded engine hands large bytea values over slowly.
 */
export async function fontBytes(db: Database, id: string): Promise<Buffer> {
  const cached = fontCache.get(id);
  if (cached) return cached;
  const [row] = await db.select({ base64: sql<string>`encode(${certificateFonts.bytes}, 'base64')` }).from(certificateFonts).where(eq(certificateFonts.id, id));
  if (!row) throw new AppError('NOT_FOUND');
  const bytes = Buffer.from(row.base64, 'base64');
  fontCache.set(id, bytes);
  if (fontCache.size > 4) fontCache.delete(fontCache.keys().next().value!);
  return bytes;
}

/** What a certificate's page prints: a stored row, or one the issuing transaction is writing. */
export type PrintedCertificate = Pick<
  CertificateRow,
  | 'code'
  | 'holderName'
  | 'gender'
  | 'birthDate'
  | 'idType'
  | 'occupationName'
  | 'occupationCode'
  | 'trade'
  | 'level'
  | 'issuerName'
  | 'issuedOn'
  | 'verifyBaseUrl'
  | 'photoFileId'
  | 'printSerial'
  | 'template'
  | 'fontId'
>;

/** The photos and fonts of some certificates' pages, read from the database and the file store. */
export interface PrintAssets {
  /** By file id; null for a photo that has gone (its frame is left empty). */
  photos: Map<string, Buffer | null>;
  fonts: Map<string, { id: string; bytes: Buffer }>;
}

export async function printAssets(db: Database, items: readonly Pick<PrintedCertificate, 'photoFileId' | 'fontId'>[]): Promise<PrintAssets> {
  const fonts = new Map<string, { id: string; bytes: Buffer }>();
  for (const id of new Set(items.map((item) => item.fontId).filter((id): id is string => Boolean(id)))) fonts.set(id, { id, bytes: await fontBytes(db, id) });
  const photos = new Map<string, Buffer | null>();
  for (const id of new Set(items.map((item) => item.photoFileId).filter((id): id is string => Boolean(id)))) {
    // Access was decided by the certificate; a photo that has gone leaves the frame empty.
    photos.set(
      id,
      await readFileUnscoped(db, id)
        .then(({ bytes }) => bytes)
        .catch(() => null),
    );
  }
  return { photos, fonts };
}

/** One certificate's page, with its identity number in full (`idNumber`, decrypted or as given); a revoked one carries the mark. */
export function certificatePage(certificate: PrintedCertificate & Partial<Pick<CertificateRow, 'status' | 'revokedOn' | 'revocationReason'>>, idNumber: string, assets: PrintAssets): CertificatePage {
  return {
    view: {
      code: certificate.code,
      holderName: certificate.holderName,
      gender: genderName(certificate.gender),
      birthDate: certificate.birthDate,
      idTypeName: idTypeName(certificate.idType),
      idNumber,
      occupationName: certificate.occupationName,
      occupationCode: certificate.occupationCode,
      trade: certificate.trade,
      levelName: levelName(certificate.level),
      issuerName: certificate.issuerName,
      issuedOn: certificate.issuedOn,
      verifyUrl: verifyUrlOf(certificate),
      photo: certificate.photoFileId ? (assets.photos.get(certificate.photoFileId) ?? null) : null,
      printSerial: certificate.printSerial,
      revoked: certificate.status === 'revoked' ? { on: certificate.revokedOn ?? '', reason: certificate.revocationReason ?? '' } : null,
    },
    template: certificate.template,
    font: certificate.fontId ? (assets.fonts.get(certificate.fontId) ?? null) : null,
  };
}

/** The pages of certificates for the PDF: identity numbers decrypted, photos and fonts loaded. */
export async function certificatePages(db: Database, rows: readonly CertificateRow[]): Promise<CertificatePage[]> {
  const assets = await printAssets(db, rows);
  return rows.map((row) => certificatePage(row, decryptPersonalData(row.idNumberEncrypted, ID_NUMBER_BINDING), assets));
}

export async function renderCertificateRows(db: Database, rows: readonly CertificateRow[], options: { title?: string; onPage?: (index: number) => Promise<void> } = {}): Promise<Buffer> {
  return renderCertificatesPdf(await certificatePages(db, rows), options);
}
