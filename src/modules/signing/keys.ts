// The signing keys of an issuing organisation (issue 20): an Ed25519 key for the QR code's short
// signature (and later the Verifiable Credential and did:web), and an X.509 certificate with its
// ECDSA P-256 key for the PAdES signature of every PDF it issues. Created when first needed (the
// first issuance), rotated on request, or replaced by a PKCS#12 an administrator uploads. Private
// keys are stored encrypted with the personal data key; public keys of every key the organisation
// ever had stay published with their validity, so that what an old key signed still verifies.
//
//   const keys = await ensureSigningKeys(db, context, organisation);   // created if missing (audited)
//   const signer = await ed25519Signer(db, keys.ed25519);               // sync, for a batch of 2,000
//   const { kid, signature } = signer(bytes);
//   await verifyEd25519(db, organisationId, kid, bytes, signature);     // true | false
//   await publicKeys(db, organisationId);                               // every key, current and retired
//   await rotateSigningKeys(db, context, organisationId, ['ed25519', 'x509']);
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, randomUUID, sign, verify, webcrypto, type KeyObject } from 'node:crypto';
// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { AuditContext } from '../../platform/context.ts';
import { decryptPersonalData, encryptPersonalData } from '../../platform/personal-data.ts';
import { signingKeys, type PublicJwk, type SigningKeyKind, type SigningKeySource } from './tables.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type SigningKeyRow = typeof signingKeys.$inferSelect;
export const SIGNING_KEY_KINDS: readonly SigningKeyKind[] = ['ed25519', 'x509'];

/** The organisation a key belongs to: its id, its place in the tree (scope of the audit entry), its name (the certificate's subject). */
export interface KeyOwner {
  id: string;
  path: string;
  name: string;
}

/** Where a private key is bound (associated data of its encryption): a key moved to another row does not decrypt. */
function privateKeyBinding(id: string): string {
  return `signing_keys.private_key:${id}`;
}

/** How long a generated X.509 signing certificate is valid. */
const CERTIFICATE_YEARS = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The published key identifier: base64url of the first 12 bytes of the SHA-256 of the public key (SPKI DER). */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest().subarray(0, 12).toString('base64url');
}

function jwkOf(publicKey: KeyObject): PublicJwk {
  const jwk = publicKey.export({ format: 'jwk' }) as PublicJwk;
  const { kty, crv, x, y, n, e } = jwk;
  return Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, value]) => value !== undefined)) as unknown as PublicJwk;
}

/** The JOSE algorithm a key signs with. */
export function algorithmOf(publicKey: KeyObject): 'EdDSA' | 'ES256' | 'RS256' {
  if (publicKey.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (publicKey.asymmetricKeyType === 'ec') return 'ES256';
  return 'RS256';
}

export interface NewKey {
  kind: SigningKeyKind;
  privateKey: KeyObject;
  publicKey: KeyObject;
  certificatePem?: string | null;
  chainPem?: string | null;
  certificateDer?: Buffer | null;
  source: SigningKeySource;
  notBefore: Date;
  expiresAt: Date | null;
}

function generateEd25519(now: Date): NewKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { kind: 'ed25519', privateKey, publicKey, source: 'generated', notBefore: now, expiresAt: null };
}

/**
 * A self-signed X.509 certificate for the organisation's PDF signatures, ECDSA P-256 with SHA-256
 * (what Poppler's pdfsig and Adobe Reader verify), valid CERTIFICATE_YEARS years, usable for
 * digital signatures and non-repudiation only. Its subject is the organisation's name.
 */
export async function generateX509(owner: Pick<KeyOwner, 'name'>, now: Date): Promise<NewKey> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  // A day back: a signature made a moment after creation verifies on a clock a little behind.
  const notBefore = new Date(now.getTime() - DAY_MS);
  const notAfter = new Date(now.getTime() + CERTIFICATE_YEARS * 365 * DAY_MS);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: `01${randomBytes(15).toString('hex')}`,
    name: [{ CN: [owner.name.slice(0, 64)] }, { O: [owner.name.slice(0, 64)] }, { OU: ['特级技师评聘管理系统 / Principal Technician'] }, { C: ['CN'] }],
    notBefore,
    notAfter,
    signingAlgorithm: algorithm,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const privateKey = createPrivateKey({ key: Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)), format: 'der', type: 'pkcs8' });
  const der = Buffer.from(certificate.rawData);
  return {
    kind: 'x509',
    privateKey,
    publicKey: createPublicKey(privateKey),
    certificatePem: certificate.toString('pem'),
    certificateDer: der,
    source: 'generated',
    notBefore,
    expiresAt: notAfter,
  };
}

