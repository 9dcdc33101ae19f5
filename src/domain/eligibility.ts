// Eligibility (section 三 of 人社厅发〔2021〕66号): the basic conditions, all required, and the
// priority conditions, one of which suffices for an applicant who meets every basic condition.
// Each condition gives met / not met and its reason in zh-CN and en.

import { addYears, requireCalendarDate, type CalendarDate } from './calendar-date.ts';
import { parseCertificateCode, parseQualificationNumber, QUALIFICATION_LEVEL_POSITION } from './certificate-code.ts';
import { DomainError, type LocalizedText } from './errors.ts';
import type { RegionTable } from './provinces.ts';

export const QUALIFICATION_KINDS = ['skill-level', 'vocational-qualification'] as const;
export type QualificationKind = (typeof QUALIFICATION_KINDS)[number];

/** The performance routes of section 三: at least one is required. */
export const ACHIEVEMENT_IDS = ['operating-method', 'technology-transfer', 'innovation', 'mentoring'] as const;
export type AchievementId = (typeof ACHIEVEMENT_IDS)[number];
export const ACHIEVEMENT_NAMES: Readonly<Record<AchievementId, LocalizedText>> = {
  'operating-method': { 'zh-CN': '掌握独特先进的操作法（绝招绝技）', en: 'unique advanced operating methods' },
  'technology-transfer': { 'zh-CN': '将技术技能成果转化为现实生产力', en: 'turning technology into production' },
  innovation: { 'zh-CN': '技术技能革新、创新创效并取得效益', en: 'innovation with benefit' },
  mentoring: { 'zh-CN': '带徒传技、培养技能人才', en: 'mentoring' },
};

/** The priority conditions (honours) of section 三: one suffices. */
export const PRIORITY_CONDITION_IDS = [
  'china-skills-award',
  'state-council-allowance',
  'national-technical-expert',
  'national-master-studio-leader',
  'provincial-skill-master',
] as const;
export type PriorityConditionId = (typeof PRIORITY_CONDITION_IDS)[number];
export const PRIORITY_CONDITION_NAMES: Readonly<Record<PriorityConditionId, LocalizedText>> = {
  'china-skills-award': { 'zh-CN': '中华技能大奖', en: 'China Skills Award' },
  'state-council-allowance': { 'zh-CN': '国务院政府特殊津贴', en: 'State Council special government allowance' },
  'national-technical-expert': { 'zh-CN': '全国技术能手', en: 'National Technical Expert' },
  'national-master-studio-leader': {
    'zh-CN': '国家级技能大师工作室领办人',
    en: 'leader of a national skill master studio',
  },
  'provincial-skill-master': {
    'zh-CN': '省部级、中央企业及以上技能大师类称号',
    en: 'skill master title at provincial or ministerial, central enterprise or higher level',
  },
};

/** The basic conditions of section 三, all required, in the order they are reported. */
export const BASIC_CONDITION_IDS = [
  'qualification',
  'yearsInPost',
  'occupation',
  'conduct',
  'performance',
  'health',
  'notBanned',
] as const;
export type BasicConditionId = (typeof BASIC_CONDITION_IDS)[number];

/** The notice's default: full 5 years in a 高级技师 post. */
export const DEFAULT_MIN_YEARS_IN_POST = 5;

export interface EligibilityPlan {
  /** The plan's cut-off date ('YYYY-MM-DD'): years in post and bans are judged on it. */
  readonly cutoffDate: CalendarDate;
  /** Occupation (工种) codes in the plan's scope. */
  readonly occupations: readonly string[];
  /** Defaults to 5; a plan that sets another value names its policy document. */
  readonly minYearsInPost?: number;
  readonly minYearsInPostPolicyDocument?: string | null;
}

export interface EligibilityQualification {
  readonly kind: QualificationKind;
  /** The 22-character code of a skill level certificate or the 16-digit qualification number. */
  readonly certificateNumber?: string | null;
  /** The level held: 1 is 高级技师. */
  readonly level: number;
}

