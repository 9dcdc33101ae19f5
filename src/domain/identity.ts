// Identity documents. The 18-character resident identity number (公民身份号码, GB 11643) in full:
// region, birth date, sequence (its last digit gives the gender) and the ISO 7064 MOD 11-2 check
// character. The other ID types of DOMAIN.md get their format checks.

import { isRealDate, formatCalendarDate, requireCalendarDate, type CalendarDate } from './calendar-date.ts';
import type { LocalizedText, ValidationIssue } from './errors.ts';
import { MAINLAND_PROVINCES, RESIDENCE_PERMIT_REGIONS, regionName, type RegionTable } from './provinces.ts';

export type IdentityType =
  | 'resident-id'
  | 'passport'
  | 'hk-macao-pass'
  | 'taiwan-pass'
  | 'foreign-permanent-residence'
  | 'hmt-residence-permit';

export const IDENTITY_TYPES: readonly IdentityType[] = [
  'resident-id',
  'passport',
  'hk-macao-pass',
  'taiwan-pass',
  'foreign-permanent-residence',
  'hmt-residence-permit',
];

export const IDENTITY_TYPE_NAMES: Readonly<Record<IdentityType, LocalizedText>> = {
  'resident-id': { 'zh-CN': '居民身份证', en: 'Resident identity card' },
  passport: { 'zh-CN': '护照', en: 'Passport' },
  'hk-macao-pass': { 'zh-CN': '港澳居民来往内地通行证', en: 'Mainland Travel Permit for Hong Kong and Macao Residents' },
  'taiwan-pass': { 'zh-CN': '台湾居民来往大陆通行证', en: 'Mainland Travel Permit for Taiwan Residents' },
  'foreign-permanent-residence': {
    'zh-CN': '外国人永久居留身份证',
    en: "Foreigner's Permanent Residence Identity Card",
  },
  'hmt-residence-permit': {
    'zh-CN': '港澳台居民居住证',
    en: 'Residence Permit for Hong Kong, Macao and Taiwan Residents',
  },
};

export function isIdentityType(value: unknown): value is IdentityType {
  return typeof value === 'string' && (IDENTITY_TYPES as readonly string[]).includes(value);
}

export type Gender = 'male' | 'female';

export interface IdentityDetails {
  readonly type: IdentityType;
  readonly number: string;
  readonly birthDate?: CalendarDate;
  readonly gender?: Gender;
  /** Region code the number carries (two digits), or `HK` / `MO` for the Home Return Permit. */
  readonly regionCode?: string;
  readonly region?: LocalizedText;
  /** Which edition of the document the number's format belongs to, when several exist. */
  readonly edition?: string;
}

export type IdentityResult =
  | ({ readonly valid: true } & IdentityDetails)
  | { readonly valid: false; readonly type: IdentityType; readonly errors: readonly ValidationIssue[] };

export interface IdentityOptions {
  /** Today's date ('YYYY-MM-DD', in China): a birth date after it is refused. */
  readonly today: CalendarDate;
  /** The provincial table for resident numbers (configurable); defaults to MAINLAND_PROVINCES. */
  readonly provinces?: RegionTable;
  /** The region table of the HMT residence permit; defaults to RESIDENCE_PERMIT_REGIONS. */
  readonly residencePermitRegions?: RegionTable;
}

const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** The ISO 7064 MOD 11-2 check character of a 17-digit body (GB 11643): `0`–`9` or `X`. */
export function residentIdCheckCharacter(body: string): string {
  if (!/^[0-9]{17}$/.test(body)) {
    throw new RangeError('The body of a resident identity number is 17 digits');
  }
  let sum = 0;
  for (let index = 0; index < 17; index += 1) sum += Number(body[index]) * CHECK_WEIGHTS[index];
  return CHECK_CHARACTERS[sum % 11];
}

/**
 * Masks an identity number for display: at most the first 6 and the last 4 characters stay
 * visible, and never more than a third of the number at either end, so that short numbers
 * (passports, permits) keep at least a third hidden.
 */
/**
 * What may stand beside a masked identity number: the birth year only ('1975'), or null. The
 * resident ID's digits 7–14 are the birth date, so a masked number (first 6, last 4) beside the
 * whole date gives all but the sequence digits, and the check digit narrows those (issue 22).
 */
