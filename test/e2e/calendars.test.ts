// 节假日日历 in a real browser, on a server whose clock the test fixes at 2 November 2026 (chinese-days
// holds up to 2026): HR and the administrator are told that 2027 is missing (HR whom to ask, the
// administrator where to load it); the administrator sees the years held, computes the end of a
// notice, enters a year by hand, pastes the text of the State Council's notice for 2027 (a made-up
// text in the new wording, test/fixtures/holiday-notices/made-up-2027.txt), is refused a text whose
// weekday is wrong line by line, sees the right one as twelve months, saves it and sees it listed;
// the reminder is gone. Replacing a held year asks first.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { screenshot } from '../support/browser.ts';
import { confirmDialog, dialogOpened, signIn, useBrowserSession } from '../support/e2e.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/test-app.ts';

const text2027 = fs.readFileSync('test/fixtures/holiday-notices/made-up-2027.txt', 'utf8');
const text2026 = (JSON.parse(fs.readFileSync('test/fixtures/vectors/holiday-notices/holiday-notices.json', 'utf8')) as { cases: { name: string; text: string }[] }).cases.find(
  (vector) => vector.name === 'official-2026',
)!.text;

describe('holiday calendars page', () => {
  const session = useBrowserSession({ clock: new ManualClock('2026-11-02T09:00:00+08:00') });

  it('reminds of the missing year, pastes the notice, checks it month by month, saves it, and lists it', async () => {
    const { page, errors } = session.handle;
    const admin = await TestClient.login(session.server.app, 'admin', session.server.adminPassword);
    const province = await buildProvince(admin, { name: '日历省人力资源和社会保障厅' });
    const enterprise = await buildEnterprise(admin, province.id, { name: '日历测试机械厂' });
    const hr = await buildUser(admin, enterprise.id, ['enterprise-admin'], { displayName: '人力资源专员' });
    try {
      // HR: 2027 is missing, and only the system administrator can load it.
      await signIn(page, hr.username, hr.password);
      const hrBanner = page.getByTestId('calendar-banner');
      await expect.poll(() => hrBanner.textContent()).toContain('系统尚未保存 2027 年的节假日安排');
      expect(await hrBanner.textContent()).toContain('只有系统管理员可以导入节假日日历。请联系系统管理员在「节假日日历」页面导入');
      expect(await hrBanner.getByRole('link').count()).toBe(0);
      await screenshot(page, 'calendars-00-hr-banner');

      // The administrator: the same reminder, with the way to the page.
      await signIn(page, 'admin', session.server.adminPassword);
      const banner = page.getByTestId('calendar-banner');
      await expect.poll(() => banner.textContent()).toContain('系统尚未保存 2027 年的节假日安排');
      await banner.getByRole('button', { name: '前往导入' }).click();
      await page.waitForURL((url) => url.pathname === '/calendars');
      await page.getByRole('cell', { name: '2026', exact: true }).waitFor();
      expect(await page.getByTestId('calendar-source-2026').textContent()).toContain('chinese-days 数据包');

      await page.getByLabel('公示开始日').fill('2024-09-27');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: '计 算' }).click();
      await expect.poll(() => page.getByTestId('notice-end').textContent()).toBe('公示结束日：2024-10-09');
      await screenshot(page, 'calendars-01-list');

      await page.getByRole('button', { name: '录入新年度' }).click();
      const editor = page.getByRole('dialog');
      await dialogOpened(editor);
      await editor.getByLabel('年度').fill('2031');
      await editor.locator('textarea').first().fill('2031-01-01\n2031-01-02');
      await screenshot(page, 'calendars-02-edit');
      await editor.getByRole('button', { name: /确\s?定|OK/ }).click();
      await confirmDialog(page);
      await page.getByRole('cell', { name: '2031', exact: true }).waitFor();
      expect(await page.getByTestId('calendar-source-2031').textContent()).toContain('手工录入或更正');
      await screenshot(page, 'calendars-03-saved');

      // The notice with a wrong weekday: refused line by line, nothing to save.
      await page.getByRole('button', { name: '粘贴通知原文' }).click();
      const dialog = page.getByRole('dialog', { name: '从国务院办公厅通知原文导入' });
      await dialogOpened(dialog);
      await dialog.getByLabel('通知原文').fill(text2027.replace('1月1日（周五）', '1月1日（周六）'));
      await dialog.getByRole('button', { name: '核 对' }).click();
      const problem = dialog.getByTestId('notice-problem');
      await problem.waitFor();
      expect(await problem.getAttribute('data-line')).toBe('4');
      expect(await problem.textContent()).toContain('第 4 行');
      expect(await problem.textContent()).toContain('一、元旦：1月1日（周六）至3日（周日）放假，共3天。');
      expect(await problem.textContent()).toContain('1月1日是周五，原文写的是周六');
      expect(await dialog.getByTestId('notice-save').isDisabled()).toBe(true);
      await screenshot(page, 'calendars-04-notice-refused');

      // The right text: the year month by month, with its legend, then saved.
      await dialog.getByLabel('通知原文').fill(text2027);
      await dialog.getByRole('button', { name: '核 对' }).click();
      const grid = dialog.getByTestId('year-grid');
      await grid.waitFor();
      expect(await grid.getAttribute('data-year')).toBe('2027');
      expect(await dialog.getByTestId('notice-summary').textContent()).toBe('2027 年：放假 28 天，调休上班 5 天，全年工作日 248 天');
      expect(await grid.locator('[data-kind="holiday"]').count()).toBe(28);
      expect(await grid.locator('[data-kind="workday"]').count()).toBe(5);
      expect(await grid.locator('[data-date="2027-01-01"]').getAttribute('data-kind')).toBe('holiday');
      expect(await grid.locator('[data-date="2027-02-20"]').getAttribute('data-kind')).toBe('workday');
      expect(await grid.locator('[data-date="2027-01-09"]').getAttribute('data-kind')).toBe('weekend');
      expect(await grid.getByTestId('month-1').locator('th').allTextContents()).toEqual(['一', '二', '三', '四', '五', '六', '日']);
      expect(await dialog.getByTestId('calendar-legend').textContent()).toContain('调休上班');
      await screenshot(page, 'calendars-05-notice-grid');
      await dialog.getByTestId('notice-save').click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('cell', { name: '2027', exact: true }).waitFor();
      const source2027 = await page.getByTestId('calendar-source-2027').textContent();
      expect(source2027).toContain('国务院办公厅通知原文');
      expect(source2027).toContain('国务院办公厅关于2027年部分节假日安排的通知');
      expect(await page.getByRole('row', { name: /^2027/ }).textContent()).toContain('系统管理员');
      // Nothing is missing any more: the reminder is gone.
      await expect.poll(() => page.getByTestId('calendar-banner').count()).toBe(0);
      await screenshot(page, 'calendars-06-notice-saved');

      // Replacing a year held asks first.
      await page.getByRole('button', { name: '粘贴通知原文' }).click();
      await dialogOpened(dialog);
      await dialog.getByLabel('通知原文').fill(text2026);
      await dialog.getByRole('button', { name: '核 对' }).click();
      await dialog.getByTestId('year-grid').waitFor();
      await dialog.getByTestId('notice-save').click();
      const confirmation = page.locator('.ant-modal-confirm');
      await dialogOpened(confirmation);
      expect(await confirmation.textContent()).toContain('替换已保存的 2026 年日历？');
      await confirmDialog(page);
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => page.getByTestId('calendar-source-2026').textContent()).toContain('国务院办公厅通知原文');
    } catch (error) {
      await screenshot(page, 'calendars-failure');
      throw error;
    }
    // The refused check answered 422 on purpose; the browser logs that response, nothing else.
    expect(errors.filter((line) => !(line.includes('status of 422') && line.includes('/api/v1/calendars/parse')))).toEqual([]);
  });
});