export interface EligibilityApplicant {
  readonly qualification: EligibilityQualification;
  readonly seniorTechnicianPostSince: CalendarDate;
  readonly occupationCode: string;
  readonly stillInOccupation: boolean;
  readonly conductPledge: boolean;
  readonly disciplinaryRecord: boolean;
  readonly achievements: readonly string[];
  readonly healthFit: boolean;
  readonly bannedUntil?: CalendarDate | null;
  readonly honors?: readonly string[];
}

export interface ConditionResult<Id extends string = string> {
  readonly id: Id;
  readonly met: boolean;
  readonly reason: LocalizedText;
}

export interface EligibilityResult {
  /** Every basic condition is met. */
  readonly eligible: boolean;
  /** Eligible and at least one priority condition met. */
  readonly priority: boolean;
  readonly conditions: readonly ConditionResult<BasicConditionId>[];
  readonly priorityConditions: readonly ConditionResult<PriorityConditionId>[];
}

export interface EligibilityOptions {
  /** Today ('YYYY-MM-DD'); when given, a certificate code whose year of issue is later is refused. */
  readonly today?: CalendarDate;
  /** The provincial table of certificate codes (configurable). */
  readonly provinces?: RegionTable;
}

/**
 * The day a post held since `postSince` has lasted full `years` years: the same month and day
 * `years` years later. A post held since 29 February completes, in a year without one, on
 * 28 February — the last day of the month, as the Civil Code (民法典, art. 202) rules when the
 * final month of a period counted in years has no corresponding day. So 2016-02-29 + 5 years is
 * 2021-02-28, the same day as for a post held since 2016-02-28.
 */
export function postCompletionDate(postSince: CalendarDate, years: number): CalendarDate {
  return addYears(postSince, years);
}

const LEVEL_NAMES_ZH = ['', '一级（高级技师）', '二级（技师）', '三级（高级工）', '四级（中级工）', '五级（初级工）'];
const LEVEL_NAMES_EN = ['', 'level 1 (Senior Technician)', 'level 2 (Technician)', 'level 3', 'level 4', 'level 5'];

function levelName(level: string | number): LocalizedText {
  const index = Number(level);
  if (Number.isInteger(index) && index >= 1 && index <= 5) return { 'zh-CN': LEVEL_NAMES_ZH[index], en: LEVEL_NAMES_EN[index] };
  if (level === 'T') return { 'zh-CN': '特级技师', en: 'Principal Technician' };
  return { 'zh-CN': `“${String(level)}”`, en: `"${String(level)}"` };
}

function condition<Id extends string>(id: Id, met: boolean, reason: LocalizedText): ConditionResult<Id> {
  return { id, met, reason };
}

