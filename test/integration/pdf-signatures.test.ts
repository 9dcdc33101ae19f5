// Certificates nobody can forge (issue 20), proven with verifiers this project did not write:
// Poppler's pdfsig reports each certificate PDF's PAdES signature valid and covering the whole
// document, and one changed byte invalid; qpdf finds the signed file sound; zbarimg reads the QR
// code, whose Ed25519 signature checks with the issuer's published key. The verification endpoint
// tells authentic, altered and not ours apart, with the certificate's status now; a rotated key
// still verifies what it signed; issuing with a loopback or unset PUBLIC_BASE_URL is refused.
import { execFileSync, spawnSync } from 'node:child_process';
import { flushLookupCounts } from '../../src/modules/certificates/verification-log.ts';
import { createPublicKey, verify } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qrSignedBytes } from '../../src/domain/qr-signature.ts';
import { eq } from 'drizzle-orm';
import { certificateLookupDays, certificateVerifications } from '../../src/modules/certificates/tables.ts';
import { startCertificateBatch } from '../../src/modules/certificates/issue-certificates.ts';
import { runJobsOnce } from '../../src/platform/jobs.ts';
import { contextFor } from '../support/actors.ts';
import { certificateEnterprise, holder, multipartBody } from '../support/certificate-factories.ts';
import { confirmedHolders } from '../support/confirmed-list.ts';
import { buildProvince } from '../support/factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';

let t: TestApp;
let hr: TestClient;
let enterpriseId: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptech-pdfsig-'));

/** A tool of the machine, required: the test fails (never skips) when it is missing. */
function tool(name: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(name, args, { encoding: 'utf8' });
  if (result.error) throw new Error(`${name} is missing (${result.error.message}): run scripts/ensure-system-deps.sh`);
  return result;
}

