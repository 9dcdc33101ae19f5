// 电子证书 (issue 20): a certificate as a W3C Verifiable Credential (Open Badges 3.0), signed with the
// issuing organisation's Ed25519 key (eddsa-rdfc-2022), checked by a verifier this project did not
// write: @digitalbazaar/vc with its Data Integrity suite and the Bitstring Status List checker, given
// a document loader that serves only the bundled contexts and what this server publishes without a
// session (the issuer's DID document, its revocation list), fetched over its public routes.
import { generateKeyPairSync } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema.ts';
import { bundledContexts } from '../../src/modules/certificates/credential-contexts.ts';
import { signDocument, xsdDateTime } from '../../src/modules/certificates/credential-proof.ts';
import { issueCertificates } from '../../src/modules/certificates/issue-certificates.ts';
import { contextFor } from '../support/actors.ts';
import { certificateEnterprise, holder } from '../support/certificate-factories.ts';
import { confirmedHolders } from '../support/confirmed-list.ts';
import { buildProvince } from '../support/factories.ts';
import { createTestApp, TestClient, type TestApp } from '../support/test-app.ts';
import { goodRow, importRegister, registerWorkbook } from './applications-fixtures.ts';

let t: TestApp;
let hr: TestClient;
let holderClient: TestClient;
let issued: { id: string; code: string }[];
const fetched: string[] = [];

