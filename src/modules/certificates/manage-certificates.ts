// Reading certificates in scope, printing them, revoking and correcting them.
import { revokeCredentialStatus } from './credentials.ts';
import { and, desc, eq, ilike, like, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { normaliseTrade, validateHolder, type HolderInput } from '../../domain/certificate-holder.ts';
import { birthYearOf, maskIdNumber, type IdentityType } from '../../domain/identity.ts';
import { assertTransition } from '../../domain/transitions.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { AuditContext, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, validationError } from '../../platform/errors.ts';
import { findFile } from '../../platform/files.ts';
import { decryptPersonalData, encryptPersonalData, lookupHash } from '../../platform/personal-data.ts';
import { assertPermission } from '../../platform/policy.ts';
import { qrSignerFor } from '../signing/sign-documents.ts';
import { assertCertificatesPrintable, certificateInScope, ID_NUMBER_BINDING, issuerOf, isUuid, renderCertificateRows, toCertificateDto, type CertificateRow } from './certificate-records.ts';
import type { CertificateDto, CertificateListQuery, CorrectionReq } from './schemas.ts';
import { certificates, type RevocationBasis, type UploadStatus } from './tables.ts';

/** The certificates issued in the actor's scope (an enterprise's own; a department's enterprises; everything for the ministry). */
export async function listCertificates(db: Database, context: RequestContext, query: CertificateListQuery): Promise<{ items: CertificateDto[]; total: number }> {
  assertPermission(context.actor, 'certificate:read');
  const conditions: SQL[] = [like(certificates.enterprisePath, `${context.actor.organisationPath}%`)];
  if (query.enterpriseId) conditions.push(eq(certificates.enterpriseId, query.enterpriseId));
  if (query.status) conditions.push(eq(certificates.status, query.status));
  if (query.uploadStatus) conditions.push(eq(certificates.uploadStatus, query.uploadStatus));
  if (query.batchId) conditions.push(eq(certificates.batchId, query.batchId));
  if (query.planId) conditions.push(eq(certificates.planId, query.planId));
  if (query.year) conditions.push(eq(certificates.year, query.year));
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    conditions.push(or(ilike(certificates.holderName, pattern), ilike(certificates.code, pattern))!);
  }
  const where = and(...conditions);
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(certificates).where(where);
  const rows = await db.select().from(certificates).where(where).orderBy(desc(certificates.issuedOn), desc(certificates.code)).limit(query.limit).offset(query.offset);
  return { items: rows.map((row) => toCertificateDto(row, context.actor)), total: Number(total) };
}

export async function getCertificate(db: Database, context: RequestContext, id: string): Promise<CertificateDto> {
  return toCertificateDto(await certificateInScope(db, context, id, 'certificate:read'), context.actor);
}

/**
 * The certificate as an A4 PDF, the same bytes at every print. It carries the identity number in
 * full, so each print is audited.
 */
export async function getCertificatePdf(db: Database, context: RequestContext, id: string): Promise<{ pdf: Buffer; fileName: string }> {
  const row = await certificateInScope(db, context, id, 'certificate:issue');
  const pdf = await renderCertificateRows(db, context, [row]);
  await db.transaction(async (tx) => {
    await writeAudit(tx, context, {
      action: 'certificate.printed',
      targetType: 'certificate',
      targetId: row.id,
      organisationId: row.enterpriseId,
      organisationPath: row.enterprisePath,
      after: { code: row.code },
    });
  });
  return { pdf, fileName: `职业技能等级证书-${row.holderName}-${row.code}.pdf` };
}

/** A change must reach the national system again: whatever it stood at, the certificate is pending anew. */
const PENDING_AGAIN: UploadStatus = 'pending';

/**
 * 撤销证书 (退出机制, section 六(四)): valid → revoked, with the reason and its basis, audited in the
 * same transaction. The certificate stays verifiable, as revoked, and goes to the national system
 * again. Pass a transaction as `db` to make it part of a larger act (the exit of an appointment).
 * With a request context the actor needs `certificate:revoke` and the certificate in scope.
 */
