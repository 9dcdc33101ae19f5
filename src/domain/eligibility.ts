// Eligibility (section 三 of 人社厅发〔2021〕66号): the basic conditions, all required, and the
// priority conditions, one of which suffices for an applicant who meets every basic condition.
// Each condition gives its state and its reason in zh-CN and en: met, not met, or "to check" —
// what the rules cannot decide and a person must (a certificate number in an older format, a
// disciplinary record, front-line work). The notice decides facts by data (a wrong fact is
// corrected with evidence, never overridden) and leaves judgements to people (with reasons).

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
  'frontLine',
  'conduct',
  'performance',
  'health',
  'notBanned',
] as const;
export type BasicConditionId = (typeof BASIC_CONDITION_IDS)[number];

/**
 * Facts: decided by data. Where the data is wrong it is corrected with evidence (and the rules
 * run again); a person never overrides them. An older certificate number the rules cannot read
 * is checked by HR against the certificate (its state is `to-check` until then).
 */
export const FACT_CONDITION_IDS = ['qualification', 'yearsInPost', 'occupation', 'notBanned'] as const satisfies readonly BasicConditionId[];
/** Judgements: HR decides them with reasons (三's lead-in and 三(一)1–4). */
export const JUDGEMENT_CONDITION_IDS = ['frontLine', 'conduct', 'performance', 'health'] as const satisfies readonly BasicConditionId[];

export function isFactCondition(id: string): boolean {
  return (FACT_CONDITION_IDS as readonly string[]).includes(id);
}

/** Where a condition stands: met, not met, or to be checked (decided) by a person. */
export const CONDITION_STATES = ['met', 'not-met', 'to-check'] as const;
export type ConditionState = (typeof CONDITION_STATES)[number];

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
  /**
   * The 22-character code of a skill level certificate or the 16-digit qualification number, which
   * the rules read; any other (older, local) number is accepted for HR to check.
   */
  readonly certificateNumber?: string | null;
  /** The level held: 1 is 高级技师. */
  readonly level: number;
  /** The issuing body, as the certificate names it (what HR checks an older number against). */
  readonly issuer?: string | null;
}

export interface EligibilityApplicant {
  readonly qualification: EligibilityQualification;
  readonly seniorTechnicianPostSince: CalendarDate;
  readonly occupationCode: string;
  readonly stillInOccupation: boolean;
  /**
   * Works in front-line production or research (三's lead-in: 在企业生产科研一线), as stated with the
   * post and department; absent when nobody has said (HR then confirms it).
   */
  readonly frontLine?: boolean | null;
  readonly post?: string | null;
  readonly department?: string | null;
  readonly conductPledge: boolean;
  readonly disciplinaryRecord: boolean;
  readonly achievements: readonly string[];
  readonly healthFit: boolean;
  readonly bannedUntil?: CalendarDate | null;
  readonly honors?: readonly string[];
}

export interface ConditionResult<Id extends string = string> {
  readonly id: Id;
  readonly state: ConditionState;
  /** The state is `met`. */
  readonly met: boolean;
  readonly reason: LocalizedText;
}

/** Eligible: every basic condition met; ineligible: one is not met; to-check: none fails, a person must decide some. */
export type EligibilityOutcome = 'eligible' | 'ineligible' | 'to-check';