function checkQualification(
  qualification: EligibilityQualification,
  options: EligibilityOptions,
): ConditionResult<'qualification'> {
  const isSkillLevel = qualification.kind === 'skill-level';
  const documentName: LocalizedText = isSkillLevel
    ? { 'zh-CN': '职业技能等级证书', en: 'vocational skill level certificate' }
    : { 'zh-CN': '职业资格证书', en: 'vocational qualification certificate' };
  if (qualification.kind !== 'skill-level' && qualification.kind !== 'vocational-qualification') {
    return condition('qualification', false, {
      'zh-CN': `证书类别“${String(qualification.kind)}”无效，应为职业资格证书或职业技能等级证书`,
      en: `The certificate kind "${String(qualification.kind)}" is neither a vocational qualification nor a skill level certificate`,
    });
  }
  if (qualification.level !== 1) {
    const held = levelName(qualification.level);
    return condition('qualification', false, {
      'zh-CN': `申报特级技师须具有高级技师（一级）${documentName['zh-CN']}，所填等级为${held['zh-CN']}`,
      en: `A Principal Technician applicant holds a Senior Technician (level 1) ${documentName.en}; the level given is ${held.en}`,
    });
  }
  const number = qualification.certificateNumber;
  if (number === undefined || number === null || number === '') {
    return condition('qualification', true, {
      'zh-CN': `具有高级技师（一级）${documentName['zh-CN']}（未填证书编号）`,
      en: `Holds a Senior Technician (level 1) ${documentName.en} (no certificate number given)`,
    });
  }
  if (isSkillLevel) {
    const parsed = parseCertificateCode(number, options);
    if (!parsed.valid) {
      return condition('qualification', false, {
        'zh-CN': `职业技能等级证书编码${number}无效：${parsed.errors.map((issue) => issue.message['zh-CN']).join('；')}`,
        en: `The vocational skill level certificate code ${number} is invalid: ${parsed.errors.map((issue) => issue.message.en).join('; ')}`,
      });
    }
    if (parsed.parts.level !== '1') {
      const held = levelName(parsed.parts.level);
      return condition('qualification', false, {
        'zh-CN': `职业技能等级证书编码${number}第16位等级为“${parsed.parts.level}”（${held['zh-CN']}），不是高级技师（一级）`,
        en: `Position 16 of the skill level certificate code ${number} gives the level "${parsed.parts.level}" (${held.en}), not Senior Technician (level 1)`,
      });
    }
    return condition('qualification', true, {
      'zh-CN': `具有高级技师（一级）职业技能等级证书，编码${number}第16位等级为“1”`,
      en: `Holds a Senior Technician (level 1) vocational skill level certificate; position 16 of the code ${number} gives level "1"`,
    });
  }
  const parsed = parseQualificationNumber(number);
  if (!parsed.valid) {
    return condition('qualification', false, {
      'zh-CN': `职业资格证书编号${number}无效：${parsed.errors.map((issue) => issue.message['zh-CN']).join('；')}`,
      en: `The vocational qualification certificate number ${number} is invalid: ${parsed.errors.map((issue) => issue.message.en).join('; ')}`,
    });
  }
  if (parsed.parts.level !== '1') {
    const held = levelName(parsed.parts.level);
    return condition('qualification', false, {
      'zh-CN': `职业资格证书编号${number}第${QUALIFICATION_LEVEL_POSITION}位等级为“${parsed.parts.level}”（${held['zh-CN']}），不是高级技师（一级）`,
      en: `Position ${QUALIFICATION_LEVEL_POSITION} of the vocational qualification number ${number} gives the level "${parsed.parts.level}" (${held.en}), not Senior Technician (level 1)`,
    });
  }
  return condition('qualification', true, {
    'zh-CN': `具有高级技师（一级）职业资格证书，编号${number}第${QUALIFICATION_LEVEL_POSITION}位等级为“1”`,
    en: `Holds a Senior Technician (level 1) vocational qualification certificate; position ${QUALIFICATION_LEVEL_POSITION} of the number ${number} gives level "1"`,
  });
}

function checkYearsInPost(postSince: CalendarDate, cutoffDate: CalendarDate, years: number): ConditionResult<'yearsInPost'> {
  const complete = postCompletionDate(postSince, years);
  if (complete <= cutoffDate) {
    return condition('yearsInPost', true, {
      'zh-CN': `自${postSince}起在高级技师岗位工作，${complete}满${years}年，不晚于截止日期${cutoffDate}`,
      en: `In a Senior Technician post since ${postSince}: full ${years} year${years === 1 ? '' : 's'} on ${complete}, not after the cut-off date ${cutoffDate}`,
    });
  }
  return condition('yearsInPost', false, {
    'zh-CN': `自${postSince}起在高级技师岗位工作，至截止日期${cutoffDate}不满${years}年（${complete}方满${years}年）`,
    en: `In a Senior Technician post since ${postSince}: not full ${years} year${years === 1 ? '' : 's'} at the cut-off date ${cutoffDate} (full on ${complete})`,
  });
}

