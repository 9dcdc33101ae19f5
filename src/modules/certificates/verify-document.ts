// 上传 PDF 查验: anyone may upload a PDF and learn whether this system issued it unchanged. The
// PDF's signature (PAdES) is checked here, its signer looked up among the signing certificates of
// every issuing organisation (current and retired), and for a certificate its status now. Nothing
// of the upload is stored or logged.
import type { Database } from '../../db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import { keyByCertificate } from '../signing/keys.ts';
import { inspectPdfSignature } from '../signing/pades.ts';
import type { DocumentVerificationDto } from './schemas.ts';
import { certificateByCode, type VerificationLog } from './verification.ts';
import { recordVerification } from './verification-log.ts';

const DOCUMENT_VALUE = /^\((certificate|agreement|certificate-batch):([A-Za-z0-9-]{1,64})\)/;

/** What the document information dictionary says the document is (`PtechDocument`, written by pdfkit as an indirect string). */
function documentIdOf(pdf: Buffer): RegExpExecArray | null {
  const text = pdf.toString('latin1');
  const entry = /\/PtechDocument\s*(?:(\d+) 0 R|(\([^)]*\)))/.exec(text);
  if (!entry) return null;
  if (entry[2]) return DOCUMENT_VALUE.exec(entry[2]);
  const object = new RegExp(`(?:^|\\n)${entry[1]} 0 obj\\s*(\\([^)]*\\))`).exec(text);
  return object ? DOCUMENT_VALUE.exec(object[1]) : null;
}

/** 20261204093000 → 2026-12-04T09:30:00Z (pdfkit writes /M in UTC). */
function isoOf(stamp: string | null): string | null {
  if (!stamp) return null;
  return `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(8, 10)}:${stamp.slice(10, 12)}:${stamp.slice(12, 14)}Z`;
}

/**
 * authentic: signed by an issuing organisation of this system, every byte as signed; altered: its
 * signature is one of ours but the bytes changed (or more were added); not-ours: unsigned, signed
 * by someone else, or no signature that can be read. A file that is not a PDF is refused
 * (VERIFY_UPLOAD_NOT_PDF).
 */
export async function verifyUploadedPdf(db: Database, bytes: Buffer, maxBytes: number, log?: VerificationLog): Promise<DocumentVerificationDto> {
  if (bytes.length < 8 || bytes.subarray(0, 1024).indexOf('%PDF-') < 0) throw new AppError('VERIFY_UPLOAD_NOT_PDF', { maxMb: Math.round(maxBytes / 1024 / 1024) });
  const inspection = inspectPdfSignature(bytes);
  if (inspection.status !== 'signed') return { result: 'not-ours', reason: inspection.status === 'unsigned' ? 'unsigned' : 'malformed', signer: null, document: null };
  const key = await keyByCertificate(db, inspection.certificateSha256);
  if (!key) return { result: 'not-ours', reason: 'unknown-signer', signer: null, document: null };
  const [organisation] = await findOrganisationsByIds(db, [key.organisationId]);
  const signer = {
    organisationId: key.organisationId,
    organisationName: organisation?.name ?? '',
    keyId: key.kid,
    keyStatus: key.retiredAt ? ('retired' as const) : ('current' as const),
    signedAt: isoOf(inspection.signingTime),
  };
  if (!inspection.intact) return { result: 'altered', reason: 'modified', signer, document: null };
  if (!inspection.coversWholeDocument) return { result: 'altered', reason: 'appended', signer, document: null };
  // The document's identity is inside the signed bytes: trusted now.
  const found = documentIdOf(bytes);
  if (!found) return { result: 'authentic', reason: 'signed', signer, document: { kind: 'other', certificate: null } };
  const [, kind, id] = found;
  if (kind !== 'certificate') return { result: 'authentic', reason: 'signed', signer, document: { kind: kind as 'agreement' | 'certificate-batch', certificate: null } };
  const byCode = await certificateByCode(db, id);
  // A certificate of another issuer under this signer's name would be a forgery of the signer's own making: not shown.
  const certificate = byCode && byCode.certificate.issuerId === key.organisationId ? byCode : null;
  // A verification of the certificate like any other: the holder sees it (verification-log.ts).
  if (certificate && log) await recordVerification(db, log.clock, certificate.id, 'document', log.actor);
  return { result: 'authentic', reason: 'signed', signer, document: { kind: 'certificate', certificate: certificate?.certificate ?? null } };
}
