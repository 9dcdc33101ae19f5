// Certificates in a real browser: HR issues a certificate to the confirmed list of a plan (with
// confirmation and progress; there is no other list), downloads its PDF, the QR code decoded from the rendered page opens the public
// verification page, which shows it valid and its QR signature checked; the PDF uploaded there is authentic, one
// byte changed altered (issue 20); after a revocation it shows it revoked. The national
// upload and settings pages are looked at on the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, SCREENSHOT_DIR, type PageHandle } from '../support/browser.ts';
import { decodeQr, holder, renderPdfPage, residentId } from '../support/certificate-factories.ts';
import { confirmedList } from '../support/confirmed-list.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/test-app.ts';
import { dialogOpened } from '../support/e2e.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ENTERPRISE = '龙江精密装备制造有限公司';
const HOLDER = '张建国';

/** The visitor uploads a PDF on the verification page's 上传 PDF 查验 tab; the answer's headline. */
async function uploadPdf(page: Page, pdf: Buffer): Promise<string> {
  await page.getByRole('tab', { name: '上传 PDF 查验' }).click();
  const answered = page.waitForResponse((response) => response.url().endsWith('/api/v1/public/documents/verify'));
  await page.locator('input[type=file]').setInputFiles({ name: '证书.pdf', mimeType: 'application/pdf', buffer: pdf });
  await answered;
  const status = page.getByTestId('verify-pdf-status');
  await status.waitFor();
  return status.innerText();
}

/** The PDF with one byte changed inside the signed range (in the first content stream). */
function oneByteChanged(pdf: Buffer): Buffer {
  const changed = Buffer.from(pdf);
  const at = changed.indexOf('stream\n') + 40;
  changed[at] = changed[at] ^ 0x01;
  return changed;
}

async function login(page: Page, username: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => url.pathname === '/');
}