function checkOccupation(applicant: EligibilityApplicant, plan: EligibilityPlan): ConditionResult<'occupation'> {
  const inScope = plan.occupations.includes(applicant.occupationCode);
  const reasonsZh: string[] = [];
  const reasonsEn: string[] = [];
  if (!applicant.stillInOccupation) {
    reasonsZh.push('申报人已不在本职业（工种）岗位工作');
    reasonsEn.push('the applicant no longer works in the occupation');
  }
  if (!inScope) {
    reasonsZh.push(`职业（工种）${applicant.occupationCode}不在本工作方案的评聘范围内`);
    reasonsEn.push(`the occupation ${applicant.occupationCode} is not in the plan's scope`);
  }
  if (reasonsZh.length === 0) {
    return condition('occupation', true, {
      'zh-CN': `仍在职业（工种）${applicant.occupationCode}岗位工作，且该职业（工种）在本工作方案的评聘范围内`,
      en: `Still works in the occupation ${applicant.occupationCode}, which is in the plan's scope`,
    });
  }
  return condition('occupation', false, {
    'zh-CN': reasonsZh.join('；'),
    en: capitalise(reasonsEn.join('; ')),
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function checkConduct(applicant: EligibilityApplicant): ConditionResult<'conduct'> {
  const reasonsZh: string[] = [];
  const reasonsEn: string[] = [];
  if (!applicant.conductPledge) {
    reasonsZh.push('未承诺遵守国家法律法规、恪守职业道德');
    reasonsEn.push('no pledge to abide by laws and rules and keep good professional ethics');
  }
  if (applicant.disciplinaryRecord) {
    reasonsZh.push('有违法违纪记录');
    reasonsEn.push('a disciplinary record');
  }
  if (reasonsZh.length === 0) {
    return condition('conduct', true, {
      'zh-CN': '承诺遵守国家法律法规、恪守职业道德，无违法违纪记录',
      en: 'Pledged to abide by laws and rules with good professional ethics; no disciplinary record',
    });
  }
  return condition('conduct', false, { 'zh-CN': reasonsZh.join('；'), en: capitalise(reasonsEn.join('; ')) });
}

function checkPerformance(achievements: readonly string[]): ConditionResult<'performance'> {
  const held = ACHIEVEMENT_IDS.filter((id) => achievements.includes(id));
  if (held.length > 0) {
    return condition('performance', true, {
      'zh-CN': `业绩条件：${held.map((id) => ACHIEVEMENT_NAMES[id]['zh-CN']).join('；')}`,
      en: `Performance: ${held.map((id) => ACHIEVEMENT_NAMES[id].en).join('; ')}`,
    });
  }
  return condition('performance', false, {
    'zh-CN': `未具备下列业绩条件之一：${ACHIEVEMENT_IDS.map((id) => ACHIEVEMENT_NAMES[id]['zh-CN']).join('；')}`,
    en: `None of the performance conditions: ${ACHIEVEMENT_IDS.map((id) => ACHIEVEMENT_NAMES[id].en).join('; ')}`,
  });
}

function checkHealth(healthFit: boolean): ConditionResult<'health'> {
  return healthFit
    ? condition('health', true, { 'zh-CN': '身体健康，能够胜任岗位工作', en: 'Physically fit for the post' })
    : condition('health', false, { 'zh-CN': '身体状况不能胜任岗位工作', en: 'Not physically fit for the post' });
}

function checkNotBanned(bannedUntil: CalendarDate | null | undefined, cutoffDate: CalendarDate): ConditionResult<'notBanned'> {
  if (bannedUntil === undefined || bannedUntil === null) {
    return condition('notBanned', true, {
      'zh-CN': '无禁止申报记录',
      en: 'No ban on applying',
    });
  }
  if (bannedUntil < cutoffDate) {
    return condition('notBanned', true, {
      'zh-CN': `禁止申报期已于${bannedUntil}届满，早于截止日期${cutoffDate}`,
      en: `The ban on applying ended on ${bannedUntil}, before the cut-off date ${cutoffDate}`,
    });
  }
  return condition('notBanned', false, {
    'zh-CN': `截止日期${cutoffDate}仍在禁止申报期内（至${bannedUntil}），不得申报特级技师评聘`,
    en: `A ban on applying runs until ${bannedUntil}, which covers the cut-off date ${cutoffDate}: no application for Principal Technician`,
  });
}

function checkPriority(honors: readonly string[], eligible: boolean): ConditionResult<PriorityConditionId>[] {
  return PRIORITY_CONDITION_IDS.map((id) => {
    const name = PRIORITY_CONDITION_NAMES[id];
    if (!honors.includes(id)) {
      return condition(id, false, { 'zh-CN': `未获得${name['zh-CN']}`, en: `Does not hold: ${name.en}` });
    }
    if (!eligible) {
      return condition(id, false, {
        'zh-CN': `获得${name['zh-CN']}，但基本条件未全部具备，不计优先条件`,
        en: `Holds: ${name.en}; but not every basic condition is met, so priority does not count`,
      });
    }
    return condition(id, true, {
      'zh-CN': `获得${name['zh-CN']}，且具备全部基本条件，可优先评聘`,
      en: `Holds: ${name.en}, and meets every basic condition: priority`,
    });
  });
}

/** The full years in post a plan asks for (5 unless it says otherwise); INVALID_MIN_YEARS_IN_POST when it is not a whole number of at least 1. */
export function planMinYearsInPost(plan: EligibilityPlan): number {
  const minYearsInPost = plan.minYearsInPost ?? DEFAULT_MIN_YEARS_IN_POST;
  if (!Number.isInteger(minYearsInPost) || minYearsInPost < 1) {
    throw new DomainError('INVALID_MIN_YEARS_IN_POST', { value: minYearsInPost });
  }
  return minYearsInPost;
}

/** Whether a qualification is met, as checkQualification decides it, without writing the reason. */
export function qualificationMet(qualification: EligibilityQualification, options: EligibilityOptions = {}): boolean {
  if (qualification.kind !== 'skill-level' && qualification.kind !== 'vocational-qualification') return false;
  if (qualification.level !== 1) return false;
  const number = qualification.certificateNumber;
  if (number === undefined || number === null || number === '') return true;
  const parsed = qualification.kind === 'skill-level' ? parseCertificateCode(number, options) : parseQualificationNumber(number);
  return parsed.valid && parsed.parts.level === '1';
}

/**
 * Evaluates one applicant against one plan. Invalid dates in the input are refused with
 * INVALID_DATE (an input fault, not a rule's answer); everything else gives a condition result.
 */
export function checkEligibility(
  plan: EligibilityPlan,
  applicant: EligibilityApplicant,
  options: EligibilityOptions = {},
): EligibilityResult {
  requireCalendarDate(plan.cutoffDate, 'plan.cutoffDate');
  requireCalendarDate(applicant.seniorTechnicianPostSince, 'applicant.seniorTechnicianPostSince');
  if (applicant.bannedUntil !== undefined && applicant.bannedUntil !== null) {
    requireCalendarDate(applicant.bannedUntil, 'applicant.bannedUntil');
  }
  const minYearsInPost = planMinYearsInPost(plan);
  const conditions: ConditionResult<BasicConditionId>[] = [
    checkQualification(applicant.qualification, options),
    checkYearsInPost(applicant.seniorTechnicianPostSince, plan.cutoffDate, minYearsInPost),
    checkOccupation(applicant, plan),
    checkConduct(applicant),
    checkPerformance(applicant.achievements),
    checkHealth(applicant.healthFit),
    checkNotBanned(applicant.bannedUntil, plan.cutoffDate),
  ];
  const eligible = conditions.every((result) => result.met);
  const priorityConditions = checkPriority(applicant.honors ?? [], eligible);
  return {
    eligible,
    priority: priorityConditions.some((result) => result.met),
    conditions,
    priorityConditions,
  };
}
