// The certificate as an A4 PDF: every field in the text, a page that is not blank (title, fields,
// photo), a QR code that decodes to the verification address, the same bytes at every reprint, an
// enterprise's own font and layout (kept by certificates already issued).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema.ts';
import { BOLD_FONT_PATH } from '../../src/modules/certificates/certificate-pdf.ts';
import { configureCertificatePrint } from '../../src/modules/certificates/certificate-print.ts';
import { SCREENSHOT_DIR } from '../support/browser.ts';
import { certificateEnterprise, darkPixels, decodeQr, holder, multipartBody, pdfText, renderPdfPage, residentId } from '../support/certificate-factories.ts';
import { buildProvince } from '../support/factories.ts';
import { runJobsOnce } from '../../src/platform/jobs.ts';
import { startCertificateBatch } from '../../src/modules/certificates/issue-certificates.ts';
import { contextFor } from '../support/actors.ts';
import { confirmedHolders } from '../support/confirmed-list.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';

let t: TestApp;
let hr: TestClient;
let enterpriseName: string;
let enterpriseId: string;

/** The holders stand confirmed on a notice; the batch is the path of the confirmed list (with the holders' photos). */
async function startBatch(holders: ReturnType<typeof holder>[]) {
  const context = await contextFor(t.handle.db, hr.me.id, t.clock);
  const { batch } = await startCertificateBatch(t.handle.db, context, { issuedOn: '2024-12-18', ...(await confirmedHolders(t.handle.db, enterpriseId, holders)) });
  return batch;
}

/** A signed PDF without what differs between two signings of it: the signature's bytes and its time (/M). */
function unsignedBytes(pdf: Buffer): string {
  return pdf.toString('latin1').replace(/\/Contents <[0-9a-f]+>/, '/Contents <>').replace(/\/M \(D:[^)]*\)/, '/M ()');
}

