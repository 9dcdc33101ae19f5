// The holder of a 特级技师 certificate as the issuing enterprise gives it (entered, imported, or from a
// confirmed application), and every reason such a holder cannot be issued a certificate.

import { isCalendarDate } from './calendar-date.ts';
import type { LocalizedText, ValidationIssue } from './errors.ts';
import { IDENTITY_TYPE_NAMES, isIdentityType, validateIdentity, type Gender, type IdentityType } from './identity.ts';

export interface HolderInput {
  name: string;
  idType: IdentityType;
  idNumber: string;
  gender: Gender;
  birthDate: string;
  /** A 1-inch photo (JPG or PNG) uploaded as a file; a placeholder frame is printed without one. */
  photoFileId?: string | null;
  occupationCode: string;
  occupationName: string;
  /** 工种/职业方向; '--' when none (blank becomes '--'). */
  trade?: string | null;
  applicationId?: string | null;
  /** The confirmed 复核确认 holder this certificate is for (set by the server, never by a client). */
  reReviewHolderId?: string | null;
}

/** 职业编码: four parts (6-18-01-01), or five with a 工种 suffix. */
export const OCCUPATION_CODE_FORMAT = /^\d-\d{2}-\d{2}-\d{2}(-\d{2})?$/;

/** The printed value for "no 工种/职业方向": never blank. */
export const NO_TRADE = '--';

export const GENDER_NAMES: Readonly<Record<Gender, LocalizedText>> = {
  male: { 'zh-CN': '男', en: 'male' },
  female: { 'zh-CN': '女', en: 'female' },
};

export function normaliseTrade(trade: string | null | undefined): string {
  const text = (trade ?? '').trim();
  return text === '' ? NO_TRADE : text;
}

const CONTROL = /[\p{Cc}\p{Cf}]/u;

function issue(field: keyof HolderInput, code: string, zh: string, en: string, params?: Record<string, string | number>): ValidationIssue {
  return { code, field, message: { 'zh-CN': zh, en }, ...(params ? { params } : {}) };
}

function textIssues(field: 'name' | 'occupationName' | 'trade', value: unknown, max: number, required: boolean, label: LocalizedText): ValidationIssue[] {
  const text = typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : null;
  if (text === null) return [issue(field, 'TYPE', `${label['zh-CN']}应为文字`, `The ${label.en} is text`)];
  if (required && text === '') return [issue(field, 'REQUIRED', `请填写${label['zh-CN']}`, `The ${label.en} is required`)];
  if ([...text].length > max) return [issue(field, 'TOO_LONG', `${label['zh-CN']}不超过${max}个字`, `The ${label.en} has at most ${max} characters`, { max })];
  if (CONTROL.test(text)) return [issue(field, 'CONTROL_CHARACTER', `${label['zh-CN']}含有不可见的控制字符`, `The ${label.en} contains invisible control characters`)];
  return [];
}

/**
 * Every reason the holder cannot be issued a certificate: missing or malformed fields, an identity
 * number that fails its type's check, and a gender or birth date that contradicts the number.
 */
export function validateHolder(holder: HolderInput, options: { today: string }): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  issues.push(...textIssues('name', holder.name, 50, true, { 'zh-CN': '姓名', en: 'name' }));
  let fromNumber: { birthDate?: string; gender?: Gender } = {};
  if (!isIdentityType(holder.idType)) {
    issues.push(issue('idType', 'ID_TYPE_UNKNOWN', '证件类型不在允许范围内', 'Unknown identity document type'));
  } else if (typeof holder.idNumber !== 'string' || holder.idNumber.trim() === '') {
    issues.push(issue('idNumber', 'REQUIRED', '请填写证件号码', 'The identity number is required'));
  } else {
    const result = validateIdentity(holder.idType, holder.idNumber.trim(), { today: options.today });
    if (!result.valid) {
      for (const found of result.errors) issues.push({ ...found, field: 'idNumber', code: found.code });
    } else {
      fromNumber = { birthDate: result.birthDate, gender: result.gender };
    }
  }
  if (holder.gender !== 'male' && holder.gender !== 'female') {
    issues.push(issue('gender', 'GENDER_INVALID', '性别应为男或女', 'The gender is male or female'));
  } else if (fromNumber.gender && fromNumber.gender !== holder.gender) {
    issues.push(
      issue(
        'gender',
        'GENDER_MISMATCH',
        `性别与${IDENTITY_TYPE_NAMES[holder.idType]['zh-CN']}号码不符（号码为${GENDER_NAMES[fromNumber.gender]['zh-CN']}性）`,
        `The gender contradicts the identity number (which says ${GENDER_NAMES[fromNumber.gender].en})`,
      ),
    );
  }
  if (!isCalendarDate(holder.birthDate)) {
    issues.push(issue('birthDate', 'DATE_INVALID', '出生日期应为有效日期（YYYY-MM-DD）', 'The birth date is a real date written YYYY-MM-DD'));
  } else if (holder.birthDate > options.today) {
    issues.push(issue('birthDate', 'DATE_IN_FUTURE', '出生日期晚于今天', 'The birth date lies after today'));
  } else if (fromNumber.birthDate && fromNumber.birthDate !== holder.birthDate) {
    issues.push(
      issue('birthDate', 'BIRTH_DATE_MISMATCH', `出生日期与证件号码不符（号码为${fromNumber.birthDate}）`, `The birth date contradicts the identity number (which says ${fromNumber.birthDate})`),
    );
  }
  if (typeof holder.occupationCode !== 'string' || !OCCUPATION_CODE_FORMAT.test(holder.occupationCode.trim())) {
    issues.push(issue('occupationCode', 'OCCUPATION_CODE_INVALID', '职业编码格式应为 6-18-01-01（或带工种的 6-18-01-01-01）', 'The occupation code is written like 6-18-01-01 (or 6-18-01-01-01 with a trade)'));
  }
  issues.push(...textIssues('occupationName', holder.occupationName, 100, true, { 'zh-CN': '职业名称', en: 'occupation name' }));
  issues.push(...textIssues('trade', holder.trade, 100, false, { 'zh-CN': '工种/职业方向', en: 'trade' }));
  return issues;
}
