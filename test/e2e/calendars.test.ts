// 节假日日历 in a real browser: the administrator sees the State Council calendars held, computes the
// end of a notice around the 2024 National Day holiday, and enters a year the system did not hold.
import { describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser.ts';
import { dialogOpened, signIn, useBrowserSession } from '../support/e2e.ts';

describe('holiday calendars page', () => {
  const session = useBrowserSession();

  it('shows the years held, computes a notice end, and loads a new year', async () => {
    const { page, errors } = session.handle;
    try {
      await signIn(page, 'admin', session.server.adminPassword);
      await page.getByRole('menuitem', { name: '节假日日历' }).click();
      await page.waitForURL((url) => url.pathname === '/calendars');
      await page.getByRole('cell', { name: '2026', exact: true }).waitFor();

      await page.getByLabel('公示开始日').fill('2024-09-27');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: '计 算' }).click();
      await expect.poll(() => page.getByTestId('notice-end').textContent()).toBe('公示结束日：2024-10-09');
      await screenshot(page, 'calendars-01-list');

      await page.getByRole('button', { name: '录入新年度' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('年度').fill('2031');
      await dialog.locator('textarea').first().fill('2031-01-01\n2031-01-02');
      await screenshot(page, 'calendars-02-edit');
      await dialog.getByRole('button', { name: /确\s?定|OK/ }).click();
      await dialogOpened(page.locator('.ant-modal-confirm'));
      await page.locator('.ant-modal-confirm').getByRole('button', { name: /确\s?定|OK/ }).click();
      await page.getByRole('cell', { name: '2031', exact: true }).waitFor();
      await screenshot(page, 'calendars-03-saved');
    } catch (error) {
      await screenshot(page, 'calendars-failure');
      throw error;
    }
    expect(errors).toEqual([]);
  });
});
