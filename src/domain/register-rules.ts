// The employee register (职工名册) an enterprise's HR keeps of its 高级技师: what a row of the import
// template must hold, every fault of a row in both languages, and what the register alone can
// decide of the eligibility conditions of section 三 (the rest is "待申报人提供": the applicant
// supplies it). Pure: the occupation catalogue and today's date are passed in.

import { addYears, formatCalendarDate, isRealDate, requireCalendarDate, type CalendarDate } from './calendar-date.ts';
import { parseCertificateCode, parseQualificationNumber } from './certificate-code.ts';
import {
  BASIC_CONDITION_IDS,
  checkEligibility,
  planMinYearsInPost,
  postCompletionDate,
  PRIORITY_CONDITION_IDS,
  PRIORITY_CONDITION_NAMES,
  isMachineCheckableNumber,
  qualificationState,
  type BasicConditionId,
  type EligibilityPlan,
  type PriorityConditionId,
  type QualificationKind,
} from './eligibility.ts';
import type { LocalizedText } from './errors.ts';
import { IDENTITY_TYPE_NAMES, IDENTITY_TYPES, maskIdNumber, validateIdentity, type Gender, type IdentityType } from './identity.ts';

/** The columns of the import template, in order: key, header (zh / en), whether required. */
export const REGISTER_COLUMNS = [
  { key: 'name', zh: '姓名', en: 'Name', required: true },
  { key: 'idType', zh: '证件类型', en: 'ID type', required: false },
  { key: 'idNumber', zh: '证件号码', en: 'ID number', required: true },
  { key: 'gender', zh: '性别', en: 'Gender', required: false },
  { key: 'birthDate', zh: '出生日期', en: 'Birth date', required: false },
  { key: 'department', zh: '部门', en: 'Department', required: false },
  { key: 'post', zh: '岗位', en: 'Post', required: false },
  { key: 'occupationCode', zh: '职业（工种）代码', en: 'Occupation code', required: true },
  { key: 'certificateNumber', zh: '高级技师证书编号', en: 'Senior Technician certificate number', required: true },
  { key: 'certificateDate', zh: '取证日期', en: 'Certificate date', required: true },
  { key: 'postSince', zh: '聘任高级技师岗位起始日期', en: 'In a Senior Technician post since', required: true },
  { key: 'stillInOccupation', zh: '是否仍在本职业（工种）岗位', en: 'Still in the occupation', required: true },
  { key: 'honours', zh: '荣誉（优先条件）', en: 'Honours (priority conditions)', required: false },
] as const;
export type RegisterColumnKey = (typeof REGISTER_COLUMNS)[number]['key'];

/** A row as read from the file: every cell as text ('' when empty), dates already written YYYY-MM-DD when the cell was a date. */
export type RegisterRowInput = Record<RegisterColumnKey, string>;

/** A checked row, ready to store. */
export interface RegisterRecord {
  name: string;
  idType: IdentityType;
  /** Normalised: trimmed, upper-case. */
  idNumber: string;
  gender: Gender;
  birthDate: CalendarDate;
  department: string | null;
  /** The post (岗位): with the department, what HR confirms front-line work from. */
  post: string | null;
  occupationCode: string;
  certificateNumber: string;
  certificateKind: QualificationKind;
  certificateDate: CalendarDate;
  postSince: CalendarDate;
  stillInOccupation: boolean;
  honours: PriorityConditionId[];
}

/**
 * One fault of one row: the row number of the sheet, the column's header, the message. A warning
 * does not stop the row (an older certificate number HR will check); an error does.
 */
export interface RegisterRowIssue {
  row: number;
  column: RegisterColumnKey | null;
  code: string;
  message: LocalizedText;
  severity?: 'error' | 'warning';
}

export interface RegisterCheckContext {
  /** Today in China ('YYYY-MM-DD'): no date may lie after it. */
  today: CalendarDate;
  isKnownOccupation(code: string): boolean;
}

/** The earliest age at which a person may work (劳动法 art. 15): dates of certificate and post lie after it. */
export const MINIMUM_WORKING_AGE = 16;

const GENDER_NAMES: Record<Gender, LocalizedText> = { male: { 'zh-CN': '男', en: 'male' }, female: { 'zh-CN': '女', en: 'female' } };

export function genderName(gender: Gender): LocalizedText {
  return GENDER_NAMES[gender];
}

function column(key: RegisterColumnKey) {
  return REGISTER_COLUMNS.find((entry) => entry.key === key)!;
}

