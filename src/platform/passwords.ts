import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from './errors.ts';

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** The least zxcvbn score (0–4) a new password must reach: 3 means at least 10^8 guesses. */
export const MIN_PASSWORD_SCORE = 3;

/**
 * Words Chinese users build passwords from that the English-language lists miss (pinyin, number
 * codes, this system's own names), most common first. zxcvbn matches them as dictionary words,
 * also reversed, in l33t and with capitals, like its own list of common passwords.
 */
const CHINESE_COMMON_WORDS = [
  'woaini', '5201314', '1314520', '1314', '520', 'aini', 'mima', 'mimamima', 'nihao', 'zhongguo', 'beijing', 'shanghai',
  'woaiwojia', 'woainima', 'laopo', 'laogong', 'baobao', 'bobo', 'tiantian', 'xiaoxiao', 'wangwang', 'haha', 'hehe', 'qqqq',
  'wang', 'zhang', 'liu', 'chen', 'yang', 'zhao', 'huang', 'zhou', 'sun', 'zhu', 'guo', 'lin', 'gao', 'luo',
  'zhangsan', 'lisi', 'wangwu', 'zhangwei', 'wangwei', 'wangfang', 'liwei', 'lina', 'liuyang', 'wangjing', 'xiaoming', 'xiaohong',
  'tejijishi', 'jishi', 'gaojijishi', 'shouxijishi', 'jineng', 'renshe', 'rensheting', 'renshebu', 'zhicheng', 'ptech', 'principal', 'technician',
  'admin', 'root', 'test', 'guest', 'user', 'qiye', 'gongsi', 'jituan', 'dianji', 'hadian', 'harbin', 'longjiang', 'heilongjiang',
];

type Checker = (password: string, userInputs: string[]) => number;
let checker: Promise<Checker> | null = null;

/**
 * zxcvbn (the maintained TypeScript port, @zxcvbn-ts) with its common-password list (about 49,000
 * passwords from public breaches, shipped in the package, checked offline) and the words above.
 * Loaded at the first password set (about 130 ms, 10–20 MB), not at start.
 */
function loadChecker(): Promise<Checker> {
  checker ??= (async () => {
    const [coreModule, commonModule] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]);
    const core = (coreModule as unknown as { default?: typeof coreModule }).default ?? coreModule;
    const common = (commonModule as unknown as { default?: typeof commonModule }).default ?? commonModule;
    const factory = new core.ZxcvbnFactory({
      dictionary: { ...common.dictionary, 'chinese-common': CHINESE_COMMON_WORDS },
      graphs: common.adjacencyGraphs,
      useLevenshteinDistance: true,
    });
    return (password, userInputs) => factory.check(password, userInputs).score;
  })();
  checker.catch(() => {
    checker = null;
  });
  return checker;
}

/** Letters and digits only, lower case: "Zhang.Wei-01" → "zhangwei01". */
function normalised(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

export interface PasswordOwner {
  username: string;
  displayName?: string;
}

/**
 * A new password must have at least 10 characters with letters and digits, must not contain the
 * user name (nor the user name reversed), and must not be common or easy to guess: zxcvbn's
 * estimate, with the user's names as words it knows, must reach 10^8 guesses (score 3). Each
 * refusal has its own code and message.
 */
export async function assertPasswordStrength(password: string, owner: PasswordOwner): Promise<void> {
  if (password.length < 10 || password.length > 200 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw new AppError('PASSWORD_TOO_WEAK');
  }
  const name = normalised(owner.username);
  const plain = normalised(password);
  if (name.length >= 3 && (plain.includes(name) || plain.includes([...name].reverse().join('')))) {
    throw new AppError('PASSWORD_LIKE_USERNAME');
  }
  const userInputs = [owner.username, ...owner.username.split(/[^A-Za-z0-9]+/), owner.displayName ?? ''].filter((word) => word.length >= 2);
  const score = (await loadChecker())(password, userInputs);
  if (score < MIN_PASSWORD_SCORE) throw new AppError('PASSWORD_TOO_COMMON');
}

let configuredOneTimePasswordHours = 24;

/** Sets how long a one-time password works (ONE_TIME_PASSWORD_HOURS); `buildApp` calls it. */
export function configurePasswords(config: { oneTimePasswordHours: number }): void {
  configuredOneTimePasswordHours = config.oneTimePasswordHours;
}

/** How long a one-time password works, in hours (ONE_TIME_PASSWORD_HOURS, default 24). */
export function oneTimePasswordHours(): number {
  return configuredOneTimePasswordHours;
}

/** When a one-time password given out at `now` stops working. */
export function oneTimePasswordExpiry(now: Date, hours = configuredOneTimePasswordHours): Date {
  return new Date(now.getTime() + hours * 3_600_000);
}

/** A one-time password: 14 characters from an alphabet without look-alikes, letters and digits both present. */
export function generateOneTimePassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const alphabet = letters + digits;
  for (;;) {
    let password = '';
    for (let index = 0; index < 14; index += 1) password += alphabet[randomInt(alphabet.length)];
    if (/[A-Za-z]/.test(password) && /\d/.test(password)) return password;
  }
}
