// What the certificate use cases share: loading rows in scope, shaping them for the API, turning a
// row into what the PDF prints, and where the QR code points.
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { organisations } from '../../db/schema.ts';
import { CERTIFICATE_LEVEL_NAMES, type CertificateLevel } from '../../domain/certificate-code.ts';
import { GENDER_NAMES } from '../../domain/certificate-holder.ts';
import { birthYearOf, IDENTITY_TYPE_NAMES, isIdentityType } from '../../domain/identity.ts';
import { allowedActs } from '../../domain/transitions.ts';
import type { AuditContext, RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { readFileUnscoped } from '../../platform/files.ts';
import { decryptPersonalData } from '../../platform/personal-data.ts';
import { assertInScope, assertPermission, hasPermission, type Actor, type Permission } from '../../platform/policy.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import type { KeyOwner } from '../signing/keys.ts';
import { pdfSigningFor, signRenderedPdf } from '../signing/sign-documents.ts';
import { REGULAR_FONT_PATH, renderCertificatesPdf, type CertificatePage } from './certificate-pdf.ts';
import { assertPrintable, fallbackFontPaths, glyphSource } from './print-fonts.ts';
import type { CertificateTemplate } from './template.ts';
import type { CertificateDto } from './schemas.ts';
import { certificateFonts, certificates } from './tables.ts';

export type CertificateRow = typeof certificates.$inferSelect;
export type OrganisationRow = typeof organisations.$inferSelect;

/** Where identity numbers are bound (associated data of the encryption). */
export const ID_NUMBER_BINDING = 'certificates.id_number';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

let defaultBaseUrl = 'http://127.0.0.1:3000';
/** Whether issuing may put a loopback or unset address into QR codes: only a demo or test installation (PTECH_DEMO). */
let localAddressAllowed = true;
let configuredPublicBaseUrl: string | null = null;

/**
 * The address QR codes point to when a request gives none (PUBLIC_BASE_URL, or this server's own),
 * and whether a loopback or unset PUBLIC_BASE_URL is refused at issuance (everywhere but a demo).
 */
export function configureVerifyBaseUrl(url: string, options: { publicBaseUrl?: string | null; allowLocal?: boolean } = {}): void {
  defaultBaseUrl = url.replace(/\/+$/, '');
  configuredPublicBaseUrl = options.publicBaseUrl ?? null;
  localAddressAllowed = options.allowLocal ?? true;
}

export function verifyBaseUrl(explicit?: string | null): string {
  return (explicit ?? defaultBaseUrl).replace(/\/+$/, '');
}

/** Whether an address is this machine's own: localhost, 127.0.0.0/8, ::1, 0.0.0.0. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return true;
  }
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1' || host === '0.0.0.0' || host === '::';
}

/**
 * Refuses (PUBLIC_BASE_URL_REQUIRED) to issue certificates whose QR codes would point to an
 * address the public cannot reach: PUBLIC_BASE_URL unset, or a loopback address. A demo or test
 * installation (PTECH_DEMO=true, `npm start -- --demo`) may.
 */
export function assertPublicVerifyBaseUrl(url: string): void {
  if (localAddressAllowed) return;
  if (!configuredPublicBaseUrl || isLoopbackUrl(url) || isLoopbackUrl(configuredPublicBaseUrl)) {
    throw new AppError('PUBLIC_BASE_URL_REQUIRED', { url: configuredPublicBaseUrl ?? '—' });
  }
}

/**
 * The address the QR code opens: the code and its token (`t`). Codes are sequential; the token
 * (128 random bits) is what lets the page show the holder (docs/decisions/public-verification.md).
 * A certificate issued with a QR signature (issue 20) adds the key's id (`k`) and the issuer's
 * Ed25519 signature over code, name and date (`s`), which a verifier checks with the public key.
 */
export function verifyUrlOf(row: Pick<CertificateRow, 'verifyBaseUrl' | 'code' | 'verifyToken'> & Partial<Pick<CertificateRow, 'qrKeyId' | 'qrSignature'>>): string {
  const signed = row.qrKeyId && row.qrSignature ? `&k=${encodeURIComponent(row.qrKeyId)}&s=${encodeURIComponent(row.qrSignature)}` : '';
  return `${row.verifyBaseUrl}/verify/${encodeURIComponent(row.code)}?t=${encodeURIComponent(row.verifyToken)}${signed}`;
}

/** A new certificate's verification token: 16 random bytes, base64url (22 characters). */
export function newVerifyToken(): string {
  return randomBytes(16).toString('base64url');
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
    birthYear: birthYearOf(row.birthDate),
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
  | 'verifyToken'
  | 'qrKeyId'
  | 'qrSignature'
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
    fallbackFonts: fallbackFontPaths(),
  };
}

