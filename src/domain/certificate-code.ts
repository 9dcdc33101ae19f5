// Certificate codes: the 22-character 职业技能等级证书 code of annex 2 to 人社厅发〔2021〕66号 and the
// older 16-digit 职业资格证书 number. A bad code gets every reason it is bad, not only the first.

import { requireCalendarDate } from './calendar-date.ts';
import type { LocalizedText, ValidationIssue } from './errors.ts';
import { CERTIFICATE_PROVINCES, regionName, type RegionTable } from './provinces.ts';

export type InstitutionCategory = 'Y' | 'S';
/** `T` is 特级技师; `1`–`5` are the ordinary skill levels (1 高级技师 … 5 初级工). */
export type CertificateLevel = 'T' | '1' | '2' | '3' | '4' | '5';
export type SkillLevel = '1' | '2' | '3' | '4' | '5';

export type CertificatePartName =
  | 'category'
  | 'institutionCode'
  | 'provinceCode'
  | 'siteCode'
  | 'year'
  | 'level'
  | 'serial';

export interface CertificateCodeParts {
  readonly category: InstitutionCategory;
  readonly institutionCode: string;
  readonly provinceCode: string;
  readonly siteCode: string;
  /** The full year of issue, 2000 + the two digits of positions 14–15. */
  readonly year: number;
  readonly level: CertificateLevel;
  readonly serial: string;
}

export interface CertificateCodeOptions {
  /** The provincial code table (configurable); defaults to CERTIFICATE_PROVINCES. */
  readonly provinces?: RegionTable;
  /** When given ('YYYY-MM-DD'), a year of issue after this date's year is refused. */
  readonly today?: string;
}

export type CertificateCodeResult =
  | { readonly valid: true; readonly code: string; readonly parts: CertificateCodeParts }
  | { readonly valid: false; readonly errors: readonly ValidationIssue[] };

export const CERTIFICATE_CODE_LENGTH = 22;

export interface CertificatePartLayout {
  readonly part: CertificatePartName;
  /** 1-based position of the first character. */
  readonly position: number;
  readonly width: number;
  readonly name: LocalizedText;
}

/** Annex 2: seven parts; 1–4 assigned by the 人社 departments, 5–7 by the issuing institution. */
export const CERTIFICATE_CODE_LAYOUT: readonly CertificatePartLayout[] = [
  { part: 'category', position: 1, width: 1, name: { 'zh-CN': '机构类别', en: 'institution category' } },
  { part: 'institutionCode', position: 2, width: 4, name: { 'zh-CN': '机构代码', en: 'institution code' } },
  { part: 'provinceCode', position: 6, width: 2, name: { 'zh-CN': '省份代码', en: 'province code' } },
  { part: 'siteCode', position: 8, width: 6, name: { 'zh-CN': '机构（站点）序列码', en: 'institution (site) sequence' } },
  { part: 'year', position: 14, width: 2, name: { 'zh-CN': '发证年份', en: 'year of issue' } },
  { part: 'level', position: 16, width: 1, name: { 'zh-CN': '等级', en: 'level' } },
  { part: 'serial', position: 17, width: 6, name: { 'zh-CN': '证书序号', en: 'certificate serial' } },
];

export const INSTITUTION_CATEGORY_NAMES: Readonly<Record<InstitutionCategory, LocalizedText>> = {
  Y: { 'zh-CN': '用人单位', en: 'employer' },
  S: { 'zh-CN': '社会培训评价组织', en: 'social training evaluation organisation' },
};

export const CERTIFICATE_LEVEL_NAMES: Readonly<Record<CertificateLevel, LocalizedText>> = {
  T: { 'zh-CN': '特级技师', en: 'Principal Technician' },
  '1': { 'zh-CN': '一级/高级技师', en: 'level 1 / Senior Technician' },
  '2': { 'zh-CN': '二级/技师', en: 'level 2 / Technician' },
  '3': { 'zh-CN': '三级/高级工', en: 'level 3 / Senior Worker' },
  '4': { 'zh-CN': '四级/中级工', en: 'level 4 / Intermediate Worker' },
  '5': { 'zh-CN': '五级/初级工', en: 'level 5 / Junior Worker' },
};