/** A date written 2021-10-31, 2021/10/31, 2021.10.31 or 20211031 (months and days may lack their zero); null when it is none or not real. */
export function normaliseDate(text: string): CalendarDate | null {
  const trimmed = text.trim();
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(trimmed) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(trimmed);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isRealDate(year, month, day) ? formatCalendarDate(year, month, day) : null;
}

/** The identity type named by its id or its Chinese or English name; resident-id when blank. */
export function parseIdentityType(text: string): IdentityType | null {
  const trimmed = text.trim();
  if (!trimmed) return 'resident-id';
  if ((IDENTITY_TYPES as readonly string[]).includes(trimmed)) return trimmed as IdentityType;
  const lower = trimmed.toLowerCase();
  for (const type of IDENTITY_TYPES) {
    const names = IDENTITY_TYPE_NAMES[type];
    if (names['zh-CN'] === trimmed || names.en.toLowerCase() === lower) return type;
  }
  if (trimmed === '身份证') return 'resident-id';
  return null;
}

export function parseGender(text: string): Gender | null | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!trimmed) return undefined;
  if (['男', 'male', 'm'].includes(trimmed)) return 'male';
  if (['女', 'female', 'f'].includes(trimmed)) return 'female';
  return null;
}

export function parseYesNo(text: string): boolean | null | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!trimmed) return undefined;
  if (['是', 'y', 'yes', 'true', '1', '在岗'].includes(trimmed)) return true;
  if (['否', 'n', 'no', 'false', '0'].includes(trimmed)) return false;
  return null;
}

/** The honours named in a cell, separated by 、，,；; or new lines: each by its id or its Chinese name. */
export function parseHonours(text: string): { honours: PriorityConditionId[]; unknown: string[] } {
  const honours: PriorityConditionId[] = [];
  const unknown: string[] = [];
  for (const part of text.split(/[、，,；;\n]+/).map((item) => item.trim()).filter(Boolean)) {
    const found = PRIORITY_CONDITION_IDS.find((id) => id === part || PRIORITY_CONDITION_NAMES[id]['zh-CN'] === part);
    if (found) {
      if (!honours.includes(found)) honours.push(found);
    } else {
      unknown.push(part);
    }
  }
  return { honours, unknown };
}

/**
 * The kind of a 高级技师 certificate by its number: 22 characters a skill level certificate, 16
 * digits a vocational qualification; any other (older, local) number is taken as a vocational
 * qualification for HR to check against the certificate — never refused for its format alone.
 */
export function certificateKindOf(number: string): { kind: QualificationKind; toCheck?: LocalizedText } | { errors: LocalizedText[] } {
  const text = number.trim().toUpperCase();
  // A letter followed by digits is a skill level certificate code (22 characters): a wrong one is refused.
  const looksLikeCode = /^[A-Z][0-9]{10,}$/.test(text);
  if (!isMachineCheckableNumber(text) && !looksLikeCode) {
    if (text.length > 40) {
      return { errors: [{ 'zh-CN': '证书编号不超过40个字符', en: 'A certificate number has at most 40 characters' }] };
    }
    return {
      kind: 'vocational-qualification',
      toCheck: {
        'zh-CN': `证书编号${text}不是系统可校验的格式（22位编码或16位编号），已按原样登记，资格审核时由人力资源部门对照证书核验`,
        en: `The certificate number ${text} is in none of the formats the rules read (22-character code or 16-digit number); it is kept as written, for HR to check against the certificate at screening`,
      },
    };
  }
  if (text.length === 22) {
    const parsed = parseCertificateCode(text);
    return parsed.valid ? { kind: 'skill-level' } : { errors: parsed.errors.map((error) => error.message) };
  }
  if (/^\d{16}$/.test(text)) {
    const parsed = parseQualificationNumber(text);
    return parsed.valid ? { kind: 'vocational-qualification' } : { errors: parsed.errors.map((error) => error.message) };
  }
  return {
    errors: [
      {
        'zh-CN': `证书编号应为22位职业技能等级证书编码或16位职业资格证书编号，实为${[...text].length}位`,
        en: `A certificate number is a 22-character skill level certificate code or a 16-digit qualification number; this one has ${[...text].length} characters`,
      },
    ],
  };
}

/** A cell of the row, trimmed ('' when empty). */
function cellOf(input: RegisterRowInput, key: RegisterColumnKey): string {
  return (input[key] ?? '').trim();
}

function addIssue(issues: RegisterRowIssue[], row: number, column: RegisterColumnKey | null, code: string, zh: string, en: string): void {
  issues.push({ row, column, code, message: { 'zh-CN': zh, en } });
}

/**
 * Checks the rows of one import. Returns a function to call for each row in order: it gives the
 * record, or every fault of the row (and remembers ID numbers, so that a person twice in the file
 * is reported at the second row).
 */
