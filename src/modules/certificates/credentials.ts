// 电子证书 (issue 20): each certificate is also a W3C Verifiable Credential in the Open Badges 3.0
// shape (`OpenBadgeCredential`), signed by the issuing organisation's Ed25519 key (the signing
// module's) as a Data Integrity proof `eddsa-rdfc-2022`. The issuer is a `did:web` this system
// serves without a session (path form: /api/v1/public/organisations/{id}/did.json), listing every
// Ed25519 key the organisation ever had, so a credential signed before a rotation still verifies.
// Each credential carries a `BitstringStatusListEntry` in its issuer's revocation list
// (/api/v1/public/organisations/{id}/status-lists/revocation), rebuilt and signed again in the
// transaction of every revocation. Contexts are bundled (credential-contexts.ts); verification here
// resolves this system's DIDs and lists from the database, never over the network.
import { gzipSync, gunzipSync } from 'node:zlib';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { organisations } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { AuditContext, RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasPermission, type Actor } from '../../platform/policy.ts';
import { allKeys, ensureSigningKeys, privateKeyOf, type SigningKeyRow } from '../signing/keys.ts';
import { certificateInScope, levelName, verifyBaseUrl, type CertificateRow } from './certificate-records.ts';
import { DID_CONTEXT, documentLoaderOf, MULTIKEY_CONTEXT, OPEN_BADGES_CONTEXT, VC_V2_CONTEXT } from './credential-contexts.ts';
import { ed25519Multibase, publicKeyFromMultibase, signDocument, verifyDocumentProof, xsdDateTime } from './credential-proof.ts';
import { certificateCredentials, certificates, credentialStatusLists } from './tables.ts';
import { signingKeys } from '../signing/tables.ts';
import { myCertificate, recordVerification } from './verification-log.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A status list holds at least 131,072 entries (16 KiB), so that it hides which one changed (the recommendation). */
const MIN_LIST_BITS = 131_072;

// ------------------------------------------------------------------------------ identifiers

function baseUrl(): URL {
  return new URL(verifyBaseUrl());
}

/** The organisation's did:web, path form: did:web:<host%3Aport>:api:v1:public:organisations:<id>. */
export function issuerDid(organisationId: string): string {
  return `did:web:${encodeURIComponent(baseUrl().host)}:api:v1:public:organisations:${organisationId}`;
}

/** The organisation a DID of this system names, or null (another host, another form). */
export function organisationOfDid(did: string): string | null {
  const prefix = `did:web:${encodeURIComponent(baseUrl().host)}:api:v1:public:organisations:`;
  if (!did.startsWith(prefix)) return null;
  const id = did.slice(prefix.length);
  return UUID.test(id) ? id : null;
}

export function statusListUrl(organisationId: string): string {
  return `${verifyBaseUrl()}/api/v1/public/organisations/${organisationId}/status-lists/revocation`;
}

function organisationOfStatusList(url: string): string | null {
  const match = /^(.*)\/api\/v1\/public\/organisations\/([0-9a-f-]{36})\/status-lists\/revocation$/i.exec(url);
  return match && match[1] === verifyBaseUrl() && UUID.test(match[2]) ? match[2] : null;
}

// ------------------------------------------------------------------------------ DID document

function verificationMethodOf(did: string, key: SigningKeyRow) {
  return { id: `${did}#${key.kid}`, type: 'Multikey', controller: did, publicKeyMultibase: ed25519Multibase(key.publicJwk.x ?? '') };
}

/**
 * The organisation's DID document: every Ed25519 key it has had, current and retired, each a
 * Multikey for assertions (what it signed while current stays verifiable). Null when the
 * organisation has never had one (it has issued no credential).
 */
export async function didDocument(db: Database, organisationId: string): Promise<Record<string, unknown> | null> {
  if (!UUID.test(organisationId)) return null;
  const keys = (await allKeys(db, organisationId)).filter((key) => key.kind === 'ed25519');
  if (!keys.length) return null;
  const did = issuerDid(organisationId);
  const methods = keys.map((key) => verificationMethodOf(did, key));
  return { '@context': [DID_CONTEXT, MULTIKEY_CONTEXT], id: did, verificationMethod: methods, assertionMethod: methods.map((method) => method.id) };
}