function rowValues(owner: KeyOwner, key: NewKey, context: AuditContext) {
  const id = randomUUID();
  const pkcs8 = key.privateKey.export({ format: 'der', type: 'pkcs8' });
  return {
    id,
    organisationId: owner.id,
    organisationPath: owner.path,
    kind: key.kind,
    kid: keyIdOf(key.publicKey),
    algorithm: algorithmOf(key.publicKey),
    publicJwk: jwkOf(key.publicKey),
    certificatePem: key.certificatePem ?? null,
    chainPem: key.chainPem ?? null,
    certificateSha256: key.certificateDer ? createHash('sha256').update(key.certificateDer).digest('hex') : null,
    privateKeyEncrypted: encryptPersonalData(pkcs8.toString('base64'), privateKeyBinding(id)),
    source: key.source,
    notBefore: key.notBefore,
    expiresAt: key.expiresAt,
    retiredAt: null,
    createdBy: context.actor?.userId ?? null,
    createdAt: context.clock.now(),
  };
}

/** What an audit entry says of a key: never its private part. */
export function keySummary(row: Pick<SigningKeyRow, 'id' | 'kind' | 'kid' | 'algorithm' | 'source' | 'certificateSha256' | 'notBefore' | 'expiresAt'>) {
  return {
    id: row.id,
    kind: row.kind,
    kid: row.kid,
    algorithm: row.algorithm,
    source: row.source,
    certificateSha256: row.certificateSha256,
    notBefore: row.notBefore.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}

async function newKey(owner: KeyOwner, kind: SigningKeyKind, now: Date): Promise<NewKey> {
  return kind === 'ed25519' ? generateEd25519(now) : generateX509(owner, now);
}

/** The current key of each kind the organisation has (none created). */
export async function currentKeys(db: Database, organisationId: string): Promise<Partial<Record<SigningKeyKind, SigningKeyRow>>> {
  const rows = await db.select().from(signingKeys).where(and(eq(signingKeys.organisationId, organisationId), isNull(signingKeys.retiredAt)));
  return Object.fromEntries(rows.map((row) => [row.kind, row]));
}

/**
 * The organisation's current keys, each created now when it has none (lazily at the first
 * issuance), with a `signing-key.created` audit entry in the caller's transaction. Safe when two
 * app processes create at once: the partial unique index lets one insert win, the other reads it.
 */
export async function ensureSigningKeys(db: Database, context: AuditContext, owner: KeyOwner): Promise<Record<SigningKeyKind, SigningKeyRow>> {
  const found = await currentKeys(db, owner.id);
  for (const kind of SIGNING_KEY_KINDS) {
    if (found[kind]) continue;
    const values = rowValues(owner, await newKey(owner, kind, context.clock.now()), context);
    const [inserted] = await db
      .insert(signingKeys)
      .values(values)
      .onConflictDoNothing({ target: [signingKeys.organisationId, signingKeys.kind], where: isNull(signingKeys.retiredAt) })
      .returning();
    if (inserted) {
      await writeAudit(db, context, {
        action: 'signing-key.created',
        targetType: 'signing-key',
        targetId: inserted.id,
        organisationId: owner.id,
        organisationPath: owner.path,
        after: keySummary(inserted),
      });
      found[kind] = inserted;
    } else {
      found[kind] = (await currentKeys(db, owner.id))[kind];
    }
  }
  return found as Record<SigningKeyKind, SigningKeyRow>;
}

/**
 * Makes `key` the organisation's current key of its kind: the current one is retired (its
 * validity ends now, its public key stays published), the new one inserted, one audit entry
 * (`action`) with both. Run inside the caller's transaction.
 */
async function replaceCurrentKey(tx: Database, context: AuditContext, owner: KeyOwner, key: NewKey, action: 'signing-key.rotated' | 'signing-key.uploaded'): Promise<SigningKeyRow> {
  const now = context.clock.now();
  const [retired] = await tx
    .update(signingKeys)
    .set({ retiredAt: now })
    .where(and(eq(signingKeys.organisationId, owner.id), eq(signingKeys.kind, key.kind), isNull(signingKeys.retiredAt)))
    .returning();
  const [inserted] = await tx.insert(signingKeys).values(rowValues(owner, key, context)).returning();
  await writeAudit(tx, context, {
    action,
    targetType: 'signing-key',
    targetId: inserted.id,
    organisationId: owner.id,
    organisationPath: owner.path,
    before: retired ? { ...keySummary(retired), retiredAt: now.toISOString() } : null,
    after: keySummary(inserted),
  });
  return inserted;
}

/** Rotation: a new key of each kind becomes current; the old ones are retired, still published, still verifying. */
export async function rotateSigningKeys(db: Database, context: AuditContext, owner: KeyOwner, kinds: readonly SigningKeyKind[] = SIGNING_KEY_KINDS): Promise<SigningKeyRow[]> {
  const prepared = await Promise.all(kinds.map((kind) => newKey(owner, kind, context.clock.now())));
  return db.transaction(async (tx) => {
    const rows: SigningKeyRow[] = [];
    for (const key of prepared) rows.push(await replaceCurrentKey(tx, context, owner, key, 'signing-key.rotated'));
    return rows;
  });
}

/** Makes an uploaded certificate and key (already checked: pkcs12.ts) the organisation's PDF signing key. */
export async function installUploadedX509(
  db: Database,
  context: AuditContext,
  owner: KeyOwner,
  upload: { privateKey: KeyObject; certificateDer: Buffer; certificatePem: string; chainPem: string | null; notBefore: Date; notAfter: Date },
): Promise<SigningKeyRow> {
  const key: NewKey = {
    kind: 'x509',
    privateKey: upload.privateKey,
    publicKey: createPublicKey(upload.privateKey),
    certificatePem: upload.certificatePem,
    chainPem: upload.chainPem,
    certificateDer: upload.certificateDer,
    source: 'uploaded',
    notBefore: upload.notBefore,
    expiresAt: upload.notAfter,
  };
  return db.transaction((tx) => replaceCurrentKey(tx, context, owner, key, 'signing-key.uploaded'));
}

/** Every key the organisation has had, oldest first. */
export async function allKeys(db: Database, organisationId: string): Promise<SigningKeyRow[]> {
  return db.select().from(signingKeys).where(eq(signingKeys.organisationId, organisationId)).orderBy(asc(signingKeys.createdAt), asc(signingKeys.kind));
}

/** A published key: its JWK with kid, use and algorithm, its validity, and for X.509 the certificate (x5c). */
export interface PublishedKey extends PublicJwk {
  kid: string;
  use: 'sig';
  alg: string;
  /** What the key signs in this system. */
  purpose: 'qr-signature' | 'pdf-signature';
  status: 'current' | 'retired';
  notBefore: string;
  /** When it stopped signing: its retirement, or its certificate's end; null while current without an end. */
  notAfter: string | null;
  x5c?: string[];
  'x5t#S256'?: string;
}

export function publishedKey(row: SigningKeyRow): PublishedKey {
  const ends = [row.retiredAt, row.expiresAt].filter((date): date is Date => Boolean(date)).sort((a, b) => a.getTime() - b.getTime());
  const published: PublishedKey = {
    ...row.publicJwk,
    kid: row.kid,
    use: 'sig',
    alg: row.algorithm,
    purpose: row.kind === 'ed25519' ? 'qr-signature' : 'pdf-signature',
    status: row.retiredAt ? 'retired' : 'current',
    notBefore: row.notBefore.toISOString(),
    notAfter: ends[0]?.toISOString() ?? null,
  };
  if (row.certificatePem) {
    const chain = [row.certificatePem, row.chainPem ?? ''].join('\n');
    published.x5c = [...chain.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((match) => match[1].replace(/\s+/g, ''));
    published['x5t#S256'] = Buffer.from(row.certificateSha256 ?? '', 'hex').toString('base64url');
  }
  return published;
}

/** The public keys of every key the organisation has had (current and retired), with their validity. */
export async function publicKeys(db: Database, organisationId: string): Promise<PublishedKey[]> {
  return (await allKeys(db, organisationId)).map(publishedKey);
}

const privateKeys = new Map<string, KeyObject>();

/** Forgets the decrypted private keys of this process (a test reading a restored database decrypts afresh). */
export function clearPrivateKeyCache(): void {
  privateKeys.clear();
}

/** A key's private part, decrypted once per process (a row's key never changes). */
export function privateKeyOf(row: Pick<SigningKeyRow, 'id' | 'privateKeyEncrypted'>): KeyObject {
  let key = privateKeys.get(row.id);
  if (!key) {
    const pkcs8 = Buffer.from(decryptPersonalData(row.privateKeyEncrypted, privateKeyBinding(row.id)), 'base64');
    key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    privateKeys.set(row.id, key);
    if (privateKeys.size > 64) privateKeys.delete(privateKeys.keys().next().value!);
  }
  return key;
}

export interface Ed25519Signature {
  kid: string;
  /** base64url, 86 characters. */
  signature: string;
}

/** A signer with the key's private part at hand: synchronous, for signing a whole batch. */
export function ed25519Signer(row: SigningKeyRow): (data: Uint8Array) => Ed25519Signature {
  if (row.kind !== 'ed25519') throw new Error(`ed25519Signer: key ${row.kid} is ${row.kind}`);
  const key = privateKeyOf(row);
  return (data) => ({ kid: row.kid, signature: sign(null, data, key).toString('base64url') });
}

/** Signs with the organisation's current Ed25519 key (created if it has none). */
export async function signEd25519(db: Database, context: AuditContext, owner: KeyOwner, data: Uint8Array): Promise<Ed25519Signature> {
  const keys = await ensureSigningKeys(db, context, owner);
  return ed25519Signer(keys.ed25519)(data);
}

/** Whether `signature` (base64url) over `data` was made by the organisation's Ed25519 key `kid` (current or retired). */
export async function verifyEd25519(db: Database, organisationId: string, kid: string, data: Uint8Array, signature: string): Promise<boolean> {
  let known = publicKeyCache.get(kid);
  if (!known) {
    const [row] = await db
      .select({ organisationId: signingKeys.organisationId, publicJwk: signingKeys.publicJwk })
      .from(signingKeys)
      .where(and(eq(signingKeys.kid, kid), eq(signingKeys.kind, 'ed25519')));
    if (!row) return false;
    known = row;
    publicKeyCache.set(kid, row);
    if (publicKeyCache.size > 1024) publicKeyCache.delete(publicKeyCache.keys().next().value!);
  }
  return known.organisationId === organisationId && verifyWithJwk(known.publicJwk, data, signature);
}

/** Ed25519 public keys by kid: a key's public part and owner never change, so every process may keep them (the busiest public route checks QR signatures). */
const publicKeyCache = new Map<string, { organisationId: string; publicJwk: PublicJwk }>();

/** Verifies an Ed25519 signature (base64url) with a published JWK. */
export function verifyWithJwk(jwk: PublicJwk, data: Uint8Array, signature: string): boolean {
  if (!/^[A-Za-z0-9_-]{86}$/.test(signature)) return false;
  try {
    const key = createPublicKey({ key: jwk as unknown as import('node:crypto').JsonWebKey, format: 'jwk' });
    return verify(null, data, key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/** The X.509 key whose certificate has this SHA-256 (hex), of any organisation, current or retired. */
export async function keyByCertificate(db: Database, certificateSha256: string): Promise<SigningKeyRow | undefined> {
  const [row] = await db.select().from(signingKeys).where(and(eq(signingKeys.certificateSha256, certificateSha256), eq(signingKeys.kind, 'x509')));
  return row;
}