export function createRegisterRowChecker(context: RegisterCheckContext) {
  const seen = new Map<string, number>();
  return (row: number, input: RegisterRowInput): { record: RegisterRecord | null; issues: RegisterRowIssue[]; warnings: RegisterRowIssue[] } => {
    const issues: RegisterRowIssue[] = [];

    for (const entry of REGISTER_COLUMNS) {
      if (entry.required && !cellOf(input, entry.key)) addIssue(issues, row, entry.key, 'REQUIRED', `请填写“${entry.zh}”`, `"${entry.en}" is required`);
    }
    const name = cellOf(input, 'name');
    if (name.length > 50) addIssue(issues, row, 'name', 'TOO_LONG', '姓名不超过50个字符', 'A name has at most 50 characters');

    // Identity: type, number, and what the number says of birth date and gender.
    const idType = parseIdentityType(cellOf(input, 'idType'));
    if (!idType) {
      addIssue(issues, row, 'idType', 'ID_TYPE_UNKNOWN', `证件类型“${cellOf(input, 'idType')}”无效，应为：${IDENTITY_TYPES.map((type) => IDENTITY_TYPE_NAMES[type]['zh-CN']).join('、')}`, `Unknown ID type "${cellOf(input, 'idType')}"`);
    }
    const idNumber = cellOf(input, 'idNumber').toUpperCase();
    let idBirthDate: CalendarDate | undefined;
    let idGender: Gender | undefined;
    if (idType && idNumber) {
      const identity = validateIdentity(idType, idNumber, { today: context.today });
      if (!identity.valid) {
        for (const error of identity.errors) addIssue(issues, row, 'idNumber', error.code, `证件号码有误：${error.message['zh-CN']}`, `ID number: ${error.message.en}`);
      } else {
        idBirthDate = identity.birthDate;
        idGender = identity.gender;
        const key = `${idType}:${idNumber}`;
        const first = seen.get(key);
        if (first !== undefined) {
          addIssue(issues, row, 'idNumber', 'DUPLICATE_PERSON', `证件号码与第${first}行重复，同一人只能出现一次`, `The ID number repeats row ${first}; a person appears once`);
        } else {
          seen.set(key, row);
        }
      }
    }

    const genderText = cellOf(input, 'gender');
    let gender = parseGender(genderText);
    if (gender === null) addIssue(issues, row, 'gender', 'GENDER_INVALID', `性别“${genderText}”无效，应为“男”或“女”`, `Gender "${genderText}" is neither 男 (male) nor 女 (female)`);
    if (gender && idGender && gender !== idGender) {
      addIssue(issues, row, 'gender', 'GENDER_MISMATCH', `性别“${GENDER_NAMES[gender]['zh-CN']}”与证件号码所示（${GENDER_NAMES[idGender]['zh-CN']}）不符`, `Gender ${gender} does not match the ID number (${idGender})`);
    }
    if (gender === undefined) {
      if (idGender) gender = idGender;
      else addIssue(issues, row, 'gender', 'REQUIRED', '请填写“性别”（证件号码不含性别信息）', 'Gender is required (the ID number does not carry it)');
    }

    const dates: Partial<Record<'birthDate' | 'certificateDate' | 'postSince', CalendarDate>> = {};
    for (const key of ['birthDate', 'certificateDate', 'postSince'] as const) {
      const text = cellOf(input, key);
      if (!text) continue;
      const date = normaliseDate(text);
      const header = column(key);
      if (!date) {
        addIssue(issues, row, key, 'DATE_INVALID', `“${header.zh}”${text}不是有效日期（格式如2016-10-31）`, `"${header.en}" ${text} is not a real date (written like 2016-10-31)`);
      } else if (date > context.today) {
        addIssue(issues, row, key, 'DATE_IN_FUTURE', `“${header.zh}”${date}晚于今天（${context.today}）`, `"${header.en}" ${date} lies after today (${context.today})`);
      } else {
        dates[key] = date;
      }
    }
    let birthDate = dates.birthDate;
    if (birthDate && idBirthDate && birthDate !== idBirthDate) {
      addIssue(issues, row, 'birthDate', 'BIRTH_DATE_MISMATCH', `出生日期${birthDate}与证件号码所示（${idBirthDate}）不符`, `The birth date ${birthDate} does not match the ID number (${idBirthDate})`);
    }
    if (!cellOf(input, 'birthDate')) {
      if (idBirthDate) birthDate = idBirthDate;
      else addIssue(issues, row, 'birthDate', 'REQUIRED', '请填写“出生日期”（证件号码不含出生日期）', 'The birth date is required (the ID number does not carry it)');
    }
    if (birthDate) {
      const workingAge = addYears(birthDate, MINIMUM_WORKING_AGE);
      for (const key of ['certificateDate', 'postSince'] as const) {
        const date = dates[key];
        if (date && date < workingAge) {
          const header = column(key);
          addIssue(issues, row, key, 'DATE_BEFORE_WORKING_AGE', `“${header.zh}”${date}早于年满${MINIMUM_WORKING_AGE}周岁之日（${workingAge}）`, `"${header.en}" ${date} lies before the ${MINIMUM_WORKING_AGE}th birthday (${workingAge})`);
        }
      }
    }

    const occupationCode = cellOf(input, 'occupationCode');
    if (occupationCode && !context.isKnownOccupation(occupationCode)) {
      addIssue(issues, row, 'occupationCode', 'OCCUPATION_UNKNOWN', `职业（工种）代码${occupationCode}不在职业（工种）目录中`, `The occupation code ${occupationCode} is not in the occupation catalogue`);
    }

    const certificateNumber = cellOf(input, 'certificateNumber').toUpperCase();
    let certificateKind: QualificationKind | undefined;
    const warnings: RegisterRowIssue[] = [];
    if (certificateNumber) {
      const kind = certificateKindOf(certificateNumber);
      if ('kind' in kind) {
        certificateKind = kind.kind;
        if (kind.toCheck) warnings.push({ row, column: 'certificateNumber', code: 'CERTIFICATE_NUMBER_TO_CHECK', message: kind.toCheck, severity: 'warning' });
      } else {
        for (const message of kind.errors) addIssue(issues, row, 'certificateNumber', 'CERTIFICATE_NUMBER_INVALID', `证书编号有误：${message['zh-CN']}`, `Certificate number: ${message.en}`);
      }
    }

    const stillText = cellOf(input, 'stillInOccupation');
    const stillInOccupation = parseYesNo(stillText);
    if (stillInOccupation === null) addIssue(issues, row, 'stillInOccupation', 'YES_NO_INVALID', `“${stillText}”无效，应为“是”或“否”`, `"${stillText}" is neither 是 (yes) nor 否 (no)`);

    const { honours, unknown } = parseHonours(cellOf(input, 'honours'));
    for (const item of unknown) {
      addIssue(issues, row, 'honours', 'HONOUR_UNKNOWN', `荣誉“${item}”不是优先条件之一：${PRIORITY_CONDITION_IDS.map((id) => PRIORITY_CONDITION_NAMES[id]['zh-CN']).join('、')}`, `"${item}" is not one of the priority conditions`);
    }
    const department = cellOf(input, 'department');
    if (department.length > 100) addIssue(issues, row, 'department', 'TOO_LONG', '部门不超过100个字符', 'A department has at most 100 characters');
    const post = cellOf(input, 'post');
    if (post.length > 100) addIssue(issues, row, 'post', 'TOO_LONG', '岗位不超过100个字符', 'A post has at most 100 characters');

    if (issues.length) return { record: null, issues, warnings };
    return {
      record: {
        name,
        idType: idType!,
        idNumber,
        gender: gender!,
        birthDate: birthDate!,
        department: department || null,
        post: post || null,
        occupationCode,
        certificateNumber,
        certificateKind: certificateKind!,
        certificateDate: dates.certificateDate!,
        postSince: dates.postSince!,
        stillInOccupation: stillInOccupation!,
        honours,
      },
      issues,
      warnings,
    };
  };
}