/** What a verifier may load: a bundled context, or a document this server serves without a session. */
async function documentLoader(url: string) {
  const context = bundledContexts.get(url);
  if (context) return { contextUrl: null, documentUrl: url, document: context };
  let path: string;
  let fragment: string | undefined;
  if (url.startsWith('did:web:')) {
    // did:web path form: did:web:<host>:a:b:c → https://<host>/a/b/c/did.json (served here on the app itself).
    const [did, hash] = url.split('#');
    const [, , , ...segments] = did.split(':');
    path = `/${segments.join('/')}/did.json`;
    fragment = hash;
  } else {
    const parsed = new URL(url);
    path = parsed.pathname;
  }
  // No cookie: the public routes only.
  const response = await t.app.inject({ method: 'GET', url: path });
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode}`);
  fetched.push(path);
  const document = response.json();
  if (!fragment) return { contextUrl: null, documentUrl: url, document };
  const method = document.verificationMethod.find((entry: { id: string }) => entry.id === url);
  return { contextUrl: null, documentUrl: url, document: { '@context': 'https://w3id.org/security/multikey/v1', ...method } };
}

/**
 * The independent verifier's answer for a credential: the proof, then its status. The status
 * checker reports `verified` for a status list it could verify and `status` for the credential's
 * bit in it (true: revoked); `verified` here is what a relying party concludes from both.
 */
async function independentlyVerify(credential: Record<string, unknown>) {
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  const result = await vc.verifyCredential({ credential, suite, documentLoader, checkStatus });
  const revoked = (result.statusResult?.results ?? []).some((entry) => entry.status === true);
  return { ...result, revoked, verified: result.verified && !revoked };
}

async function credentialOf(client: TestClient, id: string) {
  const response = await client.get(`/api/v1/certificates/${id}/credential`);
  expect(response.statusCode, response.body).toBe(200);
  // A signed JSON-LD document: read freely by the assertions below.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return response.json() as Record<string, any>;
}

const publicVerify = (credential: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/public/credentials/verify', payload: { credential } as never });

beforeAll(async () => {
  t = await createTestApp({ publicRateLimitPerMinute: 1000 });
  const admin = await t.admin();
  const province = await buildProvince(admin, { provinceCode: '23' });
  const built = await certificateEnterprise(t, admin, province.id, { name: '哈尔滨电机厂有限责任公司' });
  hr = built.hr;
  const person = holder(1, { name: '张建国', trade: '高压电工' });
  const job = await importRegister(hr, await registerWorkbook([goodRow(1, { name: person.name, idNumber: person.idNumber, birthDate: person.birthDate, gender: '男' })]));
  expect(job.result).toMatchObject({ outcome: 'imported' });
  const list = (await hr.get(`/api/v1/register?q=${encodeURIComponent(person.name)}`)).json();
  const username = `vc-holder-${Math.floor(Math.random() * 1e6)}`;
  const account = await hr.post(`/api/v1/register/${list.items[0].id}/user`, { username });
  holderClient = await TestClient.firstLogIn(t.app, username, account.json().initialPassword, 'Password-2021-ok');
  const result = await issueCertificates(t.handle.db, await contextFor(t.handle.db, built.user.id, t.clock), {
    enterpriseId: built.enterprise.id,
    issuedOn: '2024-12-18',
    ...(await confirmedHolders(t.handle.db, built.enterprise.id, [person, holder(2, { name: '李秀英' }), holder(3, { name: '王建军' })])),
  });
  issued = result.certificates;
}, 180_000);
afterAll(() => t?.close());

describe('GET /api/v1/certificates/:id/credential', () => {
  it('is an OpenBadgeCredential signed eddsa-rdfc-2022 by the issuer’s did:web, with its revocation status entry; the independent verifier accepts it', async () => {
    const credential = await credentialOf(holderClient, issued[0].id);
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
    expect(credential.issuer.id).toMatch(/^did:web:[^:]+:api:v1:public:organisations:[0-9a-f-]{36}$/);
    expect(credential.issuer.name).toBe('哈尔滨电机厂有限责任公司');
    expect(credential.credentialSubject.achievement).toMatchObject({ humanCode: issued[0].code, type: ['Achievement'] });
    expect(credential.credentialSubject.identifier[0]).toMatchObject({ identityType: 'name', identityHash: '张建国' });
    expect(credential.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' });
    expect(credential.proof.verificationMethod.startsWith(`${credential.issuer.id}#`)).toBe(true);
    expect(credential.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '0' });

    // Issued once: the same document every time, for HR in scope and the holder alike; audited once.
    expect(await credentialOf(hr, issued[0].id)).toEqual(credential);
    const entries = await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'certificate.credential-issued'), eq(auditLog.targetId, issued[0].id)));
    expect(entries).toHaveLength(1);

    fetched.length = 0;
    const result = await independentlyVerify(credential);
    expect(result.verified, JSON.stringify(result.error ?? result, null, 1)?.slice(0, 2000)).toBe(true);
    expect(result.revoked).toBe(false);
    // It read the DID document and the status list from the public routes, nothing else.
    expect(fetched.some((path) => path.endsWith('/did.json'))).toBe(true);
    expect(fetched.some((path) => path.endsWith('/status-lists/revocation'))).toBe(true);

    // This system's own verifier agrees.
    const ours = await publicVerify(credential);
    expect(ours.statusCode, ours.body).toBe(200);
    expect(ours.json()).toMatchObject({ verified: true, signature: 'valid', status: 'valid', issuer: { known: true, name: '哈尔滨电机厂有限责任公司' }, certificate: { code: issued[0].code, holderName: '张建国' }, problems: [] });
  });

  it('is refused to another holder and outside HR’s scope', async () => {
    const admin = await t.admin();
    const otherProvince = await buildProvince(admin, { provinceCode: '22' });
    const other = await certificateEnterprise(t, admin, otherProvince.id);
    expect((await other.hr.get(`/api/v1/certificates/${issued[0].id}/credential`)).statusCode).toBe(404);
    expect((await holderClient.get(`/api/v1/certificates/${issued[1].id}/credential`)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/certificates/${issued[0].id}/credential` })).statusCode).toBe(401);
  });

  it('an altered credential, or one signed by another key, fails in the independent verifier and here', async () => {
    const credential = await credentialOf(hr, issued[0].id);
    const altered = structuredClone(credential);
    altered.credentialSubject.identifier[0].identityHash = '李四';
    expect((await independentlyVerify(altered)).verified).toBe(false);
    expect((await publicVerify(altered)).json()).toMatchObject({ verified: false, signature: 'invalid' });

    // Signed correctly, but with a key that is not the issuer's: the DID document does not know it.
    const { privateKey } = generateKeyPairSync('ed25519');
    const { proof: _proof, ...unsigned } = credential;
    const loader = async (url: string) => ({ contextUrl: null, documentUrl: url, document: bundledContexts.get(url)! });
    const forged = await signDocument(unsigned, privateKey, { verificationMethod: `${credential.issuer.id}#forged-key`, created: xsdDateTime(t.clock.now()) }, loader);
    expect((await independentlyVerify(forged)).verified).toBe(false);
    expect((await publicVerify(forged)).json()).toMatchObject({ verified: false, signature: 'invalid', problems: [{ code: 'KEY_UNKNOWN' }] });
    // The same key claimed under the issuer's real key id: the signature does not match it.
    const impostor = await signDocument(unsigned, privateKey, { verificationMethod: credential.proof.verificationMethod, created: xsdDateTime(t.clock.now()) }, loader);
    expect((await independentlyVerify(impostor)).verified).toBe(false);
    expect((await publicVerify(impostor)).json()).toMatchObject({ verified: false, signature: 'invalid', problems: [{ code: 'SIGNATURE_INVALID' }] });
  });

  it('after a key rotation, a credential signed with the old key still verifies; a new one is signed with the new key', async () => {
    const old = await credentialOf(hr, issued[0].id);
    const rotated = await hr.post('/api/v1/signing-keys/rotate', { kinds: ['ed25519'] });
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect((await independentlyVerify(old)).verified).toBe(true);
    expect((await publicVerify(old)).json()).toMatchObject({ verified: true });
    const fresh = await credentialOf(hr, issued[1].id);
    expect(fresh.proof.verificationMethod).not.toBe(old.proof.verificationMethod);
    expect(fresh.credentialStatus.statusListIndex).toBe('1');
    expect((await independentlyVerify(fresh)).verified).toBe(true);
    const did = (await t.app.inject({ method: 'GET', url: `/api/v1/public/organisations/${old.issuer.id.split(':').pop()}/did.json` })).json();
    expect(did.assertionMethod).toEqual(expect.arrayContaining([old.proof.verificationMethod, fresh.proof.verificationMethod]));
  });

  it('a revoked certificate’s credential fails: its status bit is set in the signed list in the revocation’s transaction', async () => {
    const credential = await credentialOf(hr, issued[1].id);
    const revoked = await hr.post(`/api/v1/certificates/${issued[1].id}/revoke`, { reason: '经核实，申报材料弄虚作假', basis: 'other' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const result = await independentlyVerify(credential);
    // The proof and the signed list verify; the credential's bit in the list says revoked.
    expect(result.statusResult?.verified).toBe(true);
    expect(result.revoked).toBe(true);
    expect(result.verified).toBe(false);
    const ours = (await publicVerify(credential)).json();
    expect(ours).toMatchObject({ verified: false, signature: 'valid', status: 'revoked', problems: [{ code: 'REVOKED' }], certificate: { status: 'revoked' } });
    // The other credential of the same list is untouched.
    expect((await independentlyVerify(await credentialOf(hr, issued[0].id))).verified).toBe(true);
    // A certificate revoked before its credential was ever asked for gets none.
    expect((await hr.post(`/api/v1/certificates/${issued[2].id}/revoke`, { reason: '发证有误', basis: 'issued-in-error' })).statusCode).toBe(200);
    expect((await hr.get(`/api/v1/certificates/${issued[2].id}/credential`)).statusCode).toBe(409);
  });

  it('records a signed-in verification of a credential for the holder', async () => {
    const credential = await credentialOf(hr, issued[0].id);
    const response = await hr.post('/api/v1/public/credentials/verify', { credential });
    expect(response.json().verified).toBe(true);
    const log = (await holderClient.get(`/api/v1/my/certificates/${issued[0].id}/verifications`)).json();
    expect(log.signedIn.map((entry: { channel: string; organisationName: string }) => [entry.channel, entry.organisationName])).toContainEqual(['credential', '哈尔滨电机厂有限责任公司']);
  });
});
