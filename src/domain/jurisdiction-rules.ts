// Who may run an evaluation, and under which committee limits, in a jurisdiction and year (issue 21).
// The notice (人社厅发〔2021〕66号) sets one requirement for every year: only enterprises filed (备案)
// for 职业技能等级认定 with a department at provincial level or above may evaluate (二(一)). Its
// 六(一) describes the 2021 pilot: a supervising department filed its pilot application with the
// enterprise list with the ministry by 30 September. That was the pilot's timetable, not a rule
// for every year; the same clause lets regions choose their own pilots. So the filing a year needs
// is configuration: the ministry sets the national default for a year, a provincial department
// sets its own area's, and a year nobody set runs the filed-enterprise model. Pure: no I/O.

import { parseCalendarDate, type CalendarDate } from './calendar-date.ts';
import type { LocalizedText } from './errors.ts';
import type { Fraction } from './plan-rules.ts';

/**
 * - `filed-enterprise`: 二(一) alone: an enterprise filed for skill level recognition (or below a
 *   filed group) draws up and runs its plan; no further filing.
 * - `provincial-plan-filing`: the enterprise's plan is filed with and accepted by the supervising
 *   (provincial) department before the review starts.
 * - `ministry-pilot-filing`: the 2021 model (六(一)): a supervising department files a pilot
 *   application with its enterprise list with the ministry by the jurisdiction's deadline; only
 *   enterprises of an accepted list (and the subsidiaries of a listed group) evaluate.
 */
export const EVALUATION_MODELS = ['filed-enterprise', 'provincial-plan-filing', 'ministry-pilot-filing'] as const;
export type EvaluationModel = (typeof EVALUATION_MODELS)[number];

/** A year nobody set: 二(一) alone. */
export const DEFAULT_EVALUATION_MODEL: EvaluationModel = 'filed-enterprise';

export const EVALUATION_MODEL_NAMES: Readonly<Record<EvaluationModel, LocalizedText>> = {
  'filed-enterprise': { 'zh-CN': '已备案职业技能等级认定企业自主开展（无需另行报备）', en: 'Filed skill level recognition enterprises evaluate; no further filing' },
  'provincial-plan-filing': { 'zh-CN': '企业工作方案报省级人社部门备案（经接受后组织评审）', en: 'The enterprise’s plan is filed with and accepted by the provincial department before the review' },
  'ministry-pilot-filing': { 'zh-CN': '主管部门向人力资源社会保障部报送试点申请（2021年试点模式）', en: 'The supervising department files a pilot application with the ministry (the 2021 model)' },
};

/** The committee limits a jurisdiction may fix; null leaves the plan free (within the notice's defaults as suggestions). */
export interface CommitteeLimits {
  /** The least `minimumSize` a plan may set. */
  minimumSize: number | null;
  /** Whether a plan must keep the committee odd. */
  oddSizeRequired: boolean | null;
  /** The least quorum a plan may set. */
  quorumFloor: Fraction | null;
  /** The least vote threshold a plan may set. */
  thresholdFloor: Fraction | null;
}

export const NO_COMMITTEE_LIMITS: CommitteeLimits = { minimumSize: null, oddSizeRequired: null, quorumFloor: null, thresholdFloor: null };

export type JurisdictionLevel = 'national' | 'provincial';

/** One row of settings: the ministry's for the nation, or a provincial department's for its area, for one year. */
export interface JurisdictionSetting {
  level: JurisdictionLevel;
  organisationId: string;
  organisationName: string;
  year: number;
  /** Null: the level above decides (a province that only fixes committee limits). */
  model: EvaluationModel | null;
  /** The filing deadline of the model: the last day a pilot application may be submitted, or by which plans are to be filed. */
  deadline: CalendarDate | null;
  committee: CommitteeLimits;
  note: string | null;
}

export type SettingSource = 'default' | JurisdictionLevel;

