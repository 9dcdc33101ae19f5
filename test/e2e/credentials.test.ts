// 电子证书 in a real browser (issue 20): the holder downloads their signed credential (.json) from
// 我的证书, HR the same credential and the certificate's signed PDF from 证书管理; a visitor, not
// signed in, uploads both on the verification page and sees them authentic. Pasted JSON that is
// not a credential is refused with a plain message. After HR revokes the certificate, the same
// credential file is answered 已撤销, and the same PDF authentic but its certificate revoked.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { issueCertificates } from '../../src/modules/certificates/issue-certificates.ts';
import { contextFor } from '../support/actors.ts';
import { launchBrowser, newPage, screenshot, type PageHandle } from '../support/browser.ts';
import { holder } from '../support/certificate-factories.ts';
import { confirmedHolders } from '../support/confirmed-list.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/test-app.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { goodRow, importRegister, registerWorkbook } from '../integration/applications-fixtures.ts';

const ENTERPRISE = '哈尔滨电机厂有限责任公司';
const HOLDER = '张建国';
const HOLDER_PASSWORD = 'Password-2021-ok';

async function login(page: Page, username: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => url.pathname === '/');
}

/** The visitor uploads the credential file on 验证电子证书; the answer's headline. */
async function uploadCredential(page: Page, file: Buffer): Promise<string> {
  await page.getByRole('tab', { name: '验证电子证书' }).click();
  const answered = page.waitForResponse((response) => response.url().endsWith('/api/v1/public/credentials/verify'));
  await page.getByRole('tabpanel', { name: '验证电子证书' }).locator('input[type=file]').setInputFiles({ name: '电子证书.json', mimeType: 'application/json', buffer: file });
  await answered;
  const status = page.getByTestId('verify-credential-status');
  await status.waitFor();
  return status.innerText();
}

/** The visitor uploads a PDF on 上传 PDF 查验; the answer's headline. */
async function uploadPdf(page: Page, pdf: Buffer): Promise<string> {
  await page.getByRole('tab', { name: '上传 PDF 查验' }).click();
  const answered = page.waitForResponse((response) => response.url().endsWith('/api/v1/public/documents/verify'));
  await page.getByRole('tabpanel', { name: '上传 PDF 查验' }).locator('input[type=file]').setInputFiles({ name: '证书.pdf', mimeType: 'application/pdf', buffer: pdf });
  await answered;
  const status = page.getByTestId('verify-pdf-status');
  await status.waitFor();
  return status.innerText();
}