/** This system's own documents for a JSON-LD loader: DID documents (and their keys), status lists. */
function localDocuments(db: Database, clock: Clock) {
  return async (url: string): Promise<object | null> => {
    if (url.startsWith('did:web:')) {
      const [did, fragment] = url.split('#');
      const organisationId = organisationOfDid(did);
      const document = organisationId ? await didDocument(db, organisationId) : null;
      if (!document || !fragment) return document;
      const method = (document.verificationMethod as { id: string }[]).find((entry) => entry.id === url);
      return method ? { '@context': MULTIKEY_CONTEXT, ...method } : null;
    }
    const organisationId = organisationOfStatusList(url);
    return organisationId ? statusListCredential(db, clock, organisationId) : null;
  };
}

export function credentialLoader(db: Database, clock: Clock) {
  return documentLoaderOf(localDocuments(db, clock));
}

// ------------------------------------------------------------------------------ status list

/** A Bitstring Status List's `encodedList`: the bits (index 0 the first byte's highest), GZIP, multibase base64url. */
export function encodeStatusList(setIndices: readonly number[], length: number): string {
  const bits = Buffer.alloc(Math.ceil(Math.max(length, MIN_LIST_BITS) / 8));
  for (const index of setIndices) bits[index >> 3] |= 0x80 >> (index & 7);
  return `u${gzipSync(bits).toString('base64url')}`;
}

