import { describe, expect, it } from 'vitest';
import { assertPasswordStrength } from '../../src/platform/passwords.ts';

async function refusal(password: string, username = 'zhang.wei', displayName = '张伟'): Promise<string | null> {
  try {
    await assertPasswordStrength(password, { username, displayName });
    return null;
  } catch (error) {
    return (error as { code: string }).code;
  }
}

// zxcvbn's dictionary matching (with edit distance) takes tens of milliseconds a password, several
// times that on a busy machine: the tests that check many passwords get time for it.
const MANY_CHECKS_MS = 30_000;

describe('assertPasswordStrength', () => {
  it('refuses common passwords and common patterns, which the length and letter-and-digit rule let through', async () => {
    for (const password of ['password123', 'Password2021', 'qwerty12345', 'a123456789', 'Abcd123456', '1qaz2wsx3edc', 'P@ssw0rd2021', 'Iloveyou2021', 'woaini1314', 'Woaini5201314', 'zhongguo2021', 'aaaaaaaaa1']) {
      expect(await refusal(password), password).toBe('PASSWORD_TOO_COMMON');
    }
  }, MANY_CHECKS_MS);

  it('refuses a password that contains the user name, also reversed, whatever the case and separators', async () => {
    expect(await refusal('Zhang.Wei-2021-xk', 'zhang.wei')).toBe('PASSWORD_LIKE_USERNAME');
    expect(await refusal('iewgnahz-7781-pq', 'zhang.wei')).toBe('PASSWORD_LIKE_USERNAME');
    expect(await refusal('Xk9-admin-Pq47', 'admin')).toBe('PASSWORD_LIKE_USERNAME');
  });

  it('keeps the length and letter-and-digit rule', async () => {
    expect(await refusal('short1')).toBe('PASSWORD_TOO_WEAK');
    expect(await refusal('onlyletterslong')).toBe('PASSWORD_TOO_WEAK');
  });

  it('accepts passwords that are long enough and not guessable', async () => {
    for (const password of ['Password-2021-ok', 'Demo-2024-ptech', 'Longjiang2021hr', 'Beijing-2021-ok', 'kM3pq8sVw2xT', 'Harbin-2024-dianji-7']) {
      expect(await refusal(password, 'demo-employee'), password).toBeNull();
    }
  }, MANY_CHECKS_MS);
});