/** How a condition stands for an employee of the register: decided by its data, to be checked by HR, or left for the applicant. */
export type CandidateConditionState = 'met' | 'not-met' | 'to-check' | 'pending';

export interface CandidateCondition {
  id: BasicConditionId;
  state: CandidateConditionState;
  reason: LocalizedText;
}

export interface CandidateScreening {
  /** `meets`: no condition the register decides fails (some may be for HR to check); `not-met`: at least one does. */
  outcome: 'meets' | 'not-met';
  conditions: CandidateCondition[];
  /** Priority conditions the register shows (only when the outcome is `meets`). */
  priority: PriorityConditionId[];
}

/** The conditions the register cannot decide: the applicant supplies them with the application. */
export const PENDING_CONDITIONS: Readonly<Partial<Record<BasicConditionId, LocalizedText>>> = {
  frontLine: { 'zh-CN': '待人力资源部门依据部门和岗位确认：在企业生产科研一线工作', en: 'Pending: HR confirms front-line work from the department and post' },
  conduct: { 'zh-CN': '待申报人提供：遵纪守法、职业道德与工匠精神承诺', en: 'Pending: the applicant pledges conduct, professional ethics and craftsmanship' },
  performance: { 'zh-CN': '待申报人提供：业绩条件（绝技绝活、成果转化、革新创效、带徒传技之一）', en: 'Pending: the applicant shows one of the performance conditions' },
  health: { 'zh-CN': '待申报人提供：适应工作岗位需要的身体条件', en: 'Pending: the applicant states fitness for the needs of the post' },
};