describe('certificates in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let handle: PageHandle;
  let hr: { username: string; password: string };

  beforeAll(async () => {
    server = await startTestServer();
    const admin = await TestClient.login(server.app, 'admin', server.adminPassword);
    const province = await buildProvince(admin);
    const enterprise = await buildEnterprise(admin, province.id, { name: ENTERPRISE, institution: { category: 'Y', institutionCode: '0000', provinceCode: '23', siteCode: '000318' } });
    hr = await buildUser(admin, enterprise.id, ['enterprise-admin'], { displayName: '王丽华' });
    // The end of the procedure: 张建国 stands confirmed on the notice of the enterprise's plan.
    await confirmedList(server.handle.db, { enterpriseId: enterprise.id, people: [holder(1, { name: HOLDER })] });
    browser = await launchBrowser();
    handle = await newPage(browser, server.url);
  });

  afterAll(async () => {
    await handle?.close();
    await browser?.close();
    await server?.close();
  });

  it('issues a certificate, prints it, and its QR code opens the verification page', async () => {
    const { page, errors } = handle;
    try {
      await walkThrough(page, hr, server.url);
    } catch (error) {
      await screenshot(page, 'certificates-failure');
      throw error;
    }
    expect(errors).toEqual([]);
  });

  async function walkThrough(page: Page, user: { username: string; password: string }, baseUrl: string) {
    await login(page, user.username, user.password);
    await page.getByRole('menuitem', { name: '证书管理' }).click();
    await page.waitForURL((url) => url.pathname === '/certificates');
    await page.getByText('暂无证书').waitFor();
    await screenshot(page, 'certificates-01-empty');

    // Issue: the plan's confirmed list (the only list a certificate goes to).
    await page.getByTestId('issue-certificates').click();
    await page.waitForURL((url) => url.pathname === '/certificates/issue');
    await page.getByTestId('plan-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await page.getByTestId('confirmed-list').getByRole('cell', { name: HOLDER }).waitFor();
    await screenshot(page, 'certificates-03-list-to-issue');

    // Issuing is irreversible: the page asks first.
    await page.getByTestId('submit-issue').click();
    await page.locator('.ant-modal-confirm-title', { hasText: '确认颁发 1 本证书？' }).waitFor();
    await screenshot(page, 'certificates-04-confirm');
    // The request carries an idempotency key: a second click or a retry gets the same batch.
    const posted = page.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/certificate-batches/from-applications');
    await dialogOpened(page.locator('.ant-modal-confirm'));
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认发证' }).click();
    expect((await posted).postDataJSON().idempotencyKey).toMatch(/^[0-9a-f]{32}$/);
    await page.getByText('已颁发 1 本证书').waitFor({ timeout: 30_000 });
    await screenshot(page, 'certificates-05-issued');

    await page.getByTestId('to-certificates').click();
    await page.waitForURL((url) => url.pathname === '/certificates');
    const row = page.locator('tr', { hasText: HOLDER });
    await row.waitFor();
    const code = (await row.locator('td').first().innerText()).trim();
    expect(code).toMatch(/^Y000023000318\d{2}T000001$/);
    expect(await page.getByTestId(`basis-${code}`).innerText()).toBe('公示核准名单');
    await screenshot(page, 'certificates-06-list');

    // The PDF, as the print link gives it; the QR code on its rendered page points to the verification page.
    const pdfResponse = await page.request.get(await page.getByTestId(`print-${code}`).getAttribute('href') as string);
    expect(pdfResponse.headers()['content-type']).toBe('application/pdf');
    const signedPdf = Buffer.from(await pdfResponse.body());
    const rendered = renderPdfPage(signedPdf, { dpi: 150, png: `${SCREENSHOT_DIR}/certificates-07-pdf.png` });
    const target = decodeQr(rendered);
    // The code and an unguessable token (issue 22): the code alone shows no holder; the issuer's key id and
    // Ed25519 signature over code, name and date (issue 20), which the page checks with the published key.
    expect(target).toMatch(new RegExp(`^${baseUrl}/verify/${code}\\?t=[A-Za-z0-9_-]{22}&k=[A-Za-z0-9_-]{16}&s=[A-Za-z0-9_-]{86}$`));

    // Anyone can open it: a fresh browser context, nobody signed in.
    const visitor = await newPage(browser, baseUrl);
    try {
      await visitor.page.goto(target!);
      await visitor.page.getByTestId('verify-status').waitFor();
      expect(await visitor.page.getByTestId('verify-status').innerText()).toBe('证书有效');
      const text = await visitor.page.getByTestId('verify-result').innerText();
      expect(text).toContain(HOLDER);
      expect(text).toContain('特级技师');
      expect(text).toContain(ENTERPRISE);
      expect(await visitor.page.getByTestId('verify-basis').innerText()).toBe('依据：公示核准名单');
      expect(text).not.toContain(residentId(1));
      // The last 4 only, no region digits.
      expect(text).toContain(`${'*'.repeat(14)}${residentId(1).slice(-4)}`);
      expect(text).not.toContain(residentId(1).slice(0, 6));
      await visitor.page.getByTestId('verify-qr-signature').waitFor();
      expect(await visitor.page.getByTestId('verify-qr-signature').innerText()).toContain('二维码签名有效');
      await screenshot(visitor.page, 'certificates-08-verified');
      // The PDF itself, uploaded: the genuine one is authentic and names the certificate; one byte changed, altered.
      expect(await uploadPdf(visitor.page, signedPdf)).toBe('真实且未被改动');
      expect(await visitor.page.getByTestId('verify-pdf-result').innerText()).toContain(code);
      await screenshot(visitor.page, 'certificates-08c-pdf-authentic');
      expect(await uploadPdf(visitor.page, oneByteChanged(signedPdf))).toBe('文件已被改动');
      await screenshot(visitor.page, 'certificates-08d-pdf-altered');
      // The code typed alone: the certificate's status, no holder, and how to see more.
      await visitor.page.goto(`/verify/${code}`);
      await visitor.page.getByTestId('verify-code-only').waitFor();
      const codeOnly = await visitor.page.getByTestId('verify-result').innerText();
      expect(codeOnly).toContain('证书有效');
      expect(codeOnly).not.toContain(HOLDER);
      expect(codeOnly).not.toContain(residentId(1).slice(-4));
      await screenshot(visitor.page, 'certificates-08b-code-only');
      // Code, name and ID number together show the holder.
      await visitor.page.getByRole('tab', { name: '按证书编号、姓名和证件号码' }).click();
      const identityForm = visitor.page.getByRole('tabpanel');
      await identityForm.getByLabel('姓名').fill(HOLDER);
      await identityForm.getByLabel('证件号码').fill(residentId(1));
      await identityForm.getByRole('button', { name: /^查\s*询$/ }).click();
      await identityForm.getByTestId('verify-result').waitFor();
      expect(await identityForm.getByTestId('verify-result').innerText()).toContain(HOLDER);
      // A malformed code gets its reasons.
      await visitor.page.goto('/verify/Y0000');
      await visitor.page.getByTestId('problem-details').waitFor();
      await screenshot(visitor.page, 'certificates-09-malformed');
      expect(visitor.errors.filter((error) => !error.includes('status of 400'))).toEqual([]);
    } finally {
      await visitor.close();
    }

    // 更正: the page holds the birth year only (issue 22), so the date field starts empty and is
    // sent only when HR gives a new date; the stored date stays.
    await row.getByRole('button', { name: /^更\s*正$/ }).click();
    const correctDialog = page.getByRole('dialog');
    await correctDialog.getByText(/出生年份 \d{4}；不修改请留空/).waitFor();
    await correctDialog.getByLabel('工种/职业方向').fill('高压电工');
    await correctDialog.getByLabel('原因').fill('国家系统反馈工种有误');
    const correction = page.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/correct'));
    await correctDialog.getByRole('button', { name: /^保\s*存$/ }).click();
    expect((await correction).postDataJSON()).not.toHaveProperty('birthDate');
    await page.getByText(`证书 ${code} 已更正`).waitFor();

    // Revoke (with a reason and a confirmation); the public page then says revoked.
    await row.getByRole('button', { name: '撤销', exact: true }).click();
    const revokeDialog = page.getByRole('dialog');
    await revokeDialog.getByLabel('撤销原因').fill('经核查申报材料弄虚作假');
    await screenshot(page, 'certificates-10-revoke');
    await revokeDialog.getByRole('button', { name: '确认撤销' }).click();
    await row.getByText('已撤销').waitFor();
    const again = await newPage(browser, baseUrl);
    try {
      await again.page.goto(`/verify/${code}`);
      await again.page.getByTestId('verify-status').waitFor();
      expect(await again.page.getByTestId('verify-status').innerText()).toBe('证书已撤销');
      await screenshot(again.page, 'certificates-11-revoked');
      // The PDF printed before the revocation is still authentic, and says what the certificate is now: revoked.
      expect(await uploadPdf(again.page, signedPdf)).toBe('真实且未被改动');
      expect(await again.page.getByTestId('verify-pdf-result').getByTestId('verify-status').innerText()).toBe('证书已撤销');
    } finally {
      await again.close();
    }

    // The national data upload: a batch, then all marked uploaded.
    await page.getByRole('menuitem', { name: '数据上报' }).click();
    await page.waitForURL((url) => url.pathname === '/national-upload');
    await page.getByText('暂无上报批次').waitFor();
    await page.getByTestId('create-upload').click();
    await dialogOpened(page.locator('.ant-modal-confirm'));
    await page.locator('.ant-modal-confirm').getByRole('button', { name: /确\s*定/ }).click();
    await page.getByTestId('mark-all-reported').click();
    await page.getByText('已登记上报结果').waitFor();
    await screenshot(page, 'certificates-12-upload');

    await page.goto('/certificates/settings');
    await page.getByText('下一本证书编号（预计）').waitFor();
    await screenshot(page, 'certificates-13-settings');

    // The system administrator sets the installation's upload mapping.
    const administrator = await newPage(browser, baseUrl);
    try {
      await login(administrator.page, 'admin', server.adminPassword);
      await administrator.page.getByRole('menuitem', { name: '上报字段映射' }).click();
      await administrator.page.getByText('当前使用默认映射').waitFor();
      await screenshot(administrator.page, 'certificates-14-mapping');
      expect(administrator.errors).toEqual([]);
    } finally {
      await administrator.close();
    }
  }
});
