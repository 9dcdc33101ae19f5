// The QR code's offline proof (issue 20): the issuer signs, with its Ed25519 key, the text below;
// the QR code's link carries the key's id (`k`) and the signature (`s`) beside the code and its
// token. A verifier with the issuer's public key (published at /api/v1/public/organisations/{id}/keys)
// checks it against the code in the link and the name and date printed on the certificate, without
// the network. Pure: the server signs with it and the verification page checks with it.

export const QR_SIGNATURE_VERSION = 'ptech-qr-v1';

export interface QrSignedFields {
  code: string;
  holderName: string;
  /** YYYY-MM-DD. */
  issuedOn: string;
}

/** The exact text signed: version, code, name (NFC, trimmed) and issue date, one a line. */
export function qrSignedText(fields: QrSignedFields): string {
  return [QR_SIGNATURE_VERSION, fields.code.trim().toUpperCase(), fields.holderName.normalize('NFC').trim(), fields.issuedOn].join('\n');
}

/** The bytes signed (UTF-8 of `qrSignedText`). */
export function qrSignedBytes(fields: QrSignedFields): Uint8Array {
  return new TextEncoder().encode(qrSignedText(fields));
}

/** An Ed25519 signature as the link carries it: 64 bytes, base64url without padding. */
export const QR_SIGNATURE_PATTERN = /^[A-Za-z0-9_-]{86}$/;
/** A key id as the link carries it (keys.ts keyIdOf): 12 bytes, base64url. */
export const QR_KEY_ID_PATTERN = /^[A-Za-z0-9_-]{16}$/;