export async function revokeCertificate(db: Database, context: AuditContext, certificateId: string, input: { reason: string; basis: RevocationBasis }): Promise<CertificateDto> {
  let current: CertificateRow;
  if (context.actor) {
    current = await certificateInScope(db, context as RequestContext, certificateId, 'certificate:revoke');
  } else {
    [current] = isUuid(certificateId) ? await db.select().from(certificates).where(eq(certificates.id, certificateId)) : [];
    if (!current) throw new AppError('NOT_FOUND');
  }
  const to = assertTransition('certificate', current.status, 'revoke');
  const reason = input.reason.trim();
  if (reason.length < 2) throw validationError([fieldError('reason', 'REQUIRED', '请填写撤销原因', 'Give the reason for the revocation')]);
  const revokedOn = context.clock.today();
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(certificates)
      .set({ status: to, revokedOn, revocationReason: reason, revocationBasis: input.basis, uploadStatus: PENDING_AGAIN, uploadFailureReason: null, updatedAt: context.clock.now() })
      .where(and(eq(certificates.id, current.id), eq(certificates.status, current.status)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await writeAudit(tx, context, {
      action: 'certificate.revoked',
      targetType: 'certificate',
      targetId: current.id,
      organisationId: current.enterpriseId,
      organisationPath: current.enterprisePath,
      before: { status: current.status, code: current.code },
      after: { status: to, revokedOn, reason, basis: input.basis },
    });
    // The issuer's revocation status list, signed again with the bit set, in the same transaction.
    await revokeCredentialStatus(tx, context, current.enterpriseId);
    return updated;
  });
  return toCertificateDto(row, context.actor);
}

/**
 * Corrects a valid certificate's holder data (a typo, or what the national system refused); the
 * code never changes. Every reason the corrected data is wrong is listed, nothing stored. The
 * certificate goes to the national system again.
 */
