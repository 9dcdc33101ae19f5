// Reading an administrator's PKCS#12 (.p12 / .pfx): the signing certificate, its private key and
// the chain above it. node-forge reads the container (legacy 3DES/RC2 and OpenSSL 3's PBES2 with
// AES and a SHA-256 MAC alike); Node's crypto and @peculiar/x509 check what comes out of it.
import { createHash, createPrivateKey, createPublicKey, sign, verify, X509Certificate as NodeX509Certificate, type KeyObject } from 'node:crypto';
// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import forge from 'node-forge';
import { AppError, fieldError } from '../../platform/errors.ts';

/** Largest PKCS#12 accepted. */
export const MAX_PKCS12_BYTES = 256 * 1024;

export interface ParsedPkcs12 {
  privateKey: KeyObject;
  certificateDer: Buffer;
  certificatePem: string;
  /** The other certificates of the file (issuers), PEM; null when there are none. */
  chainPem: string | null;
  notBefore: Date;
  notAfter: Date;
  subject: string;
}

const REASONS = {
  format: ['文件不是有效的 PKCS#12（.p12 / .pfx）文件', 'The file is not a valid PKCS#12 (.p12 / .pfx) file'],
  password: ['密码不正确，无法打开该文件', 'The password does not open the file'],
  'no-key': ['文件中没有私钥', 'The file holds no private key'],
  'no-certificate': ['文件中没有证书', 'The file holds no certificate'],
  'key-mismatch': ['文件中没有与私钥对应的证书', 'No certificate in the file belongs to its private key'],
  algorithm: ['密钥须为 ECDSA P-256 或不少于 2048 位的 RSA', 'The key must be ECDSA P-256 or RSA of at least 2,048 bits'],
  expired: ['证书已过期', 'The certificate has expired'],
  'not-yet-valid': ['证书尚未生效', 'The certificate is not valid yet'],
  usage: ['证书的密钥用途不允许数字签名', 'The certificate’s key usage does not allow digital signatures'],
} as const;

function refuse(reason: keyof typeof REASONS): never {
  const [zh, en] = REASONS[reason];
  throw new AppError('SIGNING_PKCS12_INVALID', { reason }, { errors: [fieldError('file', `PKCS12_${reason.toUpperCase().replace(/-/g, '_')}`, zh, en)] });
}

function derOf(node: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
}

function pemOf(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** Whether the private key belongs to the certificate's public key: a test signature made and checked. */
function keyMatches(privateKey: KeyObject, publicKey: KeyObject): boolean {
  const probe = Buffer.from('ptech pkcs12 key check');
  try {
    return verify('sha256', probe, publicKey, sign('sha256', probe, privateKey));
  } catch {
    return false;
  }
}

/**
 * The signing certificate and key of a PKCS#12, checked: the password opens it, it holds one
 * private key and the certificate of that key, the key is ECDSA P-256 or RSA of at least 2,048 bits,
 * the certificate allows digital signatures and is valid at `now`. Refuses with
 * SIGNING_PKCS12_INVALID naming the reason.
 */
export function parsePkcs12(bytes: Buffer, password: string, now: Date): ParsedPkcs12 {
  if (bytes.length === 0 || bytes.length > MAX_PKCS12_BYTES) refuse('format');
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')), { strict: false } as unknown as boolean);
    try {
      p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/password|MAC|decrypt/i.test(message)) refuse('password');
      throw error;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    refuse('format');
  }
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  if (keyBags.length === 0) refuse('no-key');
  const keyBag = keyBags[0];
  const keyInfo = keyBag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key)) : keyBag.asn1;
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: derOf(keyInfo), format: 'der', type: 'pkcs8' });
  } catch {
    refuse('no-key');
  }
  const details = privateKey.asymmetricKeyDetails ?? {};
  const supported = (privateKey.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1') || (privateKey.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048);
  if (!supported) refuse('algorithm');
  const publicKey = createPublicKey(privateKey);

  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  const certificates = certBags.map((bag) => derOf(bag.cert ? forge.pki.certificateToAsn1(bag.cert) : (bag.asn1 as forge.asn1.Asn1)));
  if (certificates.length === 0) refuse('no-certificate');
  const index = certificates.findIndex((der) => {
    try {
      return keyMatches(privateKey, new NodeX509Certificate(der).publicKey);
    } catch {
      return false;
    }
  });
  if (index < 0) refuse('key-mismatch');
  const certificateDer = certificates[index];
  const certificate = new x509.X509Certificate(new Uint8Array(certificateDer));
  if (!keyMatches(privateKey, publicKey)) refuse('key-mismatch');
  if (certificate.notAfter.getTime() <= now.getTime()) refuse('expired');
  if (certificate.notBefore.getTime() > now.getTime()) refuse('not-yet-valid');
  const usage = certificate.getExtension(x509.KeyUsagesExtension);
  if (usage && !(usage.usages & (x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation))) refuse('usage');
  const chain = certificates.filter((_, other) => other !== index).map(pemOf);
  return {
    privateKey,
    certificateDer,
    certificatePem: pemOf(certificateDer),
    chainPem: chain.length ? chain.join('') : null,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    subject: certificate.subject,
  };
}

/** SHA-256 (hex) of a certificate's DER. */
export function certificateSha256(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}