export function birthYearOf(date: string | null | undefined): string | null {
  const match = /^(\d{4})/.exec(date ?? '');
  return match ? match[1] : null;
}

export function maskIdNumber(number: string): string {
  const length = number.length;
  const third = Math.floor(length / 3);
  const prefix = Math.min(6, third);
  const suffix = Math.min(4, third);
  return number.slice(0, prefix) + '*'.repeat(length - prefix - suffix) + number.slice(length - suffix);
}

function issue(code: string, message: LocalizedText, extra: Partial<ValidationIssue> = {}): ValidationIssue {
  return { code, message, ...extra };
}

function lengthIssue(type: IdentityType, expected: LocalizedText, actual: number): ValidationIssue {
  const name = IDENTITY_TYPE_NAMES[type];
  return issue(
    'ID_LENGTH',
    {
      'zh-CN': `${name['zh-CN']}号码应为${expected['zh-CN']}位，实为${actual}位`,
      en: `A ${name.en.charAt(0).toLowerCase()}${name.en.slice(1)} number has ${expected.en} characters; this one has ${actual}`,
    },
    { params: { length: actual } },
  );
}

function birthDateIssues(
  year: number,
  month: number,
  day: number,
  position: number,
  today: CalendarDate,
): { issues: ValidationIssue[]; birthDate?: CalendarDate } {
  if (!isRealDate(year, month, day)) {
    const written = `${String(year).padStart(4, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
    return {
      issues: [
        issue(
          'ID_BIRTH_DATE_INVALID',
          {
            'zh-CN': `第${position}–${position + 7}位出生日期${written}不是有效日期`,
            en: `Positions ${position}–${position + 7}: the birth date ${written} is not a real date`,
          },
          { position, width: 8, field: 'birthDate', params: { value: written } },
        ),
      ],
    };
  }
  const birthDate = formatCalendarDate(year, month, day);
  if (birthDate > today) {
    return {
      issues: [
        issue(
          'ID_BIRTH_DATE_IN_FUTURE',
          {
            'zh-CN': `出生日期${birthDate}晚于今天（${today}）`,
            en: `The birth date ${birthDate} lies after today (${today})`,
          },
          { position, width: 8, field: 'birthDate', params: { value: birthDate } },
        ),
      ],
    };
  }
  return { issues: [], birthDate };
}

function checkCharacterIssues(number: string): ValidationIssue[] {
  const last = number.charAt(17);
  if (last === 'x') {
    return [
      issue(
        'ID_CHECK_CHARACTER_LOWERCASE',
        {
          'zh-CN': '第18位校验码X应为大写字母',
          en: 'Position 18: the check character X is written in upper case',
        },
        { position: 18, width: 1, field: 'checkCharacter' },
      ),
    ];
  }
  if (!/^[0-9X]$/.test(last)) {
    return [
      issue(
        'ID_CHECK_CHARACTER_FORMAT',
        {
          'zh-CN': `第18位校验码应为数字或大写字母X，实为“${last}”`,
          en: `Position 18: the check character is a digit or the capital letter X, not "${last}"`,
        },
        { position: 18, width: 1, field: 'checkCharacter', params: { value: last } },
      ),
    ];
  }
  const body = number.slice(0, 17);
  if (/^[0-9]{17}$/.test(body) && residentIdCheckCharacter(body) !== last) {
    return [
      issue(
        'ID_CHECK_DIGIT_MISMATCH',
        {
          'zh-CN': '第18位校验码与前17位不符（GB 11643，ISO 7064 MOD 11-2），号码可能有误',
          en: 'Position 18: the check character does not match the first 17 digits (GB 11643, ISO 7064 MOD 11-2); the number is probably mistyped',
        },
        { position: 18, width: 1, field: 'checkCharacter' },
      ),
    ];
  }
  return [];
}

/**
 * The checks shared by every 18-character number built like the resident identity number
 * (the resident ID itself, the HMT residence permit, the 2023 permanent residence card).
 */
function checkEighteenCharacterNumber(
  type: IdentityType,
  number: string,
  today: CalendarDate,
  checkRegion: (number: string) => ValidationIssue[],
): { issues: ValidationIssue[]; birthDate?: CalendarDate } {
  const issues: ValidationIssue[] = [];
  if (number.length !== 18) {
    issues.push(lengthIssue(type, { 'zh-CN': '18', en: '18' }, number.length));
    if (type === 'resident-id' && /^[0-9]{15}$/.test(number)) {
      issues.push(
        issue('ID_FIRST_GENERATION', {
          'zh-CN': '这是15位的第一代居民身份证号码，请填写18位公民身份号码',
          en: 'This is a 15-digit first-generation identity number; give the 18-character citizen identity number',
        }),
      );
    }
    if (number.length >= 2 && /^[0-9]{2}/.test(number)) issues.push(...checkRegion(number));
    return { issues };
  }
  const nonDigits = /^[0-9]{17}/.test(number) ? [] : [...number.slice(0, 17)].flatMap((character, index) => (/[0-9]/.test(character) ? [] : [index + 1]));
  if (nonDigits.length > 0) {
    issues.push(
      issue(
        'ID_NOT_DIGITS',
        {
          'zh-CN': `前17位应为数字，第${nonDigits.join('、')}位不是数字`,
          en: `The first 17 characters are digits; position${nonDigits.length === 1 ? '' : 's'} ${nonDigits.join(', ')} ${nonDigits.length === 1 ? 'is' : 'are'} not`,
        },
        { position: nonDigits[0], params: { positions: nonDigits.join(',') } },
      ),
    );
  }
  if (/^[0-9]{2}/.test(number)) issues.push(...checkRegion(number));
  let birthDate: CalendarDate | undefined;
  const birthText = number.slice(6, 14);
  if (/^[0-9]{8}$/.test(birthText)) {
    const birth = birthDateIssues(Number(birthText.slice(0, 4)), Number(birthText.slice(4, 6)), Number(birthText.slice(6, 8)), 7, today);
    issues.push(...birth.issues);
    birthDate = birth.birthDate;
  }
  issues.push(...checkCharacterIssues(number));
  return { issues, birthDate };
}

function provinceRegionIssues(table: RegionTable, what: LocalizedText) {
  return (number: string): ValidationIssue[] => {
    const code = number.slice(0, 2);
    return regionName(table, code)
      ? []
      : [
          issue(
            'ID_REGION_INVALID',
            {
              'zh-CN': `第1–2位“${code}”不是有效的${what['zh-CN']}`,
              en: `Positions 1–2: "${code}" is not a valid ${what.en}`,
            },
            { position: 1, width: 2, field: 'region', params: { value: code } },
          ),
        ];
  };
}

function genderOf(number: string): Gender {
  return Number(number.charAt(16)) % 2 === 1 ? 'male' : 'female';
}

function failure(type: IdentityType, errors: ValidationIssue[]): IdentityResult {
  return { valid: false, type, errors };
}

function validateResidentNumber(number: string, options: IdentityOptions): IdentityResult {
  const provinces = options.provinces ?? MAINLAND_PROVINCES;
  const { issues, birthDate } = checkEighteenCharacterNumber(
    'resident-id',
    number,
    options.today,
    provinceRegionIssues(provinces, { 'zh-CN': '省级行政区划代码（GB/T 2260）', en: 'provincial code (GB/T 2260)' }),
  );
  if (issues.length > 0) return failure('resident-id', issues);
  const regionCode = number.slice(0, 2);
  return {
    valid: true,
    type: 'resident-id',
    number,
    birthDate,
    gender: genderOf(number),
    regionCode,
    region: regionName(provinces, regionCode),
  };
}

function validateResidencePermit(number: string, options: IdentityOptions): IdentityResult {
  const regions = options.residencePermitRegions ?? RESIDENCE_PERMIT_REGIONS;
  const checkRegion = (text: string): ValidationIssue[] => {
    const code = text.slice(0, 2);
    const rest = text.slice(2, 6);
    const known = regionName(regions, code) !== undefined;
    if (known && (text.length < 6 || rest === '0000')) return [];
    return [
      issue(
        'ID_REGION_INVALID',
        {
          'zh-CN': `港澳台居民居住证号码的地址码应为810000（香港）、820000（澳门）或830000（台湾），实为“${text.slice(0, 6)}”`,
          en: `The address code of a residence permit for Hong Kong, Macao and Taiwan residents is 810000 (Hong Kong), 820000 (Macao) or 830000 (Taiwan), not "${text.slice(0, 6)}"`,
        },
        { position: 1, width: 6, field: 'region', params: { value: text.slice(0, 6) } },
      ),
    ];
  };
  const { issues, birthDate } = checkEighteenCharacterNumber('hmt-residence-permit', number, options.today, checkRegion);
  if (issues.length > 0) return failure('hmt-residence-permit', issues);
  const regionCode = number.slice(0, 2);
  return {
    valid: true,
    type: 'hmt-residence-permit',
    number,
    birthDate,
    gender: genderOf(number),
    regionCode,
    region: regionName(regions, regionCode),
  };
}

/**
 * 外国人永久居留身份证. The 2004 and 2017 cards: 15 characters, 3 letters (nationality, ISO 3166-1
 * alpha-3) then 12 digits: the accepting province (2), the birth date YYMMDD (6), a sequence and a
 * check digit (4). The card issued from 1 December 2023: 18 characters built like the resident
 * identity number: `9`, the accepting province (2), the nationality as a number (3), the birth
 * date YYYYMMDD (8), a sequence (3), the MOD 11-2 check character.
 */
function validateForeignPermanentResidence(number: string, options: IdentityOptions): IdentityResult {
  const type: IdentityType = 'foreign-permanent-residence';
  const provinces = options.provinces ?? MAINLAND_PROVINCES;
  if (number.length === 15) {
    const errors: ValidationIssue[] = [];
    if (!/^[A-Z]{3}[0-9]{12}$/.test(number)) {
      errors.push(
        issue('ID_FORMAT', {
          'zh-CN': '15位外国人永久居留身份证号码应为3位大写字母（国籍代码）加12位数字',
          en: "A 15-character Foreigner's Permanent Residence Identity Card number is 3 capital letters (the nationality) and 12 digits",
        }),
      );
    }
    const province = number.slice(3, 5);
    if (/^[0-9]{2}$/.test(province) && !regionName(provinces, province)) {
      errors.push(
        issue(
          'ID_REGION_INVALID',
          {
            'zh-CN': `第4–5位受理地代码“${province}”不是有效的省级行政区划代码`,
            en: `Positions 4–5: the accepting province "${province}" is not a provincial code`,
          },
          { position: 4, width: 2, field: 'region', params: { value: province } },
        ),
      );
    }
    const birth = number.slice(5, 11);
    if (/^[0-9]{6}$/.test(birth)) {
      const yearDigits = Number(birth.slice(0, 2));
      const month = Number(birth.slice(2, 4));
      const day = Number(birth.slice(4, 6));
      // Without its century the date is real when it is real in the 1900s or the 2000s.
      if (!isRealDate(1900 + yearDigits, month, day) && !isRealDate(2000 + yearDigits, month, day)) {
        errors.push(
          issue(
            'ID_BIRTH_DATE_INVALID',
            {
              'zh-CN': `第6–11位出生日期${birth}不是有效日期`,
              en: `Positions 6–11: the birth date ${birth} is not a real date`,
            },
            { position: 6, width: 6, field: 'birthDate', params: { value: birth } },
          ),
        );
      }
    }
    if (errors.length > 0) return failure(type, errors);
    return {
      valid: true,
      type,
      number,
      regionCode: province,
      region: regionName(provinces, province),
      edition: '2004',
    };
  }
  const checkRegion = (text: string): ValidationIssue[] => {
    const issues: ValidationIssue[] = [];
    if (text.charAt(0) !== '9') {
      issues.push(
        issue(
          'ID_FORMAT',
          {
            'zh-CN': '18位外国人永久居留身份证号码以“9”开头',
            en: "An 18-character Foreigner's Permanent Residence Identity Card number starts with 9",
          },
          { position: 1, width: 1 },
        ),
      );
    }
    const province = text.slice(1, 3);
    if (/^[0-9]{2}$/.test(province) && !regionName(provinces, province)) {
      issues.push(
        issue(
          'ID_REGION_INVALID',
          {
            'zh-CN': `第2–3位受理地代码“${province}”不是有效的省级行政区划代码`,
            en: `Positions 2–3: the accepting province "${province}" is not a provincial code`,
          },
          { position: 2, width: 2, field: 'region', params: { value: province } },
        ),
      );
    }
    return issues;
  };
  if (number.length !== 18) {
    return failure(type, [lengthIssue(type, { 'zh-CN': '15或18', en: '15 or 18' }, number.length)]);
  }
  const { issues, birthDate } = checkEighteenCharacterNumber(type, number, options.today, checkRegion);
  if (issues.length > 0) return failure(type, issues);
  const province = number.slice(1, 3);
  return {
    valid: true,
    type,
    number,
    birthDate,
    regionCode: province,
    region: regionName(provinces, province),
    edition: '2023',
  };
}

/** A passport: 5–17 capital letters and digits, at least one digit (ICAO 9303 document numbers). */
function validatePassport(number: string): IdentityResult {
  const type: IdentityType = 'passport';
  if (/^[A-Z0-9]{5,17}$/.test(number) && /[0-9]/.test(number)) return { valid: true, type, number };
  return failure(type, [
    issue('ID_FORMAT', {
      'zh-CN': '护照号码应为5–17位大写字母和数字，且至少含一位数字',
      en: 'A passport number is 5–17 capital letters and digits, with at least one digit',
    }),
  ]);
}

/**
 * 港澳居民来往内地通行证: `H` (Hong Kong) or `M` (Macao) and 8 digits on the card issued since
 * 2013; the earlier card carried 10 digits after the letter.
 */
function validateHongKongMacaoPass(number: string): IdentityResult {
  const type: IdentityType = 'hk-macao-pass';
  const match = /^([HM])([0-9]{8}|[0-9]{10})$/.exec(number);
  if (!match) {
    return failure(type, [
      issue('ID_FORMAT', {
        'zh-CN': '港澳居民来往内地通行证号码应为字母H（香港）或M（澳门）加8位数字（旧版为10位数字）',
        en: 'A Mainland Travel Permit for Hong Kong and Macao Residents number is H (Hong Kong) or M (Macao) and 8 digits (10 on the older card)',
      }),
    ]);
  }
  const hongKong = match[1] === 'H';
  return {
    valid: true,
    type,
    number,
    regionCode: hongKong ? 'HK' : 'MO',
    region: hongKong ? RESIDENCE_PERMIT_REGIONS['81'] : RESIDENCE_PERMIT_REGIONS['82'],
    edition: match[2].length === 8 ? '2013' : 'before-2013',
  };
}

/** 台湾居民来往大陆通行证: 8 digits on the card issued since 2015; 10 digits on the earlier booklet. */
function validateTaiwanPass(number: string): IdentityResult {
  const type: IdentityType = 'taiwan-pass';
  if (/^[0-9]{8}$/.test(number)) return { valid: true, type, number, edition: '2015' };
  if (/^[0-9]{10}$/.test(number)) return { valid: true, type, number, edition: 'before-2015' };
  return failure(type, [
    issue('ID_FORMAT', {
      'zh-CN': '台湾居民来往大陆通行证号码应为8位数字（旧版为10位数字）',
      en: 'A Mainland Travel Permit for Taiwan Residents number is 8 digits (10 on the older booklet)',
    }),
  ]);
}

/**
 * Validates an identity document number of the given type. Every fault found is reported.
 * Birth date and gender are given where the number carries them.
 */
export function validateIdentity(type: IdentityType, number: string, options: IdentityOptions): IdentityResult {
  requireCalendarDate(options.today, 'today');
  const text = typeof number === 'string' ? number : '';
  switch (type) {
    case 'resident-id':
      return validateResidentNumber(text, options);
    case 'hmt-residence-permit':
      return validateResidencePermit(text, options);
    case 'foreign-permanent-residence':
      return validateForeignPermanentResidence(text, options);
    case 'passport':
      return validatePassport(text);
    case 'hk-macao-pass':
      return validateHongKongMacaoPass(text);
    case 'taiwan-pass':
      return validateTaiwanPass(text);
  }
}

/** The resident identity number alone: validateIdentity('resident-id', …). */
export function validateResidentId(number: string, options: IdentityOptions): IdentityResult {
  return validateIdentity('resident-id', number, options);
}
