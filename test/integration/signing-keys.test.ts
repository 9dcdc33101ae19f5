// An enterprise's signing keys (issue 20): created when first needed, rotated with the old public
// keys still published (with their validity) and still verifying what they signed, replaced by an
// uploaded PKCS#12, every change audited, private keys never stored in clear, and nobody reaching
// another enterprise's keys.
import { generateKeyPairSync } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, organisations, signingKeys } from '../../src/db/schema.ts';
import { ed25519Signer, ensureSigningKeys, verifyEd25519 } from '../../src/modules/signing/keys.ts';
import { systemContext } from '../../src/platform/context.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';

let t: TestApp;
let hr: TestClient;
let enterprise: { id: string; name: string; path: string };
let otherHr: TestClient;

beforeAll(async () => {
  t = await createTestApp({ jobs: false });
  const admin = await t.admin();
  const province = await buildProvince(admin);
  const built = await buildEnterprise(admin, province.id, { name: '签名测试集团有限公司' });
  const [row] = await t.handle.db.select().from(organisations).where(eq(organisations.id, built.id));
  enterprise = { id: row.id, name: row.name, path: row.path };
  const user = await buildUser(admin, enterprise.id, ['enterprise-admin']);
  hr = await t.login(user.username, user.password);
  const other = await buildEnterprise(admin, province.id, { name: '另一家企业' });
  const otherUser = await buildUser(admin, other.id, ['enterprise-admin']);
  otherHr = await t.login(otherUser.username, otherUser.password);
}, 120_000);
afterAll(() => t?.close());