/**
 * Refuses (CHARACTERS_NOT_PRINTABLE, naming each character) to issue or correct certificates
 * whose printed texts have a character that neither the certificate's font (the enterprise's own,
 * or Noto Serif SC) nor a configured fallback has: it would print as an empty box (issue 22).
 * `holders` are checked under `${prefix}.${index}`.
 */
export async function assertCertificatesPrintable(
  db: Database,
  input: { fontId: string | null; template: CertificateTemplate; issuerName: string; holders: readonly { name: string; occupationName: string; trade?: string | null }[]; prefix?: string; nameKey?: string },
): Promise<void> {
  const main = input.fontId ? glyphSource(`font:${input.fontId}`, await fontBytes(db, input.fontId)) : glyphSource(REGULAR_FONT_PATH, REGULAR_FONT_PATH);
  const { template } = input;
  const texts: { path: string; text: string | null | undefined }[] = [
    { path: 'issuer', text: input.issuerName },
    { path: 'template.title', text: `${template.title.text}${template.title.textEn}` },
    { path: 'template.body', text: `${template.body.text}${template.body.textEn}` },
    ...template.fields.items.map((item, index) => ({ path: `template.fields.items.${index}`, text: `${item.label}${item.labelEn}` })),
    { path: 'template.qr.caption', text: template.qr.caption },
    { path: 'template.queries', text: [template.queries.certificateQuery, template.queries.institutionQuery, template.queries.provincialQuery].filter(Boolean).join('') },
    { path: 'template.printSerial.label', text: template.printSerial.label },
  ];
  const prefix = input.prefix ?? 'holders';
  input.holders.forEach((holder, index) => {
    const at = prefix ? `${prefix}.${index}.` : '';
    texts.push({ path: `${at}${input.nameKey ?? 'name'}`, text: holder.name }, { path: `${at}occupationName`, text: holder.occupationName }, { path: `${at}trade`, text: holder.trade });
  });
  assertPrintable(texts, main);
}

/** The pages of certificates for the PDF: identity numbers decrypted, photos and fonts loaded. */
export async function certificatePages(db: Database, rows: readonly CertificateRow[]): Promise<CertificatePage[]> {
  const assets = await printAssets(db, rows);
  return rows.map((row) => certificatePage(row, decryptPersonalData(row.idNumberEncrypted, ID_NUMBER_BINDING), assets));
}

/** The issuing enterprise as a key owner (its current name signs). */
export async function issuerOf(db: Database, enterpriseId: string): Promise<KeyOwner> {
  const [enterprise] = await findOrganisationsByIds(db, [enterpriseId]);
  if (!enterprise) throw new AppError('NOT_FOUND');
  return { id: enterprise.id, path: enterprise.path, name: enterprise.name };
}

/**
 * The certificates in one PDF, signed (PAdES) by their issuing enterprise; a PDF of one certificate
 * names it in its information dictionary (`PtechDocument: certificate:<code>`) for the verification page.
 */
export async function renderCertificateRows(db: Database, context: AuditContext, rows: readonly CertificateRow[], options: { title?: string; onPage?: (index: number) => Promise<void> } = {}): Promise<Buffer> {
  const pages = await certificatePages(db, rows);
  const signing = await pdfSigningFor(db, context, await issuerOf(db, rows[0].enterpriseId), '颁发职业技能等级证书 / Certificate issued');
  const pdf = await renderCertificatesPdf(pages, { ...options, signature: signing.placeholder, documentId: rows.length === 1 ? `certificate:${rows[0].code}` : null });
  return signRenderedPdf(pdf, signing);
}
