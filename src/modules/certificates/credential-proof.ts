// A Data Integrity proof `eddsa-rdfc-2022` (W3C vc-di-eddsa, section 3.3), made here with Node's
// Ed25519 and the RDF Dataset Canonicalization (RDFC-1.0) of `jsonld`:
//   proofConfig  = the proof's options, with the document's @context;
//   hashData     = SHA-256(canonical(proofConfig)) ‖ SHA-256(canonical(document without proof));
//   proofValue   = 'z' + base58btc(Ed25519(hashData)).
// Written here rather than taken from the verifier's own library, so that the test that checks our
// credentials with @digitalbazaar/vc is a check by code this project did not write.
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import jsonld from 'jsonld';
import type { LoadedDocument } from './credential-contexts.ts';

const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function base58btcEncode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros += 1;
  let value = BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
  let text = '';
  while (value > 0n) {
    text = BASE58_ALPHABET[Number(value % 58n)] + text;
    value /= 58n;
  }
  return '1'.repeat(zeros) + text;
}

export function base58btcDecode(text: string): Buffer {
  let value = 0n;
  for (const character of text) {
    const digit = BASE58_ALPHABET.indexOf(character);
    if (digit < 0) throw new Error('not base58btc');
    value = value * 58n + BigInt(digit);
  }
  let hex = value === 0n ? '' : value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros += 1;
  return Buffer.concat([Buffer.alloc(zeros), Buffer.from(hex, 'hex')]);
}

/** The multicodec prefix of an Ed25519 public key (0xed, varint-encoded). */
const ED25519_PUB = Buffer.from([0xed, 0x01]);

/** An Ed25519 public key (raw 32 bytes, as a JWK's `x`) as a Multikey `publicKeyMultibase` (z6Mk…). */
export function ed25519Multibase(jwkX: string): string {
  return `z${base58btcEncode(Buffer.concat([ED25519_PUB, Buffer.from(jwkX, 'base64url')]))}`;
}

export function publicKeyFromMultibase(multibase: string): KeyObject {
  const bytes = base58btcDecode(multibase.slice(1));
  if (!multibase.startsWith('z') || bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) throw new Error('not an Ed25519 Multikey');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: bytes.subarray(2).toString('base64url') }, format: 'jwk' });
}

type Loader = (url: string) => Promise<LoadedDocument>;

async function canonicalHash(document: object, documentLoader: Loader): Promise<Buffer> {
  const nquads = await jsonld.canonize(document, { algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader, safe: true });
  return createHash('sha256').update(nquads, 'utf8').digest();
}

export interface ProofOptions {
  verificationMethod: string;
  /** XML Schema date-time, seconds precision (UTC). */
  created: string;
  proofPurpose?: 'assertionMethod';
}

export interface DataIntegrityProof {
  type: 'DataIntegrityProof';
  cryptosuite: 'eddsa-rdfc-2022';
  created: string;
  verificationMethod: string;
  proofPurpose: 'assertionMethod';
  proofValue: string;
}

async function hashData(document: Record<string, unknown>, options: Omit<DataIntegrityProof, 'proofValue'>, documentLoader: Loader): Promise<Buffer> {
  const { proof: _proof, ...unsecured } = document;
  const proofConfig = { '@context': document['@context'], ...options };
  return Buffer.concat([await canonicalHash(proofConfig, documentLoader), await canonicalHash(unsecured, documentLoader)]);
}

/** The document with its `eddsa-rdfc-2022` proof, signed with an Ed25519 private key. */
export async function signDocument<T extends Record<string, unknown>>(document: T, privateKey: KeyObject, options: ProofOptions, documentLoader: Loader): Promise<T & { proof: DataIntegrityProof }> {
  const proofOptions = { type: 'DataIntegrityProof' as const, cryptosuite: 'eddsa-rdfc-2022' as const, created: options.created, verificationMethod: options.verificationMethod, proofPurpose: options.proofPurpose ?? ('assertionMethod' as const) };
  const signature = sign(null, await hashData(document, proofOptions, documentLoader), privateKey);
  return { ...document, proof: { ...proofOptions, proofValue: `z${base58btcEncode(signature)}` } };
}

/** Whether the document's proof verifies with this public key (false for any malformed proof). */
export async function verifyDocumentProof(document: Record<string, unknown>, publicKey: KeyObject, documentLoader: Loader): Promise<boolean> {
  const proof = document.proof as Partial<DataIntegrityProof> | undefined;
  if (!proof || proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-rdfc-2022' || typeof proof.proofValue !== 'string' || !proof.proofValue.startsWith('z')) return false;
  const { proofValue, ...options } = proof as DataIntegrityProof;
  try {
    return verify(null, await hashData(document, options, documentLoader), publicKey, base58btcDecode(proofValue.slice(1)));
  } catch {
    return false;
  }
}

/** A time as Data Integrity writes it: UTC, whole seconds. */
export function xsdDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