function pdfsig(pdf: Buffer): string {
  const file = path.join(dir, `sig-${Math.random().toString(16).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  return tool('pdfsig', [file]).stdout;
}

async function issue(people: ReturnType<typeof holder>[]) {
  const context = await contextFor(t.handle.db, hr.me.id, t.clock);
  const { batch } = await startCertificateBatch(t.handle.db, context, { issuedOn: '2026-11-20', verifyBaseUrl: 'https://ptech.example.cn', ...(await confirmedHolders(t.handle.db, enterpriseId, people)) });
  await runJobsOnce(t.handle.db, t.clock);
  const read = (await hr.get(`/api/v1/certificate-batches/${batch.id}`)).json();
  const items = (await hr.get(`/api/v1/certificates?batchId=${batch.id}`)).json().items as { id: string; code: string; verifyUrl: string; holderName: string; issuedOn: string }[];
  return { batch: read as { printFileId: string }, items };
}

async function verifyUpload(bytes: Buffer, name = 'certificate.pdf') {
  const body = multipartBody('file', name, bytes, 'application/pdf');
  return t.app.inject({ method: 'POST', url: '/api/v1/public/documents/verify', payload: body.payload, headers: { 'content-type': body.contentType } });
}

/** The bytes with one byte changed inside the signed range (in the page content, far from the signature). */
function oneByteChanged(pdf: Buffer): Buffer {
  const changed = Buffer.from(pdf);
  const at = changed.indexOf('stream\n') + 40;
  changed[at] = changed[at] ^ 0x01;
  return changed;
}

beforeAll(async () => {
  t = await createTestApp({ jobs: false });
  const admin = await t.admin();
  const province = await buildProvince(admin);
  const built = await certificateEnterprise(t, admin, province.id, { name: '签章验证电气集团有限公司' });
  hr = built.hr;
  enterpriseId = built.enterprise.id;
}, 120_000);
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the signed certificate PDF', () => {
  let pdf: Buffer;
  let certificate: { id: string; code: string; verifyUrl: string; holderName: string; issuedOn: string };

  beforeAll(async () => {
    const { items } = await issue([holder(1, { name: '周文华' })]);
    certificate = items[0];
    const response = await hr.get(`/api/v1/certificates/${certificate.id}/pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    pdf = response.rawPayload;
  }, 120_000);

  it('carries a PAdES signature pdfsig finds valid and covering the whole document; qpdf finds the file sound', () => {
    const report = pdfsig(pdf);
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Signer Certificate Common Name: 签章验证电气集团有限公司');
    expect(report).toContain('Signing Hash Algorithm: SHA-256');
    expect(report).toContain('Total document signed');
    expect(report).toContain('Signature Validation: Signature is Valid.');
    const file = path.join(dir, 'certificate.pdf');
    fs.writeFileSync(file, pdf);
    const checked = tool('qpdf', ['--check', file]);
    expect(checked.status, checked.stdout + checked.stderr).toBe(0);
    expect(checked.stdout).toContain('No syntax or stream encoding errors found');
  });

  it('is reported invalid by pdfsig when one byte changes, and the page says altered', async () => {
    const changed = oneByteChanged(pdf);
    const report = pdfsig(changed);
    expect(report).not.toContain('Signature is Valid.');
    expect(report).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
    const answer = await verifyUpload(changed);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ result: 'altered', reason: 'modified', signer: { organisationName: '签章验证电气集团有限公司' } });
    // Bytes added after the signature (an incremental update) are an alteration too.
    const appended = await verifyUpload(Buffer.concat([pdf, Buffer.from('\n1 0 obj\n<<>>\nendobj\n')]));
    expect(appended.json()).toMatchObject({ result: 'altered', reason: 'appended' });
  });

  it('is authentic on the verification endpoint, naming the certificate and its status now; revoked shows revoked', async () => {
    const answer = await verifyUpload(pdf);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.json()).toMatchObject({
      result: 'authentic',
      reason: 'signed',
      signer: { organisationId: enterpriseId, keyStatus: 'current' },
      document: { kind: 'certificate', certificate: { code: certificate.code, holderName: '周文华', status: 'valid' } },
    });
    const revoked = await hr.post(`/api/v1/certificates/${certificate.id}/revoke`, { reason: '弄虚作假，证书撤销', basis: 'fraud' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((await verifyUpload(pdf)).json()).toMatchObject({ result: 'authentic', document: { certificate: { code: certificate.code, status: 'revoked' } } });
  });

  it('counts for the holder: an anonymous upload per day, a signed-in one with its organisation', async () => {
    const counted = async () => (await flushLookupCounts(t.handle.db), await t.handle.db.select().from(certificateLookupDays).where(eq(certificateLookupDays.certificateId, certificate.id))).reduce((sum, row) => sum + row.count, 0);
    const before = await counted();
    expect((await verifyUpload(pdf)).json().result).toBe('authentic');
    expect(await counted()).toBe(before + 1);
    // An altered file is no verification of the certificate.
    await verifyUpload(oneByteChanged(pdf));
    expect(await counted()).toBe(before + 1);
    const body = multipartBody('file', 'certificate.pdf', pdf, 'application/pdf');
    const signedIn = await hr.request('POST', '/api/v1/public/documents/verify', body.payload, { 'content-type': body.contentType });
    expect(signedIn.json().result).toBe('authentic');
    const rows = await t.handle.db.select().from(certificateVerifications).where(eq(certificateVerifications.certificateId, certificate.id));
    expect(rows.map((row) => [row.channel, row.organisationName])).toEqual([['document', '签章验证电气集团有限公司']]);
    expect(await counted()).toBe(before + 1);
  });

  it('carries in its QR code the verification address and an Ed25519 signature that checks with the published key', async () => {
    const png = path.join(dir, 'page');
    fs.writeFileSync(path.join(dir, 'qr.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', '200', '-f', '1', '-l', '1', '-singlefile', '-png', path.join(dir, 'qr.pdf'), png]);
    const scanned = tool('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', `${png}.png`]);
    expect(scanned.status, scanned.stderr).toBe(0);
    const link = scanned.stdout.trim();
    expect(link).toBe(certificate.verifyUrl);
    const url = new URL(link);
    expect(url.origin).toBe('https://ptech.example.cn');
    expect(url.pathname).toBe(`/verify/${certificate.code}`);
    const keyId = url.searchParams.get('k')!;
    const signature = url.searchParams.get('s')!;
    expect(signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    // Offline: the issuer's published key, the code in the link, the name and date printed on the certificate.
    const keys = (await t.app.inject({ method: 'GET', url: `/api/v1/public/organisations/${enterpriseId}/keys` })).json().keys as { kid: string; kty: string; crv: string; x: string }[];
    const jwk = keys.find((key) => key.kid === keyId)!;
    const publicKey = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
    expect(verify(null, qrSignedBytes({ code: certificate.code, holderName: '周文华', issuedOn: certificate.issuedOn }), publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
    expect(verify(null, qrSignedBytes({ code: certificate.code, holderName: '周文英', issuedOn: certificate.issuedOn }), publicKey, Buffer.from(signature, 'base64url'))).toBe(false);
    // The public verification answers the same with the link's parameters, and refuses a forged signature.
    const checked = await t.app.inject({ method: 'GET', url: `/api/v1/public/certificates/${certificate.code}${url.search}` });
    expect(checked.json()).toMatchObject({ qrSignature: 'valid', issuerId: enterpriseId });
    const forged = await t.app.inject({ method: 'GET', url: `/api/v1/public/certificates/${certificate.code}?t=${url.searchParams.get('t')}&k=${keyId}&s=${'A'.repeat(86)}` });
    expect(forged.json()).toMatchObject({ qrSignature: 'invalid' });
  });
});

describe('other signed documents and other answers', () => {
  it("signs the batch's print file too", async () => {
    const { batch } = await issue([holder(2), holder(3)]);
    const file = await hr.get(`/api/v1/files/${batch.printFileId}`);
    expect(file.statusCode).toBe(200);
    const report = pdfsig(file.rawPayload);
    expect(report).toContain('Signature is Valid.');
    expect(report).toContain('Total document signed');
    expect((await verifyUpload(file.rawPayload)).json()).toMatchObject({ result: 'authentic', document: { kind: 'certificate-batch' } });
  });

  it('still verifies a certificate signed before a rotation, by its retired key', async () => {
    const { items } = await issue([holder(4, { name: '钱学军' })]);
    const before = (await hr.get(`/api/v1/certificates/${items[0].id}/pdf`)).rawPayload;
    expect((await hr.post('/api/v1/signing-keys/rotate', {})).statusCode).toBe(200);
    expect(pdfsig(before)).toContain('Signature is Valid.');
    expect((await verifyUpload(before)).json()).toMatchObject({ result: 'authentic', signer: { keyStatus: 'retired' }, document: { certificate: { code: items[0].code, status: 'valid' } } });
    const link = new URL(items[0].verifyUrl);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/certificates/${items[0].code}${link.search}` })).json().qrSignature).toBe('valid');
    // A reprint now is signed with the new key and is authentic too.
    const after = (await hr.get(`/api/v1/certificates/${items[0].id}/pdf`)).rawPayload;
    expect((await verifyUpload(after)).json()).toMatchObject({ result: 'authentic', signer: { keyStatus: 'current' } });
  });

  it('answers not ours for an unsigned PDF or one signed by another key, and refuses a file that is no PDF', async () => {
    const document = new PDFDocument();
    const chunks: Buffer[] = [];
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<Buffer>((resolve) => document.on('end', () => resolve(Buffer.concat(chunks))));
    document.text('职业技能等级证书（伪造）');
    document.end();
    expect((await verifyUpload(await done)).json()).toMatchObject({ result: 'not-ours', reason: 'unsigned', signer: null });
    // Signed by a key this system never had: another installation's enterprise of the same name.
    const other = await createTestApp({ jobs: false });
    try {
      const admin = await other.admin();
      const province = await buildProvince(admin);
      const foreign = await certificateEnterprise(other, admin, province.id, { name: '签章验证电气集团有限公司' });
      const context = await contextFor(other.handle.db, foreign.hr.me.id, other.clock);
      const { batch } = await startCertificateBatch(other.handle.db, context, { issuedOn: '2026-11-20', ...(await confirmedHolders(other.handle.db, foreign.enterprise.id, [holder(9)])) });
      await runJobsOnce(other.handle.db, other.clock);
      const [item] = (await foreign.hr.get(`/api/v1/certificates?batchId=${batch.id}`)).json().items;
      const foreignPdf = (await foreign.hr.get(`/api/v1/certificates/${item.id}/pdf`)).rawPayload;
      expect(pdfsig(foreignPdf)).toContain('Signature is Valid.');
      expect((await verifyUpload(foreignPdf)).json()).toMatchObject({ result: 'not-ours', reason: 'unknown-signer' });
    } finally {
      await other.close();
    }
    const notPdf = await verifyUpload(Buffer.from('PK\u0003\u0004 not a pdf at all'), 'x.zip');
    expect(notPdf.statusCode).toBe(400);
    expect(notPdf.json().code).toBe('VERIFY_UPLOAD_NOT_PDF');
    expect(notPdf.json().messages['zh-CN']).toContain('不是 PDF');
    expect(notPdf.json().messages.en).toContain('not a PDF');
  }, 120_000);

  // Last: the refusal is configured per process (as the QR codes' base address is), and this app is not a demo.
  it('refuses to issue, naming PUBLIC_BASE_URL, when the QR code would point to a loopback or unset address outside the demo', async () => {
    const strict = await createTestApp({ jobs: false, demo: false });
    try {
      const admin = await strict.admin();
      const province = await buildProvince(admin);
      const built = await certificateEnterprise(strict, admin, province.id);
      const context = await contextFor(strict.handle.db, built.hr.me.id, strict.clock);
      const people = await confirmedHolders(strict.handle.db, built.enterprise.id, [holder(11)]);
      for (const verifyBaseUrl of [undefined, 'http://127.0.0.1:3000', 'http://localhost:3000']) {
        await expect(startCertificateBatch(strict.handle.db, context, { issuedOn: '2026-11-20', verifyBaseUrl, ...people })).rejects.toMatchObject({ code: 'PUBLIC_BASE_URL_REQUIRED' });
      }
      const refused = await built.hr.post('/api/v1/certificate-batches/from-applications', { planId: people.planId, issuedOn: '2026-11-20' });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().code).toBe('PUBLIC_BASE_URL_REQUIRED');
      expect(refused.json().messages['zh-CN']).toContain('PUBLIC_BASE_URL');
      expect(refused.json().messages.en).toContain('PUBLIC_BASE_URL');
    } finally {
      await strict.close();
    }
  }, 120_000);
});