/** What applies to an enterprise in a year, with where each part comes from. */
export interface EffectiveSetting {
  year: number;
  model: EvaluationModel;
  modelSource: SettingSource;
  /** The body whose setting chose the model (null for the default). */
  modelSetBy: string | null;
  deadline: CalendarDate | null;
  committee: CommitteeLimits;
  /** The body whose setting each limit comes from. */
  committeeSetBy: { [K in keyof CommitteeLimits]: string | null };
}

/**
 * The setting that applies: the province's own where it set one, else the ministry's national
 * setting, else the default (filed-enterprise, no limits). The deadline goes with the model of
 * the same row; each committee limit is taken separately (a province may fix only its floor).
 */
export function resolveSetting(year: number, national: JurisdictionSetting | null, provincial: JurisdictionSetting | null): EffectiveSetting {
  const modelRow = provincial?.model ? provincial : national?.model ? national : null;
  const committee = { ...NO_COMMITTEE_LIMITS };
  const committeeSetBy: EffectiveSetting['committeeSetBy'] = { minimumSize: null, oddSizeRequired: null, quorumFloor: null, thresholdFloor: null };
  for (const key of Object.keys(NO_COMMITTEE_LIMITS) as (keyof CommitteeLimits)[]) {
    const row = [provincial, national].find((candidate) => candidate && candidate.committee[key] !== null && candidate.committee[key] !== undefined);
    if (row) {
      (committee as Record<string, unknown>)[key] = row.committee[key];
      committeeSetBy[key] = row.organisationName;
    }
  }
  return {
    year,
    model: modelRow?.model ?? DEFAULT_EVALUATION_MODEL,
    modelSource: modelRow ? modelRow.level : 'default',
    modelSetBy: modelRow?.organisationName ?? null,
    deadline: modelRow?.deadline ?? null,
    committee,
    committeeSetBy,
  };
}

// ------------------------------------------------------------------------------- validation

export interface SettingIssue {
  path: string;
  code: string;
  message: LocalizedText;
}

const isWhole = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

function fractionIssue(path: string, fraction: Fraction | null, zh: string, en: string): SettingIssue | null {
  if (fraction === null) return null;
  if (!isWhole(fraction.numerator) || !isWhole(fraction.denominator) || fraction.denominator <= 0 || fraction.numerator <= 0 || fraction.numerator > fraction.denominator) {
    return { path, code: 'FRACTION_OUT_OF_RANGE', message: { 'zh-CN': `${zh}应为大于0且不超过1的比例（如 2/3）`, en: `${en} must be a fraction above 0 and at most 1 (such as 2/3)` } };
  }
  return null;
}

/** Every reason a setting cannot be saved: a real deadline (required by the ministry-filing model), sane limits. */
export function settingIssues(input: Pick<JurisdictionSetting, 'model' | 'deadline' | 'committee'>): SettingIssue[] {
  const issues: SettingIssue[] = [];
  if (input.deadline !== null && !parseCalendarDate(input.deadline)) {
    issues.push({ path: 'deadline', code: 'DATE_INVALID', message: { 'zh-CN': `“${input.deadline}”不是有效日期`, en: `"${input.deadline}" is not a real date` } });
  }
  if (input.model === 'ministry-pilot-filing' && input.deadline === null) {
    issues.push({
      path: 'deadline',
      code: 'DEADLINE_REQUIRED',
      message: { 'zh-CN': '采用向人社部报送试点申请的模式时，须设定报送截止日期', en: 'The ministry-filing model needs the deadline for pilot applications' },
    });
  }
  if (input.model === null && input.deadline !== null) {
    issues.push({
      path: 'deadline',
      code: 'DEADLINE_WITHOUT_MODEL',
      message: { 'zh-CN': '截止日期随评聘模式设定；未选择模式时不能单独设定截止日期', en: 'A deadline belongs to a model; choose the model to set it' },
    });
  }
  const { minimumSize, quorumFloor, thresholdFloor } = input.committee;
  if (minimumSize !== null && (!isWhole(minimumSize) || minimumSize < 1 || minimumSize > 99)) {
    issues.push({ path: 'committee.minimumSize', code: 'MINIMUM_SIZE_INVALID', message: { 'zh-CN': '评审委员会最少人数应为 1–99 之间的整数', en: 'The least committee size is a whole number from 1 to 99' } });
  }
  const quorum = fractionIssue('committee.quorumFloor', quorumFloor, '最低出席比例', 'The least quorum');
  if (quorum) issues.push(quorum);
  const threshold = fractionIssue('committee.thresholdFloor', thresholdFloor, '最低同意票比例', 'The least vote threshold');
  if (threshold) issues.push(threshold);
  return issues;
}

