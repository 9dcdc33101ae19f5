// The committee review in a real browser: a committee of five (the plan's minimum) reviews two
// eligible applicants. Two experts act through the API; three experts score and vote on the page,
// the chair closes scoring and then the review; the enterprise's HR reads the recommended list.
// The plan, register, applications, expert pool and committee are seeded through the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, type PageHandle } from '../support/browser.ts';
import { buildProvince } from '../support/factories.ts';
import { TestClient, type TestApp } from '../support/test-app.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { buildReviewSetup, scoreAll, voteAll, type ReviewExpert, type ReviewSetup } from '../integration/review-fixtures.ts';
import { confirmDialog, signIn, snap } from '../support/e2e.ts';

const login = signIn;

describe('committee review in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let handle: PageHandle;
  let setup: ReviewSetup;
  let committeeId: string;

  beforeAll(async () => {
    server = await startTestServer();
    const t = { app: server.app, handle: server.handle, login: (username: string, password: string) => TestClient.login(server.app, username, password) } as unknown as TestApp;
    const admin = await TestClient.login(server.app, 'admin', server.adminPassword);
    const province = await buildProvince(admin, { name: '黑龙江省人力资源和社会保障厅', provinceCode: '23' });
    setup = await buildReviewSetup(t, admin, province.id, {
      applicants: [
        { key: '甲', department: '总装车间' },
        { key: '乙', department: '机加车间' },
      ],
      experts: 5,
      cap: 2,
    });
    const committee = await setup.bodyAdmin.post('/api/v1/review/committees', {
      commissionId: setup.commissionId,
      name: '焊工评审委员会',
      occupationCodes: ['6-18-01-01'],
      memberIds: setup.experts.map((expert) => expert.id),
      chairId: setup.experts[0].id,
    });
    if (committee.statusCode !== 201) throw new Error(committee.body);
    committeeId = committee.json().id;
    const started = await setup.bodyAdmin.post(`/api/v1/review/committees/${committeeId}/start`);
    if (started.statusCode !== 200) throw new Error(started.body);
    // Two of the five score through the API.
    await scoreAll(setup, committeeId, setup.experts.slice(3), () => 88);
    browser = await launchBrowser();
    handle = await newPage(browser, server.url);
  }, 240_000);

  afterAll(async () => {
    await handle?.close();
    await browser?.close();
    await server?.close();
  });

  async function scoreOnPage(page: Page, expert: ReviewExpert, value: number) {
    await login(page, expert.username, expert.password);
    await page.goto(`/review/committees/${committeeId}`);
    await page.getByTestId('expert-section').waitFor();
    for (const applicant of setup.applicants) {
      const card = page.getByTestId(`candidate-${applicant.name}`);
      const dimensions = ['业绩贡献', '技术创新', '传技带徒', '答辩/现场考核'];
      for (const name of dimensions.slice(0, -1)) {
        const input = card.getByRole('spinbutton', { name });
        await input.fill(String(value));
      }
      // A score left empty is marked on its own field, not only in a message over the page.
      const last = card.getByRole('spinbutton', { name: dimensions.at(-1) });
      await card.getByTestId('score-save').click();
      await card.getByText('请填写此项评分（0–100）').waitFor();
      expect(await last.getAttribute('aria-invalid')).toBe('true');
      await last.fill(String(value));
      await expect.poll(() => card.getByText('请填写此项评分（0–100）').count()).toBe(0);
      await card.getByLabel('评审意见').fill(`${expert.name}：业绩突出，建议推荐`);
      await card.getByTestId('score-save').click();
      await card.getByText('已评分').waitFor();
    }
  }

  async function voteOnPage(page: Page, expert: ReviewExpert) {
    await login(page, expert.username, expert.password);
    await page.goto(`/review/committees/${committeeId}`);
    await page.getByTestId('expert-section').waitFor();
    for (const applicant of setup.applicants) {
      const card = page.getByTestId(`candidate-${applicant.name}`);
      await card.locator('label.ant-radio-button-wrapper').filter({ hasText: /^同\s?意$/ }).click();
      await expect.poll(async () => card.locator('.ant-radio-button-wrapper-checked').textContent()).toContain('同意');
    }
  }

  it('three experts score and vote on the page; the chair closes the review; HR sees the recommended list', async () => {
    const { page, errors } = handle;
    try {
      const [chair, second, third] = setup.experts;
      await scoreOnPage(page, second, 85);
      // Independent scoring: the expert sees only their own sheet, no summary.
      expect(await page.getByTestId('summary-section').count()).toBe(0);
      await snap(page, 'review-01-expert-scoring');
      await scoreOnPage(page, third, 90);
      await scoreOnPage(page, chair, 92);

      // The chair sees the progress (no scores yet) and closes scoring.
      await page.getByTestId('summary-section').waitFor();
      await expect.poll(() => page.getByTestId('summary-table').textContent()).toContain('5/5');
      await snap(page, 'review-02-chair-before-closing-scoring');
      await page.getByTestId('close-scoring').click();
      await confirmDialog(page);
      await expect.poll(() => page.getByTestId('committee-status').first().textContent()).toBe('投票中');

      await voteAll(committeeId, setup.experts.slice(3), () => 'approve');
      await voteOnPage(page, second);
      await snap(page, 'review-03-expert-voting');
      await voteOnPage(page, third);
      await voteOnPage(page, chair);

      // The chair's summary: scores, quorum and threshold met, both within the quota of 2.
      await expect.poll(() => page.getByTestId('summary-table').textContent()).toContain('5/0/0');
      await snap(page, 'review-04-chair-summary');
      await page.getByTestId('close-review').click();
      const modal = page.locator('.ant-modal:visible').last();
      expect(await modal.getByRole('checkbox', { name: new RegExp(setup.applicants[0].name) }).isChecked()).toBe(true);
      await snap(page, 'review-05-close-confirmation');
      await modal.getByTestId('close-review-confirm').click();
      await expect.poll(() => page.getByTestId('committee-status').first().textContent()).toBe('已结束');
      await page.getByTestId('download-minutes').waitFor();
      await snap(page, 'review-06-closed');

      // The enterprise's HR reads the recommended list.
      await login(page, String(setup.hr.me.username), 'Password-2021-ok');
      await page.goto('/review-results');
      await page.getByRole('tab', { name: '建议人选名单' }).click();
      for (const applicant of setup.applicants) await page.getByTestId('recommended-table').getByText(applicant.name).waitFor();
      await snap(page, 'review-07-hr-recommended-list');
    } catch (error) {
      await screenshot(page, 'review-failure');
      console.error('browser errors', errors);
      throw error;
    }
    expect(errors).toEqual([]);
  });
});