/** A PKCS#12 (3DES, SHA-1 MAC: the legacy form many CAs still hand out) with an RSA-2048 key and its self-signed certificate. */
function rsaPkcs12(password: string, options: { notAfter?: Date } = {}): Buffer {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ format: 'pem', type: 'pkcs1' }).toString());
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  certificate.serialNumber = '0badc0de';
  certificate.validity.notBefore = new Date(t.clock.now().getTime() - 86_400_000);
  certificate.validity.notAfter = options.notAfter ?? new Date(t.clock.now().getTime() + 365 * 86_400_000);
  const name = [{ shortName: 'CN', value: 'Signing Test Group' }];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.setExtensions([{ name: 'keyUsage', digitalSignature: true, nonRepudiation: true }]);
  certificate.sign(key, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [certificate], password, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

async function uploadP12(client: TestClient, bytes: Buffer, password: string) {
  const boundary = `----ptech${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="password"\r\n\r\n${password}\r\n`, 'utf8'),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="signing.p12"\r\nContent-Type: application/x-pkcs12\r\n\r\n`, 'utf8'),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
  ]);
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/signing-keys/pkcs12',
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-csrf-token': client.cookies.ptech_csrf },
    cookies: client.cookies,
  });
}

describe('signing keys', () => {
  it('creates an Ed25519 and an X.509 key once, when first needed, and audits it', async () => {
    expect((await hr.get('/api/v1/signing-keys')).json().keys).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/organisations/${enterprise.id}/keys` })).statusCode).toBe(404);
    const context = systemContext(t.clock);
    // Two processes issuing at once: one key of each kind, whoever wins.
    const [first, second] = await Promise.all([ensureSigningKeys(t.handle.db, context, enterprise), ensureSigningKeys(t.handle.db, context, enterprise)]);
    expect(first.ed25519.id).toBe(second.ed25519.id);
    expect(first.x509.id).toBe(second.x509.id);
    const rows = await t.handle.db.select().from(signingKeys).where(eq(signingKeys.organisationId, enterprise.id));
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      // Encrypted at rest like personal data, never PKCS#8 in clear.
      expect(row.privateKeyEncrypted).toMatch(/^v1:/);
      expect(row.privateKeyEncrypted).not.toContain('MC4CAQAw');
    }
    expect(rows.find((row) => row.kind === 'x509')!.certificatePem).toContain('BEGIN CERTIFICATE');
    const created = await t.handle.db.select().from(auditLog).where(eq(auditLog.action, 'signing-key.created'));
    expect(created.filter((entry) => entry.organisationId === enterprise.id)).toHaveLength(2);
  });

  it('publishes the public keys without a session, as a JWK set with validity', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/public/organisations/${enterprise.id}/keys` });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.organisationName).toBe('签名测试集团有限公司');
    const ed = body.keys.find((key: { purpose: string }) => key.purpose === 'qr-signature');
    expect(ed).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', status: 'current', notAfter: null });
    expect(ed).not.toHaveProperty('d');
    const pdf = body.keys.find((key: { purpose: string }) => key.purpose === 'pdf-signature');
    expect(pdf).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', status: 'current' });
    expect(pdf.x5c).toHaveLength(1);
    expect(new Date(pdf.notAfter).getTime()).toBeGreaterThan(t.clock.now().getTime() + 9 * 365 * 86_400_000);
    expect(JSON.stringify(body)).not.toMatch(/"d":/);
  });

  it('rotates: a new key becomes current; the old one stays published, retired, and still verifies what it signed', async () => {
    const [oldEd] = await t.handle.db.select().from(signingKeys).where(and(eq(signingKeys.organisationId, enterprise.id), eq(signingKeys.kind, 'ed25519')));
    const message = Buffer.from('Y00002300000126T000001\n张三\n2026-12-01');
    const signed = ed25519Signer(oldEd)(message);
    const rotated = await hr.post('/api/v1/signing-keys/rotate', { kinds: ['ed25519'] });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const keys = rotated.json().keys as { kind: string; status: string; kid: string; notAfter: string | null }[];
    expect(keys.filter((key) => key.kind === 'ed25519').map((key) => key.status)).toEqual(['current', 'retired']);
    const retired = keys.find((key) => key.kid === oldEd.kid)!;
    expect(new Date(retired.notAfter!).getTime()).toBeLessThanOrEqual(t.clock.now().getTime());
    expect(new Date(retired.notAfter!).getTime()).toBeGreaterThan(oldEd.notBefore.getTime());
    expect(await verifyEd25519(t.handle.db, enterprise.id, oldEd.kid, message, signed.signature)).toBe(true);
    expect(await verifyEd25519(t.handle.db, enterprise.id, oldEd.kid, Buffer.from('altered'), signed.signature)).toBe(false);
    // Published with its validity, beside the new one.
    const published = (await t.app.inject({ method: 'GET', url: `/api/v1/public/organisations/${enterprise.id}/keys` })).json().keys;
    expect(published.find((key: { kid: string }) => key.kid === oldEd.kid)).toMatchObject({ status: 'retired', notAfter: retired.notAfter });
    const [entry] = await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'signing-key.rotated'), eq(auditLog.organisationId, enterprise.id)));
    expect(entry.before).toMatchObject({ kid: oldEd.kid });
    expect(JSON.stringify(entry)).not.toContain('privateKey');
  });

  it('takes an uploaded PKCS#12 as the PDF signing certificate, refusing a wrong password or a file that is none', async () => {
    const p12 = rsaPkcs12('p12-Secret-2026');
    const wrong = await uploadP12(hr, p12, 'not-the-password');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'SIGNING_PKCS12_INVALID', errors: [{ code: 'PKCS12_PASSWORD' }] });
    expect(wrong.json().errors[0].messages['zh-CN']).toContain('密码');
    const garbage = await uploadP12(hr, Buffer.from('%PDF-1.7 not a p12'), 'x');
    expect(garbage.json()).toMatchObject({ code: 'SIGNING_PKCS12_INVALID', errors: [{ code: 'PKCS12_FORMAT' }] });
    const expired = await uploadP12(hr, rsaPkcs12('p12-Secret-2026', { notAfter: new Date(t.clock.now().getTime() - 3_600_000) }), 'p12-Secret-2026');
    expect(expired.json()).toMatchObject({ code: 'SIGNING_PKCS12_INVALID', errors: [{ code: 'PKCS12_EXPIRED' }] });

    const uploaded = await uploadP12(hr, p12, 'p12-Secret-2026');
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    const x509Keys = (uploaded.json().keys as { kind: string; status: string; source: string; algorithm: string }[]).filter((key) => key.kind === 'x509');
    expect(x509Keys.map((key) => [key.status, key.source, key.algorithm])).toEqual([
      ['current', 'uploaded', 'RS256'],
      ['retired', 'generated', 'ES256'],
    ]);
    const [entry] = await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'signing-key.uploaded'), eq(auditLog.organisationId, enterprise.id)));
    expect(entry.after).toMatchObject({ source: 'uploaded', algorithm: 'RS256' });
  });

  it("keeps every enterprise to its own keys", async () => {
    expect((await otherHr.get(`/api/v1/signing-keys?organisationId=${enterprise.id}`)).statusCode).toBe(404);
    const before = await t.handle.db.select().from(signingKeys).where(eq(signingKeys.organisationId, enterprise.id));
    expect((await otherHr.post('/api/v1/signing-keys/rotate', { organisationId: enterprise.id })).statusCode).toBe(404);
    expect(await t.handle.db.select().from(signingKeys).where(eq(signingKeys.organisationId, enterprise.id))).toEqual(before);
  });
});
