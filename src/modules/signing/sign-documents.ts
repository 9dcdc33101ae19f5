// Signing what an organisation issues: the PDFs (PAdES, pades.ts) and the QR codes' short Ed25519
// signatures (src/domain/qr-signature.ts), with the organisation's current keys (created at the first
// issuance, keys.ts). The key store and the signatures are this module's; the documents are their modules'.
import { X509Certificate } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import { qrSignedBytes, type QrSignedFields } from '../../domain/qr-signature.ts';
import type { AuditContext } from '../../platform/context.ts';
import { ed25519Signer, ensureSigningKeys, privateKeyOf, type KeyOwner, type SigningKeyRow } from './keys.ts';
import { signatureLengthFor, signPdf, type PdfSigningIdentity, type SignaturePlaceholderOptions } from './pades.ts';

/** What renders a signed PDF needs: the placeholder options (to write with pdfkit) and the identity (to fill it). */
export interface PdfSigning {
  identity: PdfSigningIdentity;
  placeholder: SignaturePlaceholderOptions;
}

function derOfPem(pem: string | null): Buffer[] {
  if (!pem) return [];
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((match) => Buffer.from(match[1].replace(/\s+/g, ''), 'base64'));
}

/** The PDF signing identity of a key row. */
export function pdfIdentityOf(row: SigningKeyRow): PdfSigningIdentity {
  if (row.kind !== 'x509' || !row.certificatePem) throw new Error(`pdfIdentityOf: key ${row.kid} has no certificate`);
  return { privateKey: privateKeyOf(row), certificateDer: Buffer.from(new X509Certificate(row.certificatePem).raw), chainDer: derOfPem(row.chainPem) };
}

/** How the organisation signs a PDF now, for `reason` (e.g. 颁发职业技能等级证书). */
export async function pdfSigningFor(db: Database, context: AuditContext, owner: KeyOwner, reason: string): Promise<PdfSigning> {
  const keys = await ensureSigningKeys(db, context, owner);
  const identity = pdfIdentityOf(keys.x509);
  return { identity, placeholder: { name: owner.name, reason, location: 'CN', signingTime: context.clock.now(), signatureLength: signatureLengthFor(identity) } };
}

/** Fills the placeholder the PDF was written with. */
export function signRenderedPdf(pdf: Buffer, signing: PdfSigning): Promise<Buffer> {
  return signPdf(pdf, signing.identity);
}

export interface QrSignature {
  qrKeyId: string;
  qrSignature: string;
}

/** A synchronous QR signer with the organisation's current Ed25519 key (for a whole batch inside its transaction). */
export async function qrSignerFor(db: Database, context: AuditContext, owner: KeyOwner): Promise<(fields: QrSignedFields) => QrSignature> {
  const keys = await ensureSigningKeys(db, context, owner);
  const signer = ed25519Signer(keys.ed25519);
  return (fields) => {
    const { kid, signature } = signer(qrSignedBytes(fields));
    return { qrKeyId: kid, qrSignature: signature };
  };
}