// ------------------------------------------------------------------------------- standing

/** What an enterprise must have to evaluate under a model, and what it gates. */
export type RequirementCode = 'enterprise-filed' | 'ministry-pilot-accepted' | 'plan-filing-accepted';
/** `plan`: drawing up a plan of the year; `review`: commissioning the review (委托评审). */
export type RequirementGate = 'plan' | 'review';

export interface Requirement {
  code: RequirementCode;
  gate: RequirementGate;
  /** Null while it cannot be known yet (a plan's filing before there is a plan). */
  met: boolean | null;
  message: LocalizedText;
}

/** The facts the requirements are judged on. */
export interface StandingFacts {
  /** The enterprise, or an enterprise above it (its group), is filed at national or provincial level (二(一)). */
  enterpriseFiled: boolean;
  /** It, or its group, is named in an accepted pilot application of the year. */
  pilotAccepted: boolean;
  /** The plan's latest published version was filed with and accepted by the supervising department; null without a plan. */
  planFilingAccepted: boolean | null;
}

export interface Standing {
  model: EvaluationModel;
  requirements: Requirement[];
  /** Every requirement gating a plan is met. */
  mayDraftPlan: boolean;
  /** Every requirement gating a plan or the review is met. */
  mayStartReview: boolean;
}

export const REQUIREMENT_TEXTS: Readonly<Record<RequirementCode, LocalizedText>> = {
  'enterprise-filed': {
    'zh-CN': '企业（或其所属集团）已在省级及以上人社部门进行职业技能等级认定备案（通知第二部分第（一）项）',
    en: 'The enterprise (or its group) is filed for skill level recognition with a department at provincial level or above (section 二(一))',
  },
  'ministry-pilot-accepted': {
    'zh-CN': '主管部门报送的试点申请已由人力资源社会保障部备案，且名单包含本企业或其所属集团',
    en: 'An accepted pilot application of the year names the enterprise or its group',
  },
  'plan-filing-accepted': {
    'zh-CN': '工作方案最新版本已报送主管（省级）部门备案并被接受',
    en: 'The latest version of the plan is filed with and accepted by the supervising (provincial) department',
  },
};

/** The requirements of a model, judged on the facts. */
export function evaluationStanding(model: EvaluationModel, facts: StandingFacts): Standing {
  const requirement = (code: RequirementCode, gate: RequirementGate, met: boolean | null): Requirement => ({ code, gate, met, message: REQUIREMENT_TEXTS[code] });
  const requirements: Requirement[] =
    model === 'ministry-pilot-filing'
      ? [requirement('ministry-pilot-accepted', 'plan', facts.pilotAccepted)]
      : model === 'provincial-plan-filing'
        ? [requirement('enterprise-filed', 'plan', facts.enterpriseFiled), requirement('plan-filing-accepted', 'review', facts.planFilingAccepted)]
        : [requirement('enterprise-filed', 'plan', facts.enterpriseFiled)];
  const met = (gates: readonly RequirementGate[]) => requirements.filter((item) => gates.includes(item.gate)).every((item) => item.met === true);
  return { model, requirements, mayDraftPlan: met(['plan']), mayStartReview: met(['plan', 'review']) };
}

/** Whether an organisation's filing counts for 二(一): filed, at national or provincial level. */
export function isRecognitionFiled(filing: { filed: boolean; level: 'national' | 'provincial' | null } | null | undefined): boolean {
  return Boolean(filing?.filed && (filing.level === 'national' || filing.level === 'provincial'));
}