export interface EligibilityResult {
  /** Every basic condition is met. */
  readonly eligible: boolean;
  readonly outcome: EligibilityOutcome;
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

function condition<Id extends string>(id: Id, met: boolean | 'to-check', reason: LocalizedText): ConditionResult<Id> {
  const state: ConditionState = met === 'to-check' ? 'to-check' : met ? 'met' : 'not-met';
  return { id, state, met: state === 'met', reason };
}

/** A 22-character skill level certificate code: a letter, 14 digits, the level, 6 digits. */
const CERTIFICATE_CODE_SHAPE = /^[A-Z][0-9]{14}[0-9A-Z][0-9]{6}$/;
/** A 16-digit 职业资格 number. */
const QUALIFICATION_NUMBER_SHAPE = /^[0-9]{16}$/;

/** Whether the rules can read a certificate number (otherwise HR checks it against the certificate). */
export function isMachineCheckableNumber(number: string): boolean {
  const text = number.trim().toUpperCase();
  return CERTIFICATE_CODE_SHAPE.test(text) || QUALIFICATION_NUMBER_SHAPE.test(text);
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
  // Skill level certificates all carry the 22-character code (annex 2): a wrong one is a wrong fact.
  // Older 职业资格 numbers came in many local formats: the rules read the 16-digit one only.
  if (!isSkillLevel && !isMachineCheckableNumber(number)) {
    const issuer = qualification.issuer?.trim();
    return condition('qualification', 'to-check', {
      'zh-CN': `证书编号${number}不是系统可校验的格式（22位职业技能等级证书编码或16位职业资格证书编号），所填为高级技师（一级）${documentName['zh-CN']}${issuer ? `，发证机构${issuer}` : ''}：须由人力资源部门对照证书原件核验`,
      en: `The certificate number ${number} is in none of the formats the rules read (a 22-character skill level code or a 16-digit qualification number); stated: a Senior Technician (level 1) ${documentName.en}${issuer ? ` issued by ${issuer}` : ''}. HR checks it against the certificate`,
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
  const parsed = parseQualificationNumber(number.trim());
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

function checkFrontLine(applicant: EligibilityApplicant): ConditionResult<'frontLine'> {
  const where = [applicant.department?.trim(), applicant.post?.trim()].filter(Boolean).join('，');
  if (applicant.frontLine === true) {
    return condition('frontLine', true, {
      'zh-CN': `在企业生产科研一线工作${where ? `（${where}）` : ''}`,
      en: `Works in front-line production or research${where ? ` (${where})` : ''}`,
    });
  }
  if (applicant.frontLine === false) {
    return condition('frontLine', false, {
      'zh-CN': `不在企业生产科研一线工作${where ? `（${where}）` : ''}；特级技师从生产科研一线的优秀技能人才中评聘`,
      en: `Does not work in front-line production or research${where ? ` (${where})` : ''}; Principal Technicians are chosen among front-line skilled workers`,
    });
  }
  return condition('frontLine', 'to-check', {
    'zh-CN': `是否在企业生产科研一线工作，须由人力资源部门依据岗位和部门确认${where ? `（${where}）` : ''}`,
    en: `Whether the applicant works in front-line production or research is for HR to confirm from the post and department${where ? ` (${where})` : ''}`,
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** 三(一)1 in full. */
export const CONDUCT_WORDING: LocalizedText = {
  'zh-CN': '遵守国家法律法规和企业规章制度，具有良好的职业道德和工匠精神，爱岗敬业、甘于奉献，公认度高',
  en: 'abides by the laws and the enterprise’s rules, has good professional ethics and the craftsman spirit, loves the post and gives to it, and is widely recognised',
};

function checkConduct(applicant: EligibilityApplicant): ConditionResult<'conduct'> {
  if (!applicant.conductPledge) {
    return condition('conduct', false, {
      'zh-CN': `未承诺：${CONDUCT_WORDING['zh-CN']}`,
      en: `No pledge that the applicant ${CONDUCT_WORDING.en}`,
    });
  }
  // A record is for a person to weigh (what, when, how serious): the rules do not decide it.
  if (applicant.disciplinaryRecord) {
    return condition('conduct', 'to-check', {
      'zh-CN': `承诺${CONDUCT_WORDING['zh-CN']}；有违法违纪记录，须由人力资源部门结合记录认定`,
      en: `Pledged that the applicant ${CONDUCT_WORDING.en}; a disciplinary record is declared, for HR to weigh and decide`,
    });
  }
  return condition('conduct', true, {
    'zh-CN': `承诺${CONDUCT_WORDING['zh-CN']}，无违法违纪记录`,
    en: `Pledged that the applicant ${CONDUCT_WORDING.en}; no disciplinary record`,
  });
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
    ? condition('health', true, { 'zh-CN': '具有适应工作岗位需要的身体条件', en: 'Physically fit for the needs of the post' })
    : condition('health', false, { 'zh-CN': '不具有适应工作岗位需要的身体条件', en: 'Not physically fit for the needs of the post' });
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

function checkPriority(honors: readonly string[], outcome: EligibilityOutcome): ConditionResult<PriorityConditionId>[] {
  return PRIORITY_CONDITION_IDS.map((id) => {
    const name = PRIORITY_CONDITION_NAMES[id];
    if (!honors.includes(id)) {
      return condition(id, false, { 'zh-CN': `未获得${name['zh-CN']}`, en: `Does not hold: ${name.en}` });
    }
    if (outcome === 'to-check') {
      return condition(id, false, {
        'zh-CN': `获得${name['zh-CN']}；基本条件尚待核验，核验全部具备后计为优先条件`,
        en: `Holds: ${name.en}; some basic conditions are still to be checked: priority counts once every one is met`,
      });
    }
    if (outcome === 'ineligible') {
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

/** The state of the qualification, as checkQualification decides it, without writing the reason. */
export function qualificationState(qualification: EligibilityQualification, options: EligibilityOptions = {}): ConditionState {
  if (qualification.kind !== 'skill-level' && qualification.kind !== 'vocational-qualification') return 'not-met';
  if (qualification.level !== 1) return 'not-met';
  const number = qualification.certificateNumber;
  if (number === undefined || number === null || number === '') return 'met';
  const skillLevel = qualification.kind === 'skill-level';
  if (!skillLevel && !isMachineCheckableNumber(number)) return 'to-check';
  const parsed = skillLevel ? parseCertificateCode(number, options) : parseQualificationNumber(number.trim());
  return parsed.valid && parsed.parts.level === '1' ? 'met' : 'not-met';
}

/** Whether a qualification is met by the rules alone (a number to check is not). */
export function qualificationMet(qualification: EligibilityQualification, options: EligibilityOptions = {}): boolean {
  return qualificationState(qualification, options) === 'met';
}

/** The outcome of a list of basic conditions. */
export function outcomeOf(conditions: readonly { state: ConditionState }[]): EligibilityOutcome {
  if (conditions.some((result) => result.state === 'not-met')) return 'ineligible';
  if (conditions.some((result) => result.state === 'to-check')) return 'to-check';
  return 'eligible';
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
    checkFrontLine(applicant),
    checkConduct(applicant),
    checkPerformance(applicant.achievements),
    checkHealth(applicant.healthFit),
    checkNotBanned(applicant.bannedUntil, plan.cutoffDate),
  ];
  const outcome = outcomeOf(conditions);
  const eligible = outcome === 'eligible';
  const priorityConditions = checkPriority(applicant.honors ?? [], outcome);
  return {
    eligible,
    outcome,
    priority: priorityConditions.some((result) => result.met),
    conditions,
    priorityConditions,
  };
}