export function statusBit(encodedList: string, index: number): boolean {
  if (!encodedList.startsWith('u')) throw new Error('not multibase base64url');
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  if (index < 0 || index >= bits.length * 8) throw new Error('index outside the list');
  return (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
}

/**
 * Builds and signs the organisation's revocation list from its certificates as they stand (the
 * bits of the credentials whose certificate is revoked) and keeps it. Called inside a revocation's
 * transaction; a no-op for an organisation that has issued no credential.
 */
export async function refreshStatusList(tx: Database, clock: Clock, organisationId: string): Promise<Record<string, unknown> | null> {
  const [list] = await tx.select().from(credentialStatusLists).where(eq(credentialStatusLists.organisationId, organisationId)).for('update');
  if (!list) return null;
  const revoked = await tx
    .select({ index: certificateCredentials.statusIndex })
    .from(certificateCredentials)
    .innerJoin(certificates, eq(certificates.id, certificateCredentials.certificateId))
    .where(and(eq(certificateCredentials.organisationId, organisationId), eq(certificates.status, 'revoked')));
  const [key] = (await allKeys(tx, organisationId)).filter((row) => row.kind === 'ed25519' && !row.retiredAt);
  if (!key) return null;
  const url = statusListUrl(organisationId);
  const did = issuerDid(organisationId);
  const now = clock.now();
  const unsigned = {
    '@context': [VC_V2_CONTEXT],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: did,
    validFrom: xsdDateTime(now),
    credentialSubject: { id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: encodeStatusList(revoked.map((row) => row.index), list.nextIndex) },
  };
  const signed = await signDocument(unsigned, privateKeyOf(key), { verificationMethod: `${did}#${key.kid}`, created: xsdDateTime(now) }, credentialLoader(tx, clock));
  await tx.update(credentialStatusLists).set({ credential: signed, updatedAt: now }).where(eq(credentialStatusLists.organisationId, organisationId));
  return signed;
}

/** The organisation's signed revocation list (built at once if it was never built); null if it has issued no credential. */
export async function statusListCredential(db: Database, clock: Clock, organisationId: string): Promise<Record<string, unknown> | null> {
  if (!UUID.test(organisationId)) return null;
  const [list] = await db.select().from(credentialStatusLists).where(eq(credentialStatusLists.organisationId, organisationId));
  if (!list) return null;
  if (list.credential) return list.credential;
  return db.transaction((tx) => refreshStatusList(tx, clock, organisationId));
}

// ------------------------------------------------------------------------------ issuing

function unsignedCredential(certificate: CertificateRow, statusIndex: number) {
  const did = issuerDid(certificate.enterpriseId);
  const list = statusListUrl(certificate.enterpriseId);
  const occupation = certificate.trade && certificate.trade !== '--' ? `${certificate.occupationName}（${certificate.trade}）` : certificate.occupationName;
  return {
    '@context': [VC_V2_CONTEXT, OPEN_BADGES_CONTEXT],
    id: `urn:uuid:${certificate.id}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: did, type: ['Profile'], name: certificate.issuerName },
    validFrom: `${certificate.issuedOn}T00:00:00+08:00`,
    name: `${levelName(certificate.level)}职业技能等级证书 / Principal Technician certificate`,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: certificate.holderName }],
      achievement: {
        id: `urn:ptech:achievement:${certificate.level}:${certificate.occupationCode}`,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: `${levelName(certificate.level)}（${occupation}）`,
        description: `职业技能等级证书：${levelName(certificate.level)}，职业（工种）${occupation}（${certificate.occupationCode}）。Vocational skill level certificate, Principal Technician (特级技师), occupation ${certificate.occupationCode}.`,
        criteria: { narrative: '依据《人力资源社会保障部办公厅关于开展特级技师评聘试点工作的通知》（人社厅发〔2021〕66号）评价、公示并核准。Evaluated, published and confirmed under the ministry’s notice 人社厅发〔2021〕66号.' },
        humanCode: certificate.code,
        fieldOfStudy: certificate.occupationName,
      },
    },
    credentialStatus: { id: `${list}#${statusIndex}`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: String(statusIndex), statusListCredential: list },
  };
}

/** The certificate the actor may have the credential of: HR (and departments) in scope, or its holder. */
async function certificateForCredential(db: Database, context: RequestContext, certificateId: string): Promise<CertificateRow> {
  if (hasPermission(context.actor, 'certificate:read')) return certificateInScope(db, context, certificateId, 'certificate:read');
  await myCertificate(db, context, certificateId);
  const [row] = await db.select().from(certificates).where(eq(certificates.id, certificateId));
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/**
 * GET /certificates/{id}/credential: the certificate's signed credential. Issued the first time it
 * is asked for (a status index drawn from the issuer's list, signed with its current key, kept,
 * audited) and the same document every time after; a certificate revoked before it was ever asked
 * for gets none (409 CERTIFICATE_REVOKED): there is nothing valid to issue.
 */
export async function getCertificateCredential(db: Database, context: RequestContext, certificateId: string): Promise<Record<string, unknown>> {
  const certificate = await certificateForCredential(db, context, certificateId);
  const [existing] = await db.select().from(certificateCredentials).where(eq(certificateCredentials.certificateId, certificate.id));
  if (existing) return existing.credential;
  if (certificate.status !== 'valid') throw new AppError('CERTIFICATE_REVOKED', { revokedOn: certificate.revokedOn ?? '' });
  const [organisation] = await db.select().from(organisations).where(eq(organisations.id, certificate.enterpriseId));
  const keys = await ensureSigningKeys(db, context, { id: certificate.enterpriseId, path: certificate.enterprisePath, name: organisation?.name ?? certificate.issuerName });
  const key = keys.ed25519;
  const now = context.clock.now();
  return db.transaction(async (tx) => {
    const [{ index }] = (
      (await tx.execute(sql`
        insert into credential_status_lists (organisation_id, next_index, updated_at) values (${certificate.enterpriseId}::uuid, 1, ${now.toISOString()}::timestamptz)
        on conflict (organisation_id) do update set next_index = credential_status_lists.next_index + 1, updated_at = excluded.updated_at
        returning next_index - 1 as index`)) as unknown as { rows: { index: number }[] }
    ).rows;
    const did = issuerDid(certificate.enterpriseId);
    const credential = await signDocument(unsignedCredential(certificate, Number(index)), privateKeyOf(key), { verificationMethod: `${did}#${key.kid}`, created: xsdDateTime(now) }, credentialLoader(tx, context.clock));
    const [stored] = await tx
      .insert(certificateCredentials)
      .values({ certificateId: certificate.id, organisationId: certificate.enterpriseId, statusIndex: Number(index), keyId: key.id, credential, issuedAt: now })
      .onConflictDoNothing()
      .returning();
    if (!stored) {
      // Issued a moment ago by another request: that one is the credential (this index stays unused).
      const [other] = await tx.select().from(certificateCredentials).where(eq(certificateCredentials.certificateId, certificate.id));
      return other.credential;
    }
    // The list grows with the index: signed again so that it covers it.
    await tx.update(credentialStatusLists).set({ credential: null }).where(eq(credentialStatusLists.organisationId, certificate.enterpriseId));
    await writeAudit(tx, context, {
      action: 'certificate.credential-issued',
      targetType: 'certificate',
      targetId: certificate.id,
      organisationId: certificate.enterpriseId,
      organisationPath: certificate.enterprisePath,
      after: { code: certificate.code, statusIndex: Number(index), kid: key.kid, issuer: did },
    });
    return credential;
  });
}

// ------------------------------------------------------------------------------ verifying

export interface CredentialCheck {
  /** Signature, issuer and status all good. */
  verified: boolean;
  signature: 'valid' | 'invalid';
  issuer: { id: string | null; known: boolean; name: string | null };
  status: 'valid' | 'revoked' | 'unknown';
  certificate: { code: string; holderName: string; occupation: string; level: string; issuerName: string; issuedOn: string; status: string; revokedOn: string | null } | null;
  /** Why it did not verify, zh-CN and en. */
  problems: { code: string; 'zh-CN': string; en: string }[];
}

const problem = (code: string, zh: string, en: string) => ({ code, 'zh-CN': zh, en });

/**
 * POST /public/credentials/verify: checks a presented credential — the proof against the key its
 * verification method names in its issuer's DID document (an issuer of this system, the key one of
 * its own, current or retired), and its status bit in the issuer's signed revocation list. The
 * look-up is recorded for the holder (who looked me up).
 */
/**
 * What verifying a credential of this organisation needs, in one query: the organisation's name,
 * its Ed25519 public keys (current and retired: the DID document's), its signed revocation list,
 * and the certificate the credential names when that certificate's credential is this
 * organisation's. Null when no such organisation.
 */
async function verificationMaterial(db: Database, organisationId: string, certificateId: string | null) {
  const [found] = await db
    .select({
      name: organisations.name,
      list: credentialStatusLists.credential,
      certificate: {
        id: certificates.id,
        code: certificates.code,
        holderName: certificates.holderName,
        occupationName: certificates.occupationName,
        trade: certificates.trade,
        level: certificates.level,
        issuerName: certificates.issuerName,
        issuedOn: certificates.issuedOn,
        status: certificates.status,
        revokedOn: certificates.revokedOn,
      },
      keys: sql<{ kid: string; x: string }[]>`(select coalesce(json_agg(json_build_object('kid', ${signingKeys.kid}, 'x', ${signingKeys.publicJwk}->>'x') order by ${signingKeys.createdAt}), '[]'::json) from ${signingKeys} where ${signingKeys.organisationId} = ${organisations.id} and ${signingKeys.kind} = 'ed25519')`,
    })
    .from(organisations)
    .leftJoin(credentialStatusLists, eq(credentialStatusLists.organisationId, organisations.id))
    .leftJoin(certificateCredentials, certificateId ? and(eq(certificateCredentials.certificateId, certificateId), eq(certificateCredentials.organisationId, organisations.id)) : sql`false`)
    .leftJoin(certificates, eq(certificates.id, certificateCredentials.certificateId))
    .where(eq(organisations.id, organisationId));
  return found ?? null;
}

export async function verifyPresentedCredential(db: Database, clock: Clock, credential: Record<string, unknown>, actor: Actor | null): Promise<CredentialCheck> {
  const problems: CredentialCheck['problems'] = [];
  const issuerValue = credential.issuer as string | { id?: string } | undefined;
  const issuerId = typeof issuerValue === 'string' ? issuerValue : (issuerValue?.id ?? null);
  const organisationId = issuerId ? organisationOfDid(issuerId) : null;
  const claimedCertificate = typeof credential.id === 'string' && credential.id.startsWith('urn:uuid:') ? credential.id.slice('urn:uuid:'.length) : null;
  const certificateId = claimedCertificate && UUID.test(claimedCertificate) ? claimedCertificate : null;
  // Organisation, keys, revocation list and certificate read once, for this request only: the
  // DID document is built from these keys, never read again while the proof is checked.
  const material = organisationId ? await verificationMaterial(db, organisationId, certificateId) : null;
  const did = organisationId ? issuerDid(organisationId) : null;
  const methods = material && did ? material.keys.map((key) => ({ id: `${did}#${key.kid}`, publicKeyMultibase: ed25519Multibase(key.x) })) : [];
  const known = Boolean(organisationId && methods.length);
  let signature: CredentialCheck['signature'] = 'invalid';
  const proof = credential.proof as { verificationMethod?: string; proofPurpose?: string } | undefined;
  if (!known) {
    problems.push(problem('ISSUER_UNKNOWN', '签发者不是本系统的发证单位', 'The issuer is not an organisation of this system'));
  } else {
    const method = methods.find((entry) => entry.id === proof?.verificationMethod);
    if (!method || proof?.proofPurpose !== 'assertionMethod') {
      problems.push(problem('KEY_UNKNOWN', '签名所用密钥不属于该签发单位', 'The signing key is not one of the issuer’s'));
    } else if (await verifyDocumentProof(credential, publicKeyFromMultibase(method.publicKeyMultibase), credentialLoader(db, clock)).catch(() => false)) {
      signature = 'valid';
    } else {
      problems.push(problem('SIGNATURE_INVALID', '签名无效：电子证书被改动过，或不是该单位签发', 'The signature is invalid: the credential was altered, or not signed by its issuer'));
    }
  }
  const row = material?.certificate ?? null;
  let status: CredentialCheck['status'] = 'unknown';
  const entry = credential.credentialStatus as { statusListCredential?: string; statusListIndex?: string; statusPurpose?: string } | undefined;
  if (signature === 'valid' && organisationId && entry?.statusPurpose === 'revocation' && entry.statusListCredential === statusListUrl(organisationId)) {
    // The list as read above; built (and signed) here only if the organisation has never had one written.
    const list = material?.list ?? (await statusListCredential(db, clock, organisationId));
    const subject = list?.credentialSubject as { encodedList?: string } | undefined;
    const index = Number(entry.statusListIndex);
    if (list && subject?.encodedList && Number.isInteger(index)) {
      try {
        status = statusBit(subject.encodedList, index) ? 'revoked' : 'valid';
      } catch {
        status = 'unknown';
      }
    }
  }
  if (signature === 'valid' && status === 'unknown') problems.push(problem('STATUS_UNKNOWN', '无法确认证书状态', 'The status could not be checked'));
  if (status === 'revoked') problems.push(problem('REVOKED', '证书已撤销', 'The certificate has been revoked'));
  if (row && signature === 'valid') await recordVerification(db, clock, row.id, 'credential', actor);
  const occupation = row ? (row.trade && row.trade !== '--' ? `${row.occupationName}（${row.trade}）` : row.occupationName) : '';
  return {
    verified: signature === 'valid' && status === 'valid',
    signature,
    issuer: { id: issuerId, known, name: material?.name ?? null },
    status,
    certificate: row && signature === 'valid' ? { code: row.code, holderName: row.holderName, occupation, level: levelName(row.level), issuerName: row.issuerName, issuedOn: row.issuedOn, status: row.status, revokedOn: row.revokedOn } : null,
    problems,
  };
}

/** For the revocation's transaction: the issuer's list signed again, so the credential shows revoked at once. */
export async function revokeCredentialStatus(tx: Database, context: AuditContext, organisationId: string): Promise<void> {
  await refreshStatusList(tx, context.clock, organisationId);
}