export async function correctCertificate(db: Database, context: RequestContext, certificateId: string, input: CorrectionReq): Promise<CertificateDto> {
  const current = await certificateInScope(db, context, certificateId, 'certificate:issue');
  if (current.status !== 'valid') throw new AppError('CERTIFICATE_REVOKED', { revokedOn: current.revokedOn ?? '' });
  const idNumber = input.idNumber?.trim() ?? decryptPersonalData(current.idNumberEncrypted, ID_NUMBER_BINDING);
  const merged: HolderInput & { trade: string } = {
    name: input.holderName?.trim() ?? current.holderName,
    idType: (input.idType ?? current.idType) as IdentityType,
    idNumber,
    gender: (input.gender ?? current.gender) as HolderInput['gender'],
    birthDate: input.birthDate ?? current.birthDate,
    occupationCode: input.occupationCode?.trim() ?? current.occupationCode,
    occupationName: input.occupationName?.trim() ?? current.occupationName,
    trade: input.trade === undefined ? current.trade : normaliseTrade(input.trade),
    photoFileId: input.photoFileId === undefined ? current.photoFileId : input.photoFileId,
  };
  const errors = validateHolder(merged, { today: context.clock.today() }).map((issue) =>
    fieldError(issue.field === 'name' ? 'holderName' : (issue.field ?? 'holder'), issue.code, issue.message['zh-CN'], issue.message.en),
  );
  if (merged.photoFileId && merged.photoFileId !== current.photoFileId) {
    const file = await findFile(db, context, merged.photoFileId).catch(() => null);
    if (!file || !['image/jpeg', 'image/png'].includes(file.mediaType)) {
      errors.push(fieldError('photoFileId', 'PHOTO_NOT_FOUND', '照片文件不存在或不是 JPG/PNG 图片', 'The photo does not exist or is not a JPG/PNG image'));
    }
  }
  if (errors.length) throw validationError(errors);
  // The corrected texts print with the certificate's font, or the act is refused naming the character.
  await assertCertificatesPrintable(db, { fontId: current.fontId, template: current.template, issuerName: current.issuerName, holders: [merged], prefix: '', nameKey: 'holderName' });
  const before = { holderName: current.holderName, idType: current.idType, idNumberMasked: current.idNumberMasked, gender: current.gender, birthYear: birthYearOf(current.birthDate), birthDateChanged: false, occupationCode: current.occupationCode, occupationName: current.occupationName, trade: current.trade, photoFileId: current.photoFileId };
  // The QR code's signature covers the name: a corrected name is signed afresh with the issuer's current key.
  const qr =
    current.qrSignature && merged.name !== current.holderName
      ? (await qrSignerFor(db, context, await issuerOf(db, current.enterpriseId)))({ code: current.code, holderName: merged.name, issuedOn: current.issuedOn })
      : { qrKeyId: current.qrKeyId, qrSignature: current.qrSignature };
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(certificates)
      .set({
        holderName: merged.name,
        qrKeyId: qr.qrKeyId,
        qrSignature: qr.qrSignature,
        idType: merged.idType,
        idNumberEncrypted: encryptPersonalData(idNumber, ID_NUMBER_BINDING),
        idNumberLookup: lookupHash(merged.idType, idNumber),
        idNumberMasked: maskIdNumber(idNumber),
        gender: merged.gender,
        birthDate: merged.birthDate,
        occupationCode: merged.occupationCode,
        occupationName: merged.occupationName,
        trade: merged.trade,
        photoFileId: merged.photoFileId ?? null,
        uploadStatus: PENDING_AGAIN,
        uploadFailureReason: null,
        updatedAt: context.clock.now(),
      })
      // Every correction encrypts the number afresh (a new IV): the envelope read is the version the correction started from.
      .where(and(eq(certificates.id, current.id), eq(certificates.status, 'valid'), eq(certificates.idNumberEncrypted, current.idNumberEncrypted)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await writeAudit(tx, context, {
      action: 'certificate.corrected',
      targetType: 'certificate',
      targetId: current.id,
      organisationId: current.enterpriseId,
      organisationPath: current.enterprisePath,
      before,
      after: { holderName: updated.holderName, idType: updated.idType, idNumberMasked: updated.idNumberMasked, gender: updated.gender, birthYear: birthYearOf(updated.birthDate), birthDateChanged: updated.birthDate !== current.birthDate, occupationCode: updated.occupationCode, occupationName: updated.occupationName, trade: updated.trade, photoFileId: updated.photoFileId, reason: input.reason },
    });
    return updated;
  });
  return toCertificateDto(row, context.actor);
}

/** For other modules: the certificate issued for an application, if any (no scope check: the caller decides). */
export async function certificateForApplication(db: Database, applicationId: string): Promise<CertificateDto | null> {
  if (!isUuid(applicationId)) return null;
  const [row] = await db.select().from(certificates).where(eq(certificates.applicationId, applicationId));
  return row ? toCertificateDto(row, null) : null;
}

/**
 * For other modules (appointments): a certificate the actor may read with the caller's own
 * permission, as a DTO with the enterprise path the caller scopes its records by (404 outside scope).
 */
export async function certificateForModule(db: Database, context: RequestContext, certificateId: string, permission: Parameters<typeof certificateInScope>[3]): Promise<CertificateDto & { enterprisePath: string }> {
  const row = await certificateInScope(db, context, certificateId, permission);
  return { ...toCertificateDto(row, context.actor), enterprisePath: row.enterprisePath };
}

/** For other modules (a ban for fraud): the holder's identity number, decrypted; no scope check, the caller decides. */
export async function certificateHolderIdentity(db: Database, certificateId: string): Promise<{ holderName: string; idType: string; idNumber: string } | null> {
  if (!isUuid(certificateId)) return null;
  const [row] = await db.select().from(certificates).where(eq(certificates.id, certificateId));
  return row ? { holderName: row.holderName, idType: row.idType, idNumber: decryptPersonalData(row.idNumberEncrypted, ID_NUMBER_BINDING) } : null;
}
