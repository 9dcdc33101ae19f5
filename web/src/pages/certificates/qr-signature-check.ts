import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { QR_KEY_ID_PATTERN, QR_SIGNATURE_PATTERN, qrSignedBytes } from '../../../../src/domain/qr-signature.ts';
import type { PublicCertificate, PublishedKey } from './certificate-api';

export type QrCheck = { status: 'valid' | 'invalid'; where: 'browser' | 'server' } | null;

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/**
 * The QR code's Ed25519 signature (`k`, `s` of its link) checked here, in the browser, with the
 * issuer's published public key over code, name and issue date: what a phone holding the key can
 * do without the network. Where the browser has no Ed25519 (older ones), the server's answer stands.
 */
async function checkInBrowser(certificate: PublicCertificate, keyId: string, signature: string): Promise<QrCheck> {
  if (!certificate.holderName || !QR_KEY_ID_PATTERN.test(keyId) || !QR_SIGNATURE_PATTERN.test(signature)) {
    return certificate.qrSignature ? { status: certificate.qrSignature, where: 'server' } : null;
  }
  const { keys } = await api.get<{ keys: PublishedKey[] }>(`/public/organisations/${encodeURIComponent(certificate.issuerId)}/keys`);
  const jwk = keys.find((key) => key.kid === keyId && key.purpose === 'qr-signature');
  if (!jwk) return { status: 'invalid', where: 'browser' };
  try {
    const key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, { name: 'Ed25519' }, false, ['verify']);
    const data = qrSignedBytes({ code: certificate.code, holderName: certificate.holderName, issuedOn: certificate.issuedOn }) as Uint8Array<ArrayBuffer>;
    const valid = await crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64Url(signature), data);
    return { status: valid ? 'valid' : 'invalid', where: 'browser' };
  } catch {
    return certificate.qrSignature ? { status: certificate.qrSignature, where: 'server' } : null;
  }
}

export function useQrSignatureCheck(certificate: PublicCertificate | undefined, keyId: string, signature: string): QrCheck {
  const check = useQuery({
    queryKey: ['qr-signature', certificate?.code, certificate?.holderName, keyId, signature],
    queryFn: () => checkInBrowser(certificate!, keyId, signature),
    enabled: Boolean(certificate && (keyId || signature)),
    retry: false,
    staleTime: Infinity,
  });
  if (!certificate || !(keyId || signature)) return null;
  return check.data ?? (certificate.qrSignature ? { status: certificate.qrSignature, where: 'server' } : null);
}