const INSTITUTION_CATEGORIES: readonly string[] = ['Y', 'S'];
const CERTIFICATE_LEVELS: readonly string[] = ['T', '1', '2', '3', '4', '5'];
const SKILL_LEVELS: readonly string[] = ['1', '2', '3', '4', '5'];

function isDigits(value: string, width: number): boolean {
  return value.length === width && /^[0-9]+$/.test(value);
}

function quoted(value: string): string {
  return `“${value}”`;
}

function positionText(layout: CertificatePartLayout): LocalizedText {
  const last = layout.position + layout.width - 1;
  return layout.width === 1
    ? { 'zh-CN': `第${layout.position}位`, en: `Position ${layout.position}` }
    : { 'zh-CN': `第${layout.position}–${last}位`, en: `Positions ${layout.position}–${last}` };
}

/** Where a finding is: a position in a code, or (for settings) no position, only the field. */
type Placement = 'position' | 'field';

function partIssue(
  layout: CertificatePartLayout,
  placement: Placement,
  code: string,
  value: string,
  message: LocalizedText,
): ValidationIssue {
  return placement === 'position'
    ? { code, message, position: layout.position, width: layout.width, field: layout.part, params: { value } }
    : { code, message, field: layout.part, params: { value } };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How a message about a part begins: its position in a code, or nothing for a setting. Worked out only for a fault. */
class PartPlace {
  constructor(
    private readonly layout: CertificatePartLayout,
    private readonly placement: Placement,
  ) {}

  get 'zh-CN'(): string {
    return this.placement === 'position' ? positionText(this.layout)['zh-CN'] : '';
  }

  en(sentence: string): string {
    return this.placement === 'position' ? `${positionText(this.layout).en}: ${sentence}` : capitalise(sentence);
  }
}

/** Checks the value of one part; in a code, the message names the position it sits at. */
function checkPart(
  layout: CertificatePartLayout,
  placement: Placement,
  value: string,
  provinces: RegionTable,
  latestYear: number | undefined,
): ValidationIssue[] {
  const at = new PartPlace(layout, placement);
  switch (layout.part) {
    case 'category':
      return INSTITUTION_CATEGORIES.includes(value)
        ? []
        : [
            partIssue(layout, placement, 'CATEGORY_INVALID', value, {
              'zh-CN': `${at['zh-CN']}机构类别应为大写字母Y（用人单位）或S（社会培训评价组织），实为${quoted(value)}`,
              en: at.en(`the institution category is the capital letter Y (employer) or S (social training evaluation organisation), not "${value}"`),
            }),
          ];
    case 'institutionCode':
      return isDigits(value, 4)
        ? []
        : [
            partIssue(layout, placement, 'INSTITUTION_CODE_INVALID', value, {
              'zh-CN': `${at['zh-CN']}机构代码应为4位数字（在人社部备案的机构为0001–9999，在省级人社部门备案的机构为0000），实为${quoted(value)}`,
              en: at.en(`the institution code is 4 digits (0001–9999 for institutions filed with the ministry, 0000 for those filed with a province), not "${value}"`),
            }),
          ];
    case 'provinceCode':
      return isDigits(value, 2) && regionName(provinces, value)
        ? []
        : [
            partIssue(layout, placement, 'PROVINCE_CODE_INVALID', value, {
              'zh-CN': `${at['zh-CN']}省份代码${quoted(value)}不是有效的省级行政区划代码（GB/T 2260）`,
              en: at.en(`the province code "${value}" is not a provincial code (GB/T 2260)`),
            }),
          ];
    case 'siteCode':
      return isDigits(value, 6)
        ? []
        : [
            partIssue(layout, placement, 'SITE_CODE_INVALID', value, {
              'zh-CN': `${at['zh-CN']}机构（站点）序列码应为6位数字，实为${quoted(value)}`,
              en: at.en(`the institution (site) sequence is 6 digits, not "${value}"`),
            }),
          ];
    case 'year': {
      if (!isDigits(value, 2)) {
        return [
          partIssue(layout, placement, 'YEAR_INVALID', value, {
            'zh-CN': `${at['zh-CN']}发证年份应为年份的后2位数字，实为${quoted(value)}`,
            en: at.en(`the year of issue is the last 2 digits of the year, not "${value}"`),
          }),
        ];
      }
      const year = 2000 + Number(value);
      if (latestYear !== undefined && year > latestYear) {
        return [
          partIssue(layout, placement, 'YEAR_IN_FUTURE', value, {
            'zh-CN': `${at['zh-CN']}发证年份${year}年晚于当前年份${latestYear}年`,
            en: at.en(`the year of issue ${year} lies after the current year ${latestYear}`),
          }),
        ];
      }
      return [];
    }
    case 'level':
      return CERTIFICATE_LEVELS.includes(value)
        ? []
        : [
            partIssue(layout, placement, 'LEVEL_INVALID', value, {
              'zh-CN': `${at['zh-CN']}等级应为T（特级技师）或1–5（一级/高级技师至五级/初级工），实为${quoted(value)}`,
              en: at.en(`the level is T (Principal Technician) or 1–5 (level 1 / Senior Technician to level 5), not "${value}"`),
            }),
          ];
    case 'serial':
      return isDigits(value, 6) && value !== '000000'
        ? []
        : [
            partIssue(layout, placement, 'SERIAL_INVALID', value, {
              'zh-CN': `${at['zh-CN']}证书序号应为000001–999999，实为${quoted(value)}`,
              en: at.en(`the certificate serial runs from 000001 to 999999, not "${value}"`),
            }),
          ];
  }
}

function latestYearOf(today: string | undefined): number | undefined {
  return today === undefined ? undefined : requireCalendarDate(today, 'today').year;
}

/**
 * Parses and validates a 22-character vocational skill level certificate code. A code of the
 * wrong length is refused for its length and, besides, for every part that it holds in full
 * and that is wrong.
 */
export function parseCertificateCode(code: string, options: CertificateCodeOptions = {}): CertificateCodeResult {
  const provinces = options.provinces ?? CERTIFICATE_PROVINCES;
  const latestYear = latestYearOf(options.today);
  const text = typeof code === 'string' ? code : '';
  const errors: ValidationIssue[] = [];
  if (text.length !== CERTIFICATE_CODE_LENGTH) {
    errors.push({
      code: 'CODE_LENGTH',
      message: {
        'zh-CN': `职业技能等级证书编码应为22位，实为${text.length}位`,
        en: `A vocational skill level certificate code has 22 characters; this one has ${text.length}`,
      },
      params: { length: text.length },
    });
  }
  for (const layout of CERTIFICATE_CODE_LAYOUT) {
    const end = layout.position - 1 + layout.width;
    if (text.length < end) continue;
    errors.push(...checkPart(layout, 'position', text.slice(layout.position - 1, end), provinces, latestYear));
  }
  if (errors.length > 0) return { valid: false, errors };
  return {
    valid: true,
    code: text,
    parts: {
      category: part(text, 'category') as InstitutionCategory,
      institutionCode: part(text, 'institutionCode'),
      provinceCode: part(text, 'provinceCode'),
      siteCode: part(text, 'siteCode'),
      year: 2000 + Number(part(text, 'year')),
      level: part(text, 'level') as CertificateLevel,
      serial: part(text, 'serial'),
    },
  };
}

/** An institution's settings, a year and a serial: everything a certificate code is built of. */
export interface CertificateCodeSettings {
  readonly category: string;
  readonly institutionCode: string;
  readonly provinceCode: string;
  readonly siteCode: string;
  /** The full year of issue, 2000–2099. */
  readonly year: number;
  readonly level: string;
  /** 1–999999, as a number or as up to 6 digits; written with leading zeros. */
  readonly serial: number | string;
}

function fieldIssue(field: CertificatePartName, code: string, value: unknown, message: LocalizedText): ValidationIssue {
  return { code, message, field, params: { value: String(value) } };
}

const PART_ERROR_CODES: Readonly<Record<CertificatePartName, string>> = {
  category: 'CATEGORY_INVALID',
  institutionCode: 'INSTITUTION_CODE_INVALID',
  provinceCode: 'PROVINCE_CODE_INVALID',
  siteCode: 'SITE_CODE_INVALID',
  year: 'YEAR_INVALID',
  level: 'LEVEL_INVALID',
  serial: 'SERIAL_INVALID',
};

function layoutOf(part: CertificatePartName): CertificatePartLayout {
  return CERTIFICATE_CODE_LAYOUT.find((layout) => layout.part === part)!;
}

/** The characters of one part of a code of full length. */
function part(text: string, name: CertificatePartName): string {
  const layout = layoutOf(name);
  return text.slice(layout.position - 1, layout.position - 1 + layout.width);
}

function normaliseSerial(serial: number | string): string | null {
  if (typeof serial === 'number') {
    return Number.isInteger(serial) && serial >= 1 && serial <= 999_999 ? String(serial).padStart(6, '0') : null;
  }
  if (typeof serial === 'string' && /^[0-9]{1,6}$/.test(serial) && Number(serial) >= 1) {
    return serial.padStart(6, '0');
  }
  return null;
}

/**
 * Builds a certificate code. Each setting is checked on its own (all faults are reported,
 * each naming its field) and the composed code is then parsed as any other code would be.
 */
export function makeCertificateCode(
  settings: CertificateCodeSettings,
  options: CertificateCodeOptions = {},
): CertificateCodeResult {
  const provinces = options.provinces ?? CERTIFICATE_PROVINCES;
  const latestYear = latestYearOf(options.today);
  const errors: ValidationIssue[] = [];
  const textFields: readonly [CertificatePartName, unknown][] = [
    ['category', settings.category],
    ['institutionCode', settings.institutionCode],
    ['provinceCode', settings.provinceCode],
    ['siteCode', settings.siteCode],
    ['level', settings.level],
  ];
  for (const [field, value] of textFields) {
    const layout = layoutOf(field);
    const text = typeof value === 'string' ? value : String(value);
    if (text.length === layout.width) {
      errors.push(...checkPart(layout, 'field', text, provinces, latestYear));
    } else {
      errors.push(
        fieldIssue(field, PART_ERROR_CODES[field], value, {
          'zh-CN': `${layout.name['zh-CN']}应为${layout.width}位，实为${quoted(text)}`,
          en: `The ${layout.name.en} has ${layout.width} character${layout.width === 1 ? '' : 's'}, not "${text}"`,
        }),
      );
    }
  }
  const year = settings.year;
  if (!Number.isInteger(year) || year < 2000 || year > 2099) {
    errors.push(
      fieldIssue('year', 'YEAR_INVALID', year, {
        'zh-CN': `发证年份应为2000–2099年，实为${quoted(String(year))}`,
        en: `The year of issue lies between 2000 and 2099, not "${String(year)}"`,
      }),
    );
  } else if (latestYear !== undefined && year > latestYear) {
    errors.push(
      fieldIssue('year', 'YEAR_IN_FUTURE', year, {
        'zh-CN': `发证年份${year}年晚于当前年份${latestYear}年`,
        en: `The year of issue ${year} lies after the current year ${latestYear}`,
      }),
    );
  }
  const serial = normaliseSerial(settings.serial);
  if (serial === null) {
    errors.push(
      fieldIssue('serial', 'SERIAL_INVALID', settings.serial, {
        'zh-CN': `证书序号应为1–999999，实为${quoted(String(settings.serial))}`,
        en: `The certificate serial runs from 1 to 999999, not "${String(settings.serial)}"`,
      }),
    );
  }
  if (errors.length > 0) {
    const order = (issue: ValidationIssue) => CERTIFICATE_CODE_LAYOUT.findIndex((layout) => layout.part === issue.field);
    return { valid: false, errors: [...errors].sort((a, b) => order(a) - order(b)) };
  }
  const yearDigits = String(year % 100).padStart(2, '0');
  const code = `${settings.category}${settings.institutionCode}${settings.provinceCode}${settings.siteCode}${yearDigits}${settings.level}${serial}`;
  return parseCertificateCode(code, options);
}

// ---------------------------------------------------------------------------------------------
// The older 16-digit 职业资格证书 number: year (2), province or industry (2), city (2),
// institution kind (1), institution sequence (3), level (1, position 11), serial (5).

export interface QualificationNumberParts {
  /** The two digits of positions 1–2 as written. */
  readonly yearDigits: string;
  /**
   * The full year: 19xx for 90–99, 20xx otherwise. The 职业资格证书 numbers date from the 1990s
   * (the national system began in 1994) to the end of issuing in the 2010s, so 90–99 can only
   * mean the 1990s.
   */
  readonly year: number;
  readonly regionCode: string;
  readonly cityCode: string;
  readonly institutionKind: string;
  readonly institutionSequence: string;
  readonly level: SkillLevel;
  readonly serial: string;
}

export type QualificationNumberResult =
  | { readonly valid: true; readonly number: string; readonly parts: QualificationNumberParts }
  | { readonly valid: false; readonly errors: readonly ValidationIssue[] };

export const QUALIFICATION_NUMBER_LENGTH = 16;
export const QUALIFICATION_LEVEL_POSITION = 11;

/** Validates a 16-digit 职业资格证书 number; all faults are reported. */
export function parseQualificationNumber(number: string): QualificationNumberResult {
  const text = typeof number === 'string' ? number : '';
  const errors: ValidationIssue[] = [];
  if (text.length !== QUALIFICATION_NUMBER_LENGTH) {
    errors.push({
      code: 'NUMBER_LENGTH',
      message: {
        'zh-CN': `职业资格证书编号应为16位数字，实为${text.length}位`,
        en: `A vocational qualification certificate number has 16 digits; this one has ${text.length}`,
      },
      params: { length: text.length },
    });
  }
  const nonDigits = [...text].flatMap((character, index) => (/[0-9]/.test(character) ? [] : [index + 1]));
  if (nonDigits.length > 0) {
    errors.push({
      code: 'NUMBER_NOT_DIGITS',
      message: {
        'zh-CN': `职业资格证书编号只含数字，第${nonDigits.join('、')}位不是数字`,
        en: `A vocational qualification certificate number holds digits only; position${nonDigits.length === 1 ? '' : 's'} ${nonDigits.join(', ')} ${nonDigits.length === 1 ? 'is' : 'are'} not`,
      },
      position: nonDigits[0],
      params: { positions: nonDigits.join(',') },
    });
  }
  if (text.length >= QUALIFICATION_LEVEL_POSITION) {
    const level = text.charAt(QUALIFICATION_LEVEL_POSITION - 1);
    if (/[0-9]/.test(level) && !SKILL_LEVELS.includes(level)) {
      errors.push({
        code: 'LEVEL_INVALID',
        message: {
          'zh-CN': `第11位等级应为1–5（一级/高级技师至五级/初级工），实为${quoted(level)}`,
          en: `Position 11: the level is 1–5 (level 1 / Senior Technician to level 5), not "${level}"`,
        },
        position: QUALIFICATION_LEVEL_POSITION,
        width: 1,
        field: 'level',
        params: { value: level },
      });
    }
  }
  if (errors.length > 0) {
    const order = (issue: ValidationIssue) => CERTIFICATE_CODE_LAYOUT.findIndex((layout) => layout.part === issue.field);
    return { valid: false, errors: [...errors].sort((a, b) => order(a) - order(b)) };
  }
  const yearDigits = text.slice(0, 2);
  const yearNumber = Number(yearDigits);
  return {
    valid: true,
    number: text,
    parts: {
      yearDigits,
      year: yearNumber >= 90 ? 1900 + yearNumber : 2000 + yearNumber,
      regionCode: text.slice(2, 4),
      cityCode: text.slice(4, 6),
      institutionKind: text.slice(6, 7),
      institutionSequence: text.slice(7, 10),
      level: text.charAt(10) as SkillLevel,
      serial: text.slice(11, 16),
    },
  };
}