export interface RegisterEmployeeFacts {
  certificateNumber: string;
  certificateKind: QualificationKind;
  postSince: CalendarDate;
  occupationCode: string;
  stillInOccupation: boolean;
  honours: readonly string[];
  /** The last day of a ban running at the plan's cut-off date, if any. */
  bannedUntil: CalendarDate | null;
}

/** What the register says of one employee against one plan (the rules core with what the register holds). */
export function screenRegisterEmployee(plan: EligibilityPlan, employee: RegisterEmployeeFacts, today?: CalendarDate): CandidateScreening {
  const result = checkEligibility(
    plan,
    {
      qualification: { kind: employee.certificateKind, certificateNumber: employee.certificateNumber, level: 1 },
      seniorTechnicianPostSince: employee.postSince,
      occupationCode: employee.occupationCode,
      stillInOccupation: employee.stillInOccupation,
      // Assumed for the run only: these conditions are reported as pending below.
      frontLine: true,
      conductPledge: true,
      disciplinaryRecord: false,
      achievements: ['operating-method'],
      healthFit: true,
      bannedUntil: employee.bannedUntil,
      honors: employee.honours,
    },
    today ? { today } : {},
  );
  const conditions: CandidateCondition[] = BASIC_CONDITION_IDS.map((id) => {
    const pending = PENDING_CONDITIONS[id];
    if (pending) return { id, state: 'pending', reason: pending };
    const found = result.conditions.find((condition) => condition.id === id)!;
    return { id, state: found.state, reason: found.reason };
  });
  const outcome = conditions.some((condition) => condition.state === 'not-met') ? 'not-met' : 'meets';
  return {
    outcome,
    conditions,
    priority: outcome === 'meets' ? result.priorityConditions.filter((condition) => condition.met).map((condition) => condition.id) : [],
  };
}

/** Screens a whole register against one plan (see createRegisterScreener). */
export interface RegisterScreener {
  /** The outcome screenRegisterEmployee gives the employee (with that ban), without writing the reasons of each condition. */
  outcome(employee: Omit<RegisterEmployeeFacts, 'honours' | 'bannedUntil'>, bannedUntil: CalendarDate | null): CandidateScreening['outcome'];
}

/**
 * Screening for thousands of employees at once: the outcome of screenRegisterEmployee with the same
 * rules (the qualification by qualificationMet, years in post by postCompletionDate, occupation,
 * bans), deciding only what the register decides and writing no reasons — those are wanted only
 * for the employees shown. The plan is prepared once (its occupations as a set); years in post are
 * worked out once per post date. Invalid dates are refused as checkEligibility refuses them.
 */
export function createRegisterScreener(plan: EligibilityPlan): RegisterScreener {
  const occupations = new Set(plan.occupations);
  const cutoffDate = plan.cutoffDate;
  let minYearsInPost: number | undefined;
  const longEnoughSince = new Map<CalendarDate, boolean>();
  return {
    outcome(employee, bannedUntil) {
      let longEnough = longEnoughSince.get(employee.postSince);
      if (longEnough === undefined || minYearsInPost === undefined) {
        // Checked as checkEligibility checks them, in its order.
        requireCalendarDate(cutoffDate, 'plan.cutoffDate');
        requireCalendarDate(employee.postSince, 'applicant.seniorTechnicianPostSince');
        if (bannedUntil !== null) requireCalendarDate(bannedUntil, 'applicant.bannedUntil');
        minYearsInPost ??= planMinYearsInPost(plan);
        longEnough = postCompletionDate(employee.postSince, minYearsInPost) <= cutoffDate;
        longEnoughSince.set(employee.postSince, longEnough);
      } else if (bannedUntil !== null) {
        requireCalendarDate(bannedUntil, 'applicant.bannedUntil');
      }
      const met =
        longEnough &&
        employee.stillInOccupation &&
        occupations.has(employee.occupationCode) &&
        (bannedUntil === null || bannedUntil < cutoffDate) &&
        qualificationState({ kind: employee.certificateKind, certificateNumber: employee.certificateNumber, level: 1 }) !== 'not-met';
      return met ? 'meets' : 'not-met';
    },
  };
}

export { maskIdNumber };