/** A small PNG "photo": a blue figure on white, made with pdfkit and pdftoppm. */
async function photoPng(): Promise<Buffer> {
  const document = new PDFDocument({ size: [100, 140], margin: 0 });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => document.on('end', () => resolve(Buffer.concat(chunks))));
  document.rect(0, 0, 100, 140).fill('#ffffff');
  document.circle(50, 45, 25).fill('#1d4ed8');
  document.rect(15, 80, 70, 60).fill('#1d4ed8');
  document.end();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptech-photo-'));
  try {
    fs.writeFileSync(path.join(dir, 'photo.pdf'), await done);
    execFileSync('pdftoppm', ['-r', '144', '-png', '-singlefile', path.join(dir, 'photo.pdf'), path.join(dir, 'photo')]);
    return fs.readFileSync(path.join(dir, 'photo.png'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function issueOne(holders: ReturnType<typeof holder>[]) {
  const started = await startBatch(holders);
  await runJobsOnce(t.handle.db, t.clock);
  const batch = (await hr.get(`/api/v1/certificate-batches/${started.id}`)).json();
  return (await hr.get(`/api/v1/certificates?batchId=${batch.id}`)).json().items as { id: string; code: string; verifyUrl: string }[];
}

beforeAll(async () => {
  t = await createTestApp({ jobs: false });
  const admin = await t.admin();
  const province = await buildProvince(admin);
  enterpriseName = '哈尔滨电气集团有限公司';
  const built = await certificateEnterprise(t, admin, province.id, { name: enterpriseName });
  hr = built.hr;
  enterpriseId = built.enterprise.id;
}, 120_000);
afterAll(() => t?.close());

describe('GET /api/v1/certificates/:id/pdf', () => {
  it('prints every field on one A4 page, with the photo and a QR code that opens the verification page', async () => {
    const upload = multipartBody('file', '一寸照片.png', await photoPng(), 'image/png');
    const photo = await t.app.inject({ method: 'POST', url: '/api/v1/files', payload: upload.payload, headers: { 'content-type': upload.contentType, 'x-csrf-token': hr.cookies.ptech_csrf }, cookies: hr.cookies });
    expect(photo.statusCode, photo.body).toBe(201);
    const [certificate] = await issueOne([holder(1, { name: '张建国', photoFileId: photo.json().id })]);
    const response = await hr.get(`/api/v1/certificates/${certificate.id}/pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(String(response.headers['content-disposition'])).toContain('attachment');
    const pdf = response.rawPayload;
    expect(execFileSync('pdfinfo', ['-'], { input: pdf, encoding: 'utf8' })).toMatch(/Pages:\s+1[\s\S]*Page size:\s+595\.28 x 841\.89 pts \(A4\)/);

    const text = pdfText(pdf).replace(/[ \t]+/g, ' ');
    for (const expected of ['职业技能等级证书', '张建国', '居民身份证', residentId(1), '电工', '--', '特级技师', certificate.code, enterpriseName, '2024年12月18日', 'jndj.osta.org.cn', 'pjjg.osta.org.cn', '工种/职业方向']) {
      expect(text, `the PDF text lacks ${expected}`).toContain(expected);
    }

    const page = renderPdfPage(pdf, { dpi: 150, png: path.join(SCREENSHOT_DIR, 'certificate-pdf.png') });
    expect(darkPixels(page, { x: 40, y: 28, width: 130, height: 14 }), 'the title is drawn').toBeGreaterThan(2000);
    expect(darkPixels(page, { x: 68, y: 88, width: 70, height: 110 }), 'the filled fields are drawn').toBeGreaterThan(3000);
    expect(darkPixels(page, { x: 152, y: 90, width: 25, height: 35 }), 'the photo is drawn').toBeGreaterThan(3000);
    expect(decodeQr(page)).toBe(certificate.verifyUrl);
    // The code and its unguessable token (issue 22): a code alone shows no holder.
    // And the issuer's key id and Ed25519 signature over code, name and date (issue 20).
    expect(certificate.verifyUrl).toMatch(new RegExp(`/verify/${certificate.code}\\?t=[A-Za-z0-9_-]{22}&k=[A-Za-z0-9_-]{16}&s=[A-Za-z0-9_-]{86}$`));

    // A reprint is the same document, byte for byte but its signature (signed anew, at its own time); each print is audited (the ID number in full).
    const reprint = await hr.get(`/api/v1/certificates/${certificate.id}/pdf?inline=1`);
    expect(unsignedBytes(reprint.rawPayload)).toBe(unsignedBytes(pdf));
    expect(String(reprint.headers['content-disposition'])).toContain('inline');
    const prints = await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'certificate.printed'), eq(auditLog.targetId, certificate.id)));
    expect(prints).toHaveLength(2);
  });

  it('draws a placeholder frame without a photo and never leaves the trade blank', async () => {
    const [certificate] = await issueOne([holder(2, { trade: '   ' })]);
    const pdf = (await hr.get(`/api/v1/certificates/${certificate.id}/pdf`)).rawPayload;
    const text = pdfText(pdf);
    expect(text).toMatch(/工种\/职业方向\s+--/);
    expect(text).toContain('1寸 Photo');
    const page = renderPdfPage(pdf, { dpi: 100 });
    expect(darkPixels(page, { x: 154, y: 92, width: 21, height: 31 })).toBeLessThan(800);
  });
});

describe('a revoked certificate never prints as valid (六(四))', () => {
  it('carries the diagonal 已撤销 mark with the date and the reason on the page', async () => {
    const [certificate] = await issueOne([holder(5, { name: '王志强' })]);
    const validText = pdfText((await hr.get(`/api/v1/certificates/${certificate.id}/pdf`)).rawPayload);
    expect(validText).not.toContain('已撤销');
    expect(validText).not.toContain('REVOKED');
    const revoked = await hr.post(`/api/v1/certificates/${certificate.id}/revoke`, { reason: '经核查申报材料弄虚作假', basis: 'fraud' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const response = await hr.get(`/api/v1/certificates/${certificate.id}/pdf`);
    expect(response.statusCode).toBe(200);
    const pdf = response.rawPayload;
    expect(execFileSync('pdfinfo', ['-'], { input: pdf, encoding: 'utf8' })).toMatch(/Pages:\s+1/);
    const text = pdfText(pdf).replace(/\s+/g, '');
    expect(text).toContain('已撤销');
    expect(text).toContain('REVOKED');
    expect(text).toContain(`本证书已于${t.clock.today().replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')}撤销，不再有效。撤销原因：经核查申报材料弄虚作假`);
    // The holder's data is still there (the mark lies over it, it does not replace it).
    expect(text).toContain('王志强');
    // The mark is drawn: red pixels across the middle of the page, where a valid certificate has none.
    const page = renderPdfPage(pdf, { dpi: 60, png: path.join(SCREENSHOT_DIR, 'certificate-pdf-revoked.png') });
    let red = 0;
    for (let index = 0; index < page.data.length; index += 4) if (page.data[index] > 180 && page.data[index + 1] < 140 && page.data[index + 2] < 150) red += 1;
    expect(red, 'red pixels of the 已撤销 mark').toBeGreaterThan(2000);
  });
});

describe('an enterprise’s own font and layout', () => {
  it('refuses a file that is no usable font', async () => {
    const body = multipartBody('file', 'fake.ttf', Buffer.from('not a font at all, only text'));
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/certificate-settings/font', payload: body.payload, headers: { 'content-type': body.contentType, 'x-csrf-token': hr.cookies.ptech_csrf }, cookies: hr.cookies });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('CERTIFICATE_FONT_INVALID');
  });

  it('prints new certificates in the uploaded font and layout; those already issued keep theirs', async () => {
    const [before] = await issueOne([holder(3)]);
    const beforePdf = (await hr.get(`/api/v1/certificates/${before.id}/pdf`)).rawPayload;
    const body = multipartBody('file', '企业授权字体.ttf', fs.readFileSync(BOLD_FONT_PATH), 'font/ttf');
    const uploaded = await t.app.inject({ method: 'POST', url: '/api/v1/certificate-settings/font', payload: body.payload, headers: { 'content-type': body.contentType, 'x-csrf-token': hr.cookies.ptech_csrf }, cookies: hr.cookies });
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    expect(uploaded.json().font).toMatchObject({ name: '企业授权字体.ttf' });
    const settings = uploaded.json();
    const changed = await hr.request('PUT', '/api/v1/certificate-settings', { overrides: { title: { ...settings.template.title, text: '特级技师证书' } } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().template.title.text).toBe('特级技师证书');
    const preview = await hr.get('/api/v1/certificate-settings/preview');
    expect(preview.headers['content-type']).toBe('application/pdf');
    expect(pdfText(preview.rawPayload)).toContain('特级技师证书');

    const [after] = await issueOne([holder(4)]);
    const afterPdf = (await hr.get(`/api/v1/certificates/${after.id}/pdf`)).rawPayload;
    const fonts = execFileSync('pdffonts', ['-'], { input: afterPdf, encoding: 'utf8' });
    expect(fonts).toContain('NotoSerifSC-Bold');
    expect(fonts).not.toContain('NotoSerifSC-Regular');
    expect(pdfText(afterPdf)).toContain('特级技师证书');
    // The certificate issued before prints as it was issued.
    expect(unsignedBytes((await hr.get(`/api/v1/certificates/${before.id}/pdf`)).rawPayload)).toBe(unsignedBytes(beforePdf));
    expect(pdfText(beforePdf)).toContain('职业技能等级证书');
    // Back to the bundled font and the reference style.
    const reset = await hr.request('PUT', '/api/v1/certificate-settings', { overrides: null, useUploadedFont: false });
    expect(reset.json()).toMatchObject({ font: null, overrides: {} });
  });
});

describe('a batch’s print file', () => {
  it('renders a large batch on threads beside the issuing transaction: one PDF, each certificate on its page in serial order, as printed alone', async () => {
    // Large batches (200 pages and up) render on threads; lowered here to cover that path with six.
    configureCertificatePrint({ threadedFromPages: 4, threads: 2 });
    try {
      const upload = multipartBody('file', '一寸照片.png', await photoPng(), 'image/png');
      const photo = await t.app.inject({ method: 'POST', url: '/api/v1/files', payload: upload.payload, headers: { 'content-type': upload.contentType, 'x-csrf-token': hr.cookies.ptech_csrf }, cookies: hr.cookies });
      expect(photo.statusCode, photo.body).toBe(201);
      const holders = Array.from({ length: 6 }, (_, index) => holder(40 + index, index === 4 ? { photoFileId: photo.json().id } : {}));
      const started = await startBatch(holders);
      await runJobsOnce(t.handle.db, t.clock);
      const batch = (await hr.get(`/api/v1/certificate-batches/${started.id}`)).json();
      expect(batch).toMatchObject({ status: 'issued', certificateCount: 6, job: { status: 'succeeded', progress: { done: 6, total: 6 } } });
      const printFile = await hr.get(`/api/v1/files/${batch.printFileId}`);
      expect(printFile.statusCode).toBe(200);
      const pdf = printFile.rawPayload;
      const info = spawnSync('pdfinfo', ['-'], { input: pdf, encoding: 'utf8' });
      expect(info.stderr).toBe('');
      expect(info.stdout).toMatch(/Pages:\s+6\n/);

      const issued = ((await hr.get(`/api/v1/certificates?batchId=${batch.id}&limit=100`)).json().items as { id: string; code: string; holderName: string }[]).sort((a, b) => a.code.localeCompare(b.code));
      for (const [index, certificate] of issued.entries()) {
        const text = execFileSync('pdftotext', ['-f', String(index + 1), '-l', String(index + 1), '-', '-'], { input: pdf, encoding: 'utf8' });
        expect(text).toContain(certificate.code);
        expect(text).toContain(holders[index].name);
        expect(text).toContain(residentId(40 + index));
        // The same page as the certificate's own PDF, read back from its stored row.
        const alone = (await hr.get(`/api/v1/certificates/${certificate.id}/pdf`)).rawPayload;
        expect(text).toBe(execFileSync('pdftotext', ['-f', '1', '-l', '1', '-', '-'], { input: alone, encoding: 'utf8' }));
        const picture = (bytes: Buffer, page: number) => execFileSync('pdftoppm', ['-r', '40', '-gray', '-f', String(page), '-l', String(page), '-'], { input: bytes, maxBuffer: 64 * 1024 * 1024 });
        expect(picture(pdf, index + 1).equals(picture(alone, 1)), `page ${index + 1} looks different from ${certificate.code} alone`).toBe(true);
      }
    } finally {
      configureCertificatePrint({ threadedFromPages: 200 });
    }
  });
});