/** A download the click starts, read whole. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const started = page.waitForEvent('download');
  await click();
  const download = await started;
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
}

describe('verifiable credentials in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let hr: { username: string; password: string };
  let holderUsername: string;
  let code: string;
  const pages: PageHandle[] = [];

  beforeAll(async () => {
    server = await startTestServer({ config: { publicRateLimitPerMinute: 1000 } });
    const admin = await TestClient.login(server.app, 'admin', server.adminPassword);
    const province = await buildProvince(admin, { provinceCode: '23' });
    const enterprise = await buildEnterprise(admin, province.id, { name: ENTERPRISE, institution: { category: 'Y', institutionCode: '0000', provinceCode: '23', siteCode: '000420' } });
    const hrUser = await buildUser(admin, enterprise.id, ['enterprise-admin'], { displayName: '王丽华' });
    hr = hrUser;
    const hrClient = await TestClient.login(server.app, hrUser.username, hrUser.password);
    // 张建国 is on the register with an account of his own, and stands confirmed: his certificate is issued.
    const person = holder(1, { name: HOLDER, trade: '高压电工' });
    const job = await importRegister(hrClient, await registerWorkbook([goodRow(1, { name: person.name, idNumber: person.idNumber, birthDate: person.birthDate, gender: '男' })]));
    expect(job.result).toMatchObject({ outcome: 'imported' });
    const list = (await hrClient.get(`/api/v1/register?q=${encodeURIComponent(HOLDER)}`)).json();
    holderUsername = `vc-e2e-${Math.floor(Math.random() * 1e6)}`;
    const account = await hrClient.post(`/api/v1/register/${list.items[0].id}/user`, { username: holderUsername });
    await TestClient.firstLogIn(server.app, holderUsername, account.json().initialPassword, HOLDER_PASSWORD);
    const result = await issueCertificates(server.handle.db, await contextFor(server.handle.db, hrUser.id, server.clock), {
      enterpriseId: enterprise.id,
      issuedOn: server.clock.today(),
      ...(await confirmedHolders(server.handle.db, enterprise.id, [person])),
    });
    code = result.certificates[0].code;
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    for (const handle of pages) await handle.close();
    await browser?.close();
    await server?.close();
  });

  async function open(): Promise<PageHandle> {
    const handle = await newPage(browser, server.url, { acceptDownloads: true });
    pages.push(handle);
    return handle;
  }

  it('the holder’s credential and HR’s PDF are authentic on the verification page, and revoked after the revocation', async () => {
    const holderPage = await open();
    const hrPage = await open();
    const visitor = await open();
    try {
      // 我的证书: the holder downloads the credential.
      await login(holderPage.page, holderUsername, HOLDER_PASSWORD);
      await holderPage.page.goto('/my-certificates');
      await holderPage.page.getByTestId('my-credential-download').waitFor();
      await screenshot(holderPage.page, 'credentials-01-my-certificates');
      const credentialFile = await downloaded(holderPage.page, () => holderPage.page.getByTestId('my-credential-download').click());
      expect(credentialFile.name).toBe(`特级技师电子证书-${code}.json`);
      const credential = JSON.parse(credentialFile.bytes.toString('utf8'));
      expect(credential.type).toContain('OpenBadgeCredential');

      // 证书管理: HR downloads the same credential and the signed PDF.
      await login(hrPage.page, hr.username, hr.password);
      await hrPage.page.getByRole('menuitem', { name: '证书管理' }).click();
      await hrPage.page.waitForURL((url) => url.pathname === '/certificates');
      const row = hrPage.page.locator('tr', { hasText: HOLDER });
      await row.waitFor();
      const hrCredential = await downloaded(hrPage.page, () => hrPage.page.getByTestId(`credential-${code}`).click());
      expect(JSON.parse(hrCredential.bytes.toString('utf8'))).toEqual(credential);
      const pdfResponse = await hrPage.page.request.get((await hrPage.page.getByTestId(`print-${code}`).getAttribute('href')) as string);
      expect(pdfResponse.headers()['content-type']).toBe('application/pdf');
      const pdf = Buffer.from(await pdfResponse.body());

      // The visitor: the credential, then the PDF, both authentic.
      await visitor.page.goto('/verify');
      expect(await uploadCredential(visitor.page, credentialFile.bytes)).toBe('真实有效');
      const result = visitor.page.getByTestId('verify-credential-result');
      expect(await result.getAttribute('data-result')).toBe('authentic');
      expect(await visitor.page.getByTestId('verify-credential-code').innerText()).toBe(code);
      expect(await result.innerText()).toContain(HOLDER);
      expect(await result.innerText()).toContain(ENTERPRISE);
      await screenshot(visitor.page, 'credentials-02-authentic');
      expect(await uploadPdf(visitor.page, pdf)).toBe('真实且未被改动');
      expect(await visitor.page.getByTestId('verify-pdf-result').innerText()).toContain(code);

      // Pasted text that is not JSON, and JSON that is not an object: refused in plain words, nothing sent.
      await visitor.page.getByRole('tab', { name: '验证电子证书' }).click();
      const text = visitor.page.getByTestId('verify-credential-text');
      await text.fill('{"@context": [');
      await visitor.page.getByTestId('verify-credential-check').click();
      expect(await visitor.page.getByTestId('verify-credential-error').innerText()).toContain('内容不是有效的 JSON');
      await text.fill('[1, 2]');
      await visitor.page.getByTestId('verify-credential-check').click();
      expect(await visitor.page.getByTestId('verify-credential-error').innerText()).toContain('应为一个 JSON 对象');
      // One word of the credential changed, pasted: its signature no longer holds.
      await text.fill(JSON.stringify({ ...credential, name: `${credential.name}（副本）` }));
      await visitor.page.getByTestId('verify-credential-check').click();
      await visitor.page.getByTestId('verify-credential-status').waitFor();
      expect(await visitor.page.getByTestId('verify-credential-result').getAttribute('data-result')).toBe('altered');
      await screenshot(visitor.page, 'credentials-03-altered');

      // HR revokes; the same files now say revoked.
      await row.getByRole('button', { name: '撤销', exact: true }).click();
      const revokeDialog = hrPage.page.getByRole('dialog');
      await revokeDialog.getByLabel('撤销原因').fill('经核查申报材料弄虚作假');
      await revokeDialog.getByRole('button', { name: '确认撤销' }).click();
      await row.getByText('已撤销').waitFor();

      await visitor.page.goto('/verify');
      expect(await uploadCredential(visitor.page, credentialFile.bytes)).toBe('已撤销');
      expect(await visitor.page.getByTestId('verify-credential-result').getAttribute('data-result')).toBe('revoked');
      expect(await visitor.page.getByTestId('verify-credential-result').innerText()).toContain('证书已撤销');
      await screenshot(visitor.page, 'credentials-04-revoked');
      expect(await uploadPdf(visitor.page, pdf)).toBe('真实且未被改动');
      expect(await visitor.page.getByTestId('verify-pdf-result').getByTestId('verify-status').innerText()).toBe('证书已撤销');

      // The holder's page no longer offers a credential of a revoked certificate.
      await holderPage.page.reload();
      await holderPage.page.getByTestId('my-certificate').waitFor();
      expect(await holderPage.page.getByTestId('my-credential-download').count()).toBe(0);
    } catch (error) {
      await screenshot(visitor.page, 'credentials-failure-visitor');
      await screenshot(hrPage.page, 'credentials-failure-hr');
      await screenshot(holderPage.page, 'credentials-failure-holder');
      throw error;
    }
    expect([...holderPage.errors, ...hrPage.errors, ...visitor.errors]).toEqual([]);
  }, 240_000);
});
