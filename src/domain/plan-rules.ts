// The rules of an enterprise's work plan (工作方案, section 四(一) of 人社厅发〔2021〕66号): what a
// complete, consistent plan is, the defaults the notice and the review practice give, the quota a
// plan sets, and what changed between two versions. Pure: no I/O; whatever the rules need from the
// database (the occupation catalogue, the evaluation body, the working-day calendar) is passed in.

import type { EvidenceRequirements } from './application-rules.ts';
import { compareCalendarDates, parseCalendarDate, type CalendarDate } from './calendar-date.ts';
import { isDomainError, type LocalizedText } from './errors.ts';
import { NO_COMMITTEE_LIMITS, type CommitteeLimits } from './jurisdiction-rules.ts';
import { countWorkdays, MINIMUM_NOTICE_WORKING_DAYS, type WorkCalendar } from './working-days.ts';

/** `evaluation`: the evaluation of new 特级技师; `re-review`: 复核确认 of holders evaluated before the notice (六(三)). */
export const PLAN_KINDS = ['evaluation', 're-review'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

/** How the experts' scores of one dimension are combined: their mean, or the mean without the highest and the lowest. */
export const AGGREGATIONS = ['mean', 'trimmed-mean'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** 组织形式: the enterprise's own 考评机构, or an industry organisation it commissions (委托行业组织). */
export const ORGANISATION_FORMS = ['own-body', 'commissioned-industry'] as const;
export type OrganisationForm = (typeof ORGANISATION_FORMS)[number];

/** An exact fraction (two thirds is 2/3, never 0.667). */
export interface Fraction {
  numerator: number;
  denominator: number;
}

export interface ScoringDimension {
  /** A short identifier: `performance`, `innovation`, `mentoring`, `defence`, `practical`, or the plan's own. */
  code: string;
  /** The dimension's name as the plan writes it, e.g. 业绩贡献. */
  name: string;
  /**
   * Its weight: any positive number (decimals allowed). A total is the weighted mean, each weight
   * divided by the sum of the plan's weights, so 40/20/20/20 and 2/1/1/1 mean the same; the page
   * suggests weights that add up to 100.
   */
  weight: number;
}

export interface OccupationQuota {
  occupationCode: string;
  /** At most this many recommended in the occupation. */
  maxCount: number | null;
  /** At most this per cent of the enterprise's 高级技师 in the occupation. */
  ratioPercent: number | null;
  /**
   * The enterprise's 高级技师 in the occupation, which the ratio is taken of; null: counted from the
   * register when the quota is applied (not typed).
   */
  seniorTechnicianCount: number | null;
}

/**
 * 结构比例 at the level of the whole enterprise (六(二) leaves the level to the departments): at most
 * this share of the enterprise's 高级技师 (counted from its register), and/or this many, across all
 * occupations. Absent or both null: no enterprise-wide cap.
 */
export interface EnterpriseStructureRatio {
  percent: number | null;
  maxCount: number | null;
}

export interface PlanTimetable {
  applicationFrom: CalendarDate | null;
  applicationTo: CalendarDate | null;
  reviewFrom: CalendarDate | null;
  reviewTo: CalendarDate | null;
  publicityFrom: CalendarDate | null;
  publicityTo: CalendarDate | null;
  issuanceDate: CalendarDate | null;
}

/** What a work plan says. A draft may leave anything empty; publishing needs a complete, consistent plan. */
export interface PlanContent {
  title: string | null;
  /** 总体要求: the plan's opening text. */
  preamble: string | null;
  /** 实施范围: occupation codes of 《中华人民共和国职业分类大典》. */
  occupations: string[];
  eligibility: {
    cutoffDate: CalendarDate | null;
    minYearsInPost: number | null;
    /**
     * The provincial policy document a plan relies on when it does not keep the notice's 5 years:
     * its title (《…》), with its 文号 here or in minYearsPolicyNumber.
     */
    minYearsPolicyDocument: string | null;
    /** The document's 文号, e.g. 黑人社规〔2022〕5号 (absent in plans written before it was asked). */
    minYearsPolicyNumber?: string | null;
    /** Conditions the enterprise adds to section 三's. */
    additionalConditions: string | null;
  };
  evaluation: {
    /** 评价方式, e.g. 材料评审、现场答辩与综合评议相结合. */
    method: string | null;
    dimensions: ScoringDimension[];
    aggregation: Aggregation | null;
  };
  organisation: {
    form: OrganisationForm | null;
    evaluationBodyId: string | null;
  };
  committee: {
    /** The committee the plan plans for: a committee formed under it has at most this many members. */
    size: number | null;
    /** The fewest members a committee formed under the plan may have (default 5; at least the jurisdiction's floor). */
    minimumSize: number | null;
    /** Whether a committee must have an odd number of members (default yes; required where the jurisdiction says so). */
    oddSize: boolean;
    /** Share of the members who must be present (default 2/3). */
    quorum: Fraction;
    /** Share of the members present whose approval recommends a candidate (default 2/3). */
    voteThreshold: Fraction;
    secretBallot: boolean;
  };
  quotas: OccupationQuota[];
  /** An enterprise-wide cap (absent in plans written before it was offered). */
  structureRatio?: EnterpriseStructureRatio | null;
  /**
   * Which statements need an uploaded document (absent in plans written before it was asked: the
   * defaults of application-rules' DEFAULT_EVIDENCE_REQUIREMENTS).
   */
  evidenceRequired?: Partial<EvidenceRequirements> | null;
  timetable: PlanTimetable;
  publicity: {
    /** Length of the public notice in working days (at least 5, section 四(三)). */
    workingDays: number | null;
    /** 公示范围, e.g. 本企业内部. */
    scope: string | null;
    /**
     * 复核确认 plans (六(三)): the confirmed list is published like a recommended list (四(三)) before
     * certificates are issued. A plan turns this off only by citing the provincial document that says
     * so (title and 文号); absent in plans written before it was asked: the notice is required.
     */
    reReviewNotice?: ReReviewNoticeSetting | null;
  };
  contact: {
    name: string | null;
    phone: string | null;
  };
  /** 其他事项: discipline, supervision, anything else the plan states. */
  otherProvisions: string | null;
}

export interface ReReviewNoticeSetting {
  required: boolean;
  policyDocument?: string | null;
  policyNumber?: string | null;
}

/** Whether a re-review plan's confirmed list goes through a public notice before issuance (the notice's default: yes). */
export function reReviewNoticeRequired(content: Pick<PlanContent, 'publicity'>): boolean {
  return content.publicity.reReviewNotice?.required !== false;
}

/** One reason a plan cannot be published: the field (dotted path) and the message in both languages. */
export interface PlanIssue {
  path: string;
  code: string;
  message: LocalizedText;
}

/** The evaluation body a plan names, as the caller found it in the organisation tree. */
export interface EvaluationBodyFacts {
  kind: string;
  bodyType: 'internal' | 'industry' | null;
  /** Below the plan's enterprise (or the group it belongs to): may serve as its own 考评机构. */
  belongsToEnterprise: boolean;
}

export interface PlanValidationContext {
  /** The plan's year. Its timetable may run into the next year (a notice ending in January): the dates are bounded only by the calendars held. */
  year: number;
  kind: PlanKind;
  /** Whether an occupation code is in the catalogue. */
  isKnownOccupation: (code: string) => boolean;
  /** The evaluation body named by `organisation.evaluationBodyId`; null when there is none by that id. */
  evaluationBody: EvaluationBodyFacts | null;
  /** The working-day calendars held; every date of the timetable lies in a year held, and the publicity window is counted with it. */
  calendar: WorkCalendar;
  /** The committee limits of the enterprise's jurisdiction and year, with the body that set each (none when absent). */
  committeeLimits?: CommitteeLimits & { setBy?: Partial<Record<keyof CommitteeLimits, string | null>> };
}

export const DEFAULT_MIN_YEARS_IN_POST = 5;
export const TWO_THIRDS: Fraction = { numerator: 2, denominator: 3 };

/**
 * The committee rules a new plan starts from, taken from the professional-title review rules (the
 * notice leaves them to the enterprise): a committee of 7, at least 5, odd, quorum two thirds,
 * recommended by two thirds of those present, secret ballot. The plan may change each within the
 * limits its jurisdiction fixed (jurisdiction-rules.ts); they are defaults, not rules.
 */
export const DEFAULT_COMMITTEE_RULES: PlanContent['committee'] = {
  size: 7,
  minimumSize: 5,
  oddSize: true,
  quorum: TWO_THIRDS,
  voteThreshold: TWO_THIRDS,
  secretBallot: true,
};

/** The weights the page suggests: they add up to 100, which the rules do not ask. */
export const SUGGESTED_WEIGHT_TOTAL = 100;

/** Scoring dimensions seen in the pilots' practice: written record review, then defence or assessment. */
export const DEFAULT_DIMENSIONS: readonly ScoringDimension[] = [
  { code: 'performance', name: '业绩贡献', weight: 40 },
  { code: 'innovation', name: '技术创新', weight: 20 },
  { code: 'mentoring', name: '传技带徒', weight: 20 },
  { code: 'defence', name: '答辩/现场考核', weight: 20 },
];

/** A new plan: the notice's and the review rules' defaults, the rest left for the enterprise. */
export function defaultPlanContent(kind: PlanKind = 'evaluation'): PlanContent {
  return {
    title: null,
    preamble: null,
    occupations: [],
    eligibility: { cutoffDate: null, minYearsInPost: DEFAULT_MIN_YEARS_IN_POST, minYearsPolicyDocument: null, additionalConditions: null },
    evaluation: {
      method: kind === 're-review' ? '材料复核与综合评议相结合' : '材料评审、现场答辩（或实际操作考核）与综合评议相结合',
      dimensions: DEFAULT_DIMENSIONS.map((dimension) => ({ ...dimension })),
      aggregation: 'mean',
    },
    organisation: { form: null, evaluationBodyId: null },
    committee: { ...DEFAULT_COMMITTEE_RULES, quorum: { ...TWO_THIRDS }, voteThreshold: { ...TWO_THIRDS } },
    quotas: [],
    timetable: {
      applicationFrom: null,
      applicationTo: null,
      reviewFrom: null,
      reviewTo: null,
      publicityFrom: null,
      publicityTo: null,
      issuanceDate: null,
    },
    publicity: { workingDays: MINIMUM_NOTICE_WORKING_DAYS, scope: '本企业内部' },
    contact: { name: null, phone: null },
    otherProvisions: null,
  };
}

/**
 * A plan stored before a field existed, completed with that field's default: committees of plans
 * written before the minimum size and oddness became the plan's own settings keep the old rules
 * (at least 5, odd). Returns the same content when nothing is missing.
 */
export function withPlanDefaults(content: PlanContent): PlanContent {
  const committee = content.committee as Partial<PlanContent['committee']> | undefined;
  if (committee && committee.minimumSize !== undefined && committee.oddSize !== undefined) return content;
  return {
    ...content,
    committee: {
      ...DEFAULT_COMMITTEE_RULES,
      ...committee,
      minimumSize: committee?.minimumSize === undefined ? DEFAULT_COMMITTEE_RULES.minimumSize : committee.minimumSize,
      oddSize: committee?.oddSize ?? DEFAULT_COMMITTEE_RULES.oddSize,
    },
  };
}

// ------------------------------------------------------------------------------------ helpers

function issue(path: string, code: string, zh: string, en: string): PlanIssue {
  return { path, code, message: { 'zh-CN': zh, en } };
}

const blank = (value: string | null | undefined) => value === null || value === undefined || value.trim() === '';
const isWholeNumber = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/** The value of a fraction, or null when it is not a fraction of whole numbers with a positive denominator. */
export function fractionValue(fraction: Fraction | null | undefined): number | null {
  if (!fraction || !isWholeNumber(fraction.numerator) || !isWholeNumber(fraction.denominator) || fraction.denominator <= 0) return null;
  return fraction.numerator / fraction.denominator;
}

/** The fewest of `total` that make at least `fraction` of it: ceil(total × n / d), in whole numbers. */
export function atLeastShare(total: number, fraction: Fraction): number {
  return Math.ceil((total * fraction.numerator) / fraction.denominator - 1e-9);
}

export function formatFraction(fraction: Fraction): string {
  return `${fraction.numerator}/${fraction.denominator}`;
}

/**
 * The most candidates a quota allows: the smaller of the number and the share of the 高级技师, the
 * share rounded down (5% of 30 is 1). Null when the quota sets neither.
 */
export function quotaCap(quota: Pick<OccupationQuota, 'maxCount' | 'ratioPercent' | 'seniorTechnicianCount'>): number | null {
  const caps: number[] = [];
  if (isWholeNumber(quota.maxCount) && quota.maxCount >= 0) caps.push(quota.maxCount);
  if (typeof quota.ratioPercent === 'number' && isWholeNumber(quota.seniorTechnicianCount) && quota.seniorTechnicianCount >= 0) {
    const hundredths = Math.round(quota.ratioPercent * 100);
    caps.push(Math.floor((quota.seniorTechnicianCount * hundredths) / 10_000));
  }
  return caps.length ? Math.min(...caps) : null;
}

interface DatedField {
  key: keyof PlanTimetable;
  zh: string;
  en: string;
}

const TIMETABLE_FIELDS: readonly DatedField[] = [
  { key: 'applicationFrom', zh: '申报开始日期', en: 'application start' },
  { key: 'applicationTo', zh: '申报截止日期', en: 'application end' },
  { key: 'reviewFrom', zh: '评审开始日期', en: 'review start' },
  { key: 'reviewTo', zh: '评审结束日期', en: 'review end' },
  { key: 'publicityFrom', zh: '公示开始日期', en: 'public notice start' },
  { key: 'publicityTo', zh: '公示结束日期', en: 'public notice end' },
  { key: 'issuanceDate', zh: '发证日期', en: 'certificate issue date' },
];

/** Consecutive dates of the timetable: `strict` means the later phase starts after the earlier one ends. */
const TIMETABLE_ORDER: readonly [keyof PlanTimetable, keyof PlanTimetable, boolean][] = [
  ['applicationFrom', 'applicationTo', false],
  ['applicationTo', 'reviewFrom', true],
  ['reviewFrom', 'reviewTo', false],
  ['reviewTo', 'publicityFrom', true],
  ['publicityFrom', 'publicityTo', false],
  ['publicityTo', 'issuanceDate', true],
];

function fieldLabel(key: keyof PlanTimetable): DatedField {
  return TIMETABLE_FIELDS.find((field) => field.key === key)!;
}

// --------------------------------------------------------------------------------- validation

/** A document number (文号) as Chinese authorities write it: 黑人社规〔2022〕5号, 人社厅发[2021]66号 … */
const DOCUMENT_NUMBER = /[\u4e00-\u9fa5A-Za-z]{1,16}\s*[〔[［(（]\s*(19|20)\d{2}\s*[〕\]］)）]\s*第?\s*\d{1,4}\s*号/;
/** Texts that name no document. */
const PLACEHOLDERS = new Set(['无', '暂无', '没有', '不详', '略', 'none', 'n/a', 'na', '-', '—', '/', '待定']);

/**
 * The title and the 文号 a plan cites for a deviation from the notice (the number may be written in
 * the title or apart). A placeholder ("无") is no title; a title needs at least four characters.
 */
export function policyCitation(document: string | null | undefined, number?: string | null): { title: string | null; number: string | null } {
  const text = [document ?? '', number ?? ''].join(' ').trim();
  const found = DOCUMENT_NUMBER.exec(text);
  const rest = (found ? text.replace(found[0], ' ') : text).replace(/[《》（）()\s、，,。]/g, '');
  const title = rest.length >= 4 && !PLACEHOLDERS.has(rest.toLowerCase()) ? rest : null;
  return { title, number: found ? found[0].replace(/\s+/g, '') : null };
}

/** How a plan departs from the notice's defaults on the strength of a provincial document: shown to the supervising department and the committee. */
export interface PlanDeviation {
  code: 'MIN_YEARS_IN_POST' | 'RE_REVIEW_NOTICE_OFF';
  value: number;
  noticeValue: number;
  document: string | null;
  documentNumber: string | null;
  message: LocalizedText;
}

export function planDeviations(content: Pick<PlanContent, 'eligibility'> & { publicity?: PlanContent['publicity'] }): PlanDeviation[] {
  const deviations: PlanDeviation[] = [];
  const years = content.eligibility.minYearsInPost;
  if (typeof years === 'number' && years !== DEFAULT_MIN_YEARS_IN_POST) {
    const citation = policyCitation(content.eligibility.minYearsPolicyDocument, content.eligibility.minYearsPolicyNumber);
    const cited = [citation.title ? `《${citation.title.replace(/^《|》$/g, '')}》` : null, citation.number].filter(Boolean).join('');
    deviations.push({
      code: 'MIN_YEARS_IN_POST',
      value: years,
      noticeValue: DEFAULT_MIN_YEARS_IN_POST,
      document: citation.title,
      documentNumber: citation.number,
      message: {
        'zh-CN': `高级技师岗位工作年限要求为${years}年（通知规定${DEFAULT_MIN_YEARS_IN_POST}年），依据${cited || '（未注明）'}`,
        en: `Years in a Senior Technician post: ${years} (the notice: ${DEFAULT_MIN_YEARS_IN_POST}), under ${cited || '(not cited)'}`,
      },
    });
  }
  const noticeSetting = content.publicity?.reReviewNotice;
  if (noticeSetting && noticeSetting.required === false) {
    const citation = policyCitation(noticeSetting.policyDocument, noticeSetting.policyNumber);
    const cited = [citation.title ? `《${citation.title.replace(/^《|》$/g, '')}》` : null, citation.number].filter(Boolean).join('');
    deviations.push({
      code: 'RE_REVIEW_NOTICE_OFF',
      value: 0,
      noticeValue: MINIMUM_NOTICE_WORKING_DAYS,
      document: citation.title,
      documentNumber: citation.number,
      message: {
        'zh-CN': `复核确认名单发证前不经公示（通知要求公示不少于${MINIMUM_NOTICE_WORKING_DAYS}个工作日），依据${cited || '（未注明）'}`,
        en: `The re-review's confirmed list is not publicly noticed before issuance (the notice: at least ${MINIMUM_NOTICE_WORKING_DAYS} working days), under ${cited || '(not cited)'}`,
      },
    });
  }
  return deviations;
}

function validateScope(content: PlanContent, context: PlanValidationContext, issues: PlanIssue[]) {
  if (blank(content.title)) issues.push(issue('title', 'REQUIRED', '请填写方案名称', 'The plan needs a title'));
  if (!content.occupations.length) {
    issues.push(issue('occupations', 'OCCUPATIONS_EMPTY', '请至少选择一个实施评聘的职业（工种）', 'Choose at least one occupation in scope'));
  }
  const seen = new Set<string>();
  content.occupations.forEach((code, index) => {
    if (seen.has(code)) {
      issues.push(issue(`occupations.${index}`, 'OCCUPATION_DUPLICATE', `职业（工种）${code} 重复选择`, `The occupation ${code} is chosen twice`));
    } else if (!context.isKnownOccupation(code)) {
      issues.push(
        issue(
          `occupations.${index}`,
          'OCCUPATION_UNKNOWN',
          `职业（工种）代码 ${code} 不在职业（工种）目录中`,
          `The occupation code ${code} is not in the occupation catalogue`,
        ),
      );
    }
    seen.add(code);
  });
}

function validateEligibility(content: PlanContent, context: PlanValidationContext, issues: PlanIssue[]) {
  const { cutoffDate, minYearsInPost, minYearsPolicyDocument } = content.eligibility;
  if (blank(cutoffDate)) {
    issues.push(issue('eligibility.cutoffDate', 'REQUIRED', '请填写申报条件的计算截止日期', 'The eligibility cut-off date is required'));
  } else if (!parseCalendarDate(cutoffDate)) {
    issues.push(issue('eligibility.cutoffDate', 'DATE_INVALID', `“${cutoffDate}”不是有效日期`, `"${cutoffDate}" is not a real date`));
  }
  if (minYearsInPost === null || minYearsInPost === undefined) {
    issues.push(issue('eligibility.minYearsInPost', 'REQUIRED', '请填写高级技师岗位最低工作年限', 'The minimum years in a Senior Technician post is required'));
  } else if (!isWholeNumber(minYearsInPost) || minYearsInPost < 1 || minYearsInPost > 30) {
    issues.push(
      issue(
        'eligibility.minYearsInPost',
        'MIN_YEARS_INVALID',
        '高级技师岗位最低工作年限应为 1–30 之间的整数',
        'The minimum years in post is a whole number from 1 to 30',
      ),
    );
  } else if (minYearsInPost !== DEFAULT_MIN_YEARS_IN_POST) {
    const citation = policyCitation(minYearsPolicyDocument, content.eligibility.minYearsPolicyNumber);
    if (!citation.title && !citation.number) {
      issues.push(
        issue(
          'eligibility.minYearsPolicyDocument',
          'MIN_YEARS_POLICY_REQUIRED',
          `最低工作年限不是通知规定的${DEFAULT_MIN_YEARS_IN_POST}年（所设为${minYearsInPost}年），须注明所依据的省级政策文件（文件名称和文号）`,
          `The minimum years in post differs from the notice's ${DEFAULT_MIN_YEARS_IN_POST} (it is ${minYearsInPost}); cite the provincial policy document it relies on (title and 文号)`,
        ),
      );
    } else {
      if (!citation.title) {
        issues.push(issue('eligibility.minYearsPolicyDocument', 'MIN_YEARS_POLICY_TITLE_REQUIRED', '请填写所依据政策文件的名称（如《关于开展特级技师评聘工作的实施意见》）', 'Give the title of the policy document'));
      }
      if (!citation.number) {
        issues.push(issue('eligibility.minYearsPolicyNumber', 'MIN_YEARS_POLICY_NUMBER_REQUIRED', '请填写所依据政策文件的文号（如黑人社规〔2022〕5号）', 'Give the document number (文号) of the policy document, e.g. 黑人社规〔2022〕5号'));
      }
    }
  }
}

function validateEvaluation(content: PlanContent, issues: PlanIssue[]) {
  const { method, dimensions, aggregation } = content.evaluation;
  if (blank(method)) issues.push(issue('evaluation.method', 'REQUIRED', '请填写评价方式', 'The evaluation method is required'));
  if (!aggregation) issues.push(issue('evaluation.aggregation', 'REQUIRED', '请选择评分汇总方式', 'Choose how scores are aggregated'));
  if (!dimensions.length) {
    issues.push(issue('evaluation.dimensions', 'DIMENSIONS_EMPTY', '请至少设置一个评分维度', 'Set at least one scoring dimension'));
    return;
  }
  const codes = new Set<string>();
  dimensions.forEach((dimension, index) => {
    const base = `evaluation.dimensions.${index}`;
    if (blank(dimension.name)) issues.push(issue(`${base}.name`, 'REQUIRED', `请填写第${index + 1}个评分维度的名称`, `Dimension ${index + 1} needs a name`));
    if (blank(dimension.code)) {
      issues.push(issue(`${base}.code`, 'REQUIRED', `请填写第${index + 1}个评分维度的代码`, `Dimension ${index + 1} needs a code`));
    } else if (codes.has(dimension.code)) {
      issues.push(issue(`${base}.code`, 'DIMENSION_DUPLICATE', `评分维度“${dimension.name}”重复`, `The dimension "${dimension.code}" appears twice`));
    }
    codes.add(dimension.code);
    // Any positive weight: the total divides each by their sum (review-rules.ts weightedTotal).
    if (typeof dimension.weight !== 'number' || !Number.isFinite(dimension.weight) || dimension.weight <= 0) {
      issues.push(issue(`${base}.weight`, 'WEIGHT_INVALID', `评分维度“${dimension.name}”的权重应为大于0的数`, `The weight of "${dimension.name}" must be a number above 0`));
    }
  });
}

/** Each dimension's share of the total (its weight over the sum of the weights), or null when a weight is not positive. */
export function normalisedWeights(dimensions: readonly ScoringDimension[]): Record<string, number> | null {
  if (!dimensions.length || dimensions.some((dimension) => !(typeof dimension.weight === 'number' && Number.isFinite(dimension.weight) && dimension.weight > 0))) return null;
  const sum = dimensions.reduce((total, dimension) => total + dimension.weight, 0);
  return Object.fromEntries(dimensions.map((dimension) => [dimension.code, dimension.weight / sum]));
}

function validateOrganisation(content: PlanContent, context: PlanValidationContext, issues: PlanIssue[]) {
  const { form, evaluationBodyId } = content.organisation;
  if (!form) issues.push(issue('organisation.form', 'REQUIRED', '请选择组织形式', 'Choose the organisation form'));
  if (!evaluationBodyId) {
    issues.push(issue('organisation.evaluationBodyId', 'REQUIRED', '请选择承担评审的考评机构', 'Choose the evaluation body that reviews'));
    return;
  }
  const body = context.evaluationBody;
  if (!body || body.kind !== 'evaluation-body') {
    issues.push(issue('organisation.evaluationBodyId', 'EVALUATION_BODY_UNKNOWN', '所选考评机构不存在或不可选', 'The chosen evaluation body does not exist or cannot be chosen'));
    return;
  }
  if (form === 'own-body' && (body.bodyType !== 'internal' || !body.belongsToEnterprise)) {
    issues.push(
      issue(
        'organisation.evaluationBodyId',
        'EVALUATION_BODY_NOT_OWN',
        '组织形式为“本企业考评机构”时，须选择本企业（集团）内部的考评机构',
        "With the enterprise's own body, choose an internal evaluation body of the enterprise (or its group)",
      ),
    );
  }
  if (form === 'commissioned-industry' && body.bodyType !== 'industry') {
    issues.push(
      issue(
        'organisation.evaluationBodyId',
        'EVALUATION_BODY_NOT_INDUSTRY',
        '组织形式为“委托行业组织”时，须选择行业组织类考评机构',
        'A commissioned review needs an industry organisation as the evaluation body',
      ),
    );
  }
}

function validateFraction(path: string, fraction: Fraction, zh: string, en: string, issues: PlanIssue[]): boolean {
  const value = fractionValue(fraction);
  if (value === null || value <= 0 || value > 1) {
    issues.push(issue(path, 'FRACTION_OUT_OF_RANGE', `${zh}应为大于0且不超过1的比例（如 2/3）`, `${en} must be a fraction above 0 and at most 1 (such as 2/3)`));
    return false;
  }
  return true;
}

function validateCommittee(content: PlanContent, context: PlanValidationContext, issues: PlanIssue[]) {
  const { size, minimumSize, oddSize, quorum, voteThreshold } = content.committee;
  const limits = context.committeeLimits ?? NO_COMMITTEE_LIMITS;
  const setBy = (key: keyof CommitteeLimits) => (context.committeeLimits && 'setBy' in context.committeeLimits ? context.committeeLimits.setBy?.[key] : null) ?? '所在地区';
  const setByEn = (key: keyof CommitteeLimits) => (context.committeeLimits && 'setBy' in context.committeeLimits ? context.committeeLimits.setBy?.[key] : null) ?? 'the jurisdiction';
  let minimum: number | null = null;
  if (minimumSize === null || minimumSize === undefined) {
    issues.push(issue('committee.minimumSize', 'REQUIRED', '请填写评审委员会最少人数', 'The least committee size is required'));
  } else if (!isWholeNumber(minimumSize) || minimumSize < 1) {
    issues.push(issue('committee.minimumSize', 'MINIMUM_SIZE_INVALID', '评审委员会最少人数应为正整数', 'The least committee size is a positive whole number'));
  } else if (limits.minimumSize !== null && minimumSize < limits.minimumSize) {
    issues.push(
      issue(
        'committee.minimumSize',
        'COMMITTEE_BELOW_JURISDICTION_MINIMUM',
        `${setBy('minimumSize')}规定评审委员会不得少于${limits.minimumSize}人，方案所设最少人数为${minimumSize}人`,
        `${setByEn('minimumSize')} requires committees of at least ${limits.minimumSize}; the plan sets ${minimumSize}`,
      ),
    );
  } else {
    minimum = minimumSize;
  }
  if (limits.oddSizeRequired && !oddSize) {
    issues.push(
      issue('committee.oddSize', 'COMMITTEE_ODD_REQUIRED', `${setBy('oddSizeRequired')}规定评审委员会人数应为单数`, `${setByEn('oddSizeRequired')} requires an odd number of members`),
    );
  }
  let sizeValid = false;
  if (size === null || size === undefined) {
    issues.push(issue('committee.size', 'REQUIRED', '请填写评审委员会人数', 'The committee size is required'));
  } else if (!isWholeNumber(size) || size < 1 || (minimum !== null && size < minimum)) {
    issues.push(
      issue(
        'committee.size',
        'COMMITTEE_TOO_SMALL',
        `评审委员会人数不得少于方案规定的最少人数${minimum ?? 1}人，现为${size}人`,
        `The committee cannot be smaller than the plan's least size of ${minimum ?? 1}; it is ${size}`,
      ),
    );
  } else if (oddSize && size % 2 === 0) {
    issues.push(issue('committee.size', 'COMMITTEE_EVEN', `评审委员会人数应为单数，现为${size}人`, `A committee has an odd number of members, not ${size}`));
  } else {
    sizeValid = true;
  }
  const quorumValid = validateFraction('committee.quorum', quorum, '出席人数比例', 'The quorum', issues);
  const thresholdValid = validateFraction('committee.voteThreshold', voteThreshold, '同意票比例', 'The vote threshold', issues);
  const below = (value: Fraction, floor: Fraction) => value.numerator * floor.denominator < floor.numerator * value.denominator;
  if (quorumValid && limits.quorumFloor && below(quorum, limits.quorumFloor)) {
    issues.push(
      issue(
        'committee.quorum',
        'QUORUM_BELOW_JURISDICTION_FLOOR',
        `${setBy('quorumFloor')}规定出席人数不得少于${formatFraction(limits.quorumFloor)}，方案所设为${formatFraction(quorum)}`,
        `${setByEn('quorumFloor')} requires a quorum of at least ${formatFraction(limits.quorumFloor)}; the plan sets ${formatFraction(quorum)}`,
      ),
    );
  }
  if (thresholdValid && limits.thresholdFloor && below(voteThreshold, limits.thresholdFloor)) {
    issues.push(
      issue(
        'committee.voteThreshold',
        'THRESHOLD_BELOW_JURISDICTION_FLOOR',
        `${setBy('thresholdFloor')}规定同意票不得少于出席委员的${formatFraction(limits.thresholdFloor)}，方案所设为${formatFraction(voteThreshold)}`,
        `${setByEn('thresholdFloor')} requires approval by at least ${formatFraction(limits.thresholdFloor)} of those present; the plan sets ${formatFraction(voteThreshold)}`,
      ),
    );
  }
  if (sizeValid && quorumValid && content.evaluation.aggregation === 'trimmed-mean' && atLeastShare(size!, quorum) < 3) {
    issues.push(
      issue(
        'committee.quorum',
        'QUORUM_TOO_SMALL_FOR_TRIMMED_MEAN',
        '去掉最高分和最低分计算平均分时，出席评委至少应有3人',
        'The mean without the highest and lowest score needs at least 3 members present',
      ),
    );
  }
}

function validateQuotas(content: PlanContent, context: PlanValidationContext, issues: PlanIssue[]) {
  const inScope = new Set(content.occupations);
  const covered = new Set<string>();
  content.quotas.forEach((quota, index) => {
    const base = `quotas.${index}`;
    if (!inScope.has(quota.occupationCode)) {
      issues.push(
        issue(`${base}.occupationCode`, 'QUOTA_OCCUPATION_NOT_IN_SCOPE', `职业（工种）${quota.occupationCode} 不在本方案实施范围内`, `The occupation ${quota.occupationCode} is not in the plan's scope`),
      );
    } else if (covered.has(quota.occupationCode)) {
      issues.push(issue(`${base}.occupationCode`, 'QUOTA_DUPLICATE', `职业（工种）${quota.occupationCode} 的结构比例重复设置`, `The occupation ${quota.occupationCode} has two quotas`));
    }
    covered.add(quota.occupationCode);
    const hasCount = quota.maxCount !== null && quota.maxCount !== undefined;
    const hasRatio = quota.ratioPercent !== null && quota.ratioPercent !== undefined;
    if (!hasCount && !hasRatio) {
      issues.push(issue(`${base}.maxCount`, 'QUOTA_EMPTY', '请填写推荐人数上限或占高级技师人数的比例（至少一项）', 'Set a maximum number, a share of the Senior Technicians, or both'));
    }
    if (hasCount && (!isWholeNumber(quota.maxCount) || quota.maxCount! < 1)) {
      issues.push(issue(`${base}.maxCount`, 'QUOTA_COUNT_INVALID', '推荐人数上限应为正整数', 'The maximum number is a positive whole number'));
    }
    if (hasRatio) {
      if (typeof quota.ratioPercent !== 'number' || !(quota.ratioPercent > 0) || quota.ratioPercent > 100) {
        issues.push(issue(`${base}.ratioPercent`, 'QUOTA_RATIO_INVALID', '比例应大于0%且不超过100%', 'The share is above 0% and at most 100%'));
      }
      // Without a number typed, the share is taken of the register's count when the quota applies.
      const count = quota.seniorTechnicianCount;
      if (count !== null && count !== undefined && (!isWholeNumber(count) || count < 0)) {
        issues.push(issue(`${base}.seniorTechnicianCount`, 'QUOTA_SENIOR_COUNT_INVALID', '高级技师人数应为非负整数（不填则按职工名册统计）', 'The number of Senior Technicians is a whole number (leave it empty to count the register)'));
      }
    }
  });
  // 六(二) asks for a reasonable structure ratio, not a number in every occupation: occupations
  // without a quota are capped by the enterprise-wide ratio, if any, or not at all.
  const ratio = content.structureRatio;
  if (ratio) {
    if (ratio.percent !== null && ratio.percent !== undefined && (typeof ratio.percent !== 'number' || !(ratio.percent > 0) || ratio.percent > 100)) {
      issues.push(issue('structureRatio.percent', 'QUOTA_RATIO_INVALID', '比例应大于0%且不超过100%', 'The share is above 0% and at most 100%'));
    }
    if (ratio.maxCount !== null && ratio.maxCount !== undefined && (!isWholeNumber(ratio.maxCount) || ratio.maxCount < 1)) {
      issues.push(issue('structureRatio.maxCount', 'QUOTA_COUNT_INVALID', '推荐人数上限应为正整数', 'The maximum number is a positive whole number'));
    }
  }
}

/**
 * The enterprise-wide cap: the smaller of the number and the share of the 高级技师 the register
 * counts (rounded down), or null when the plan sets none.
 */
export function enterpriseCap(ratio: EnterpriseStructureRatio | null | undefined, registerSeniorTechnicians: number): number | null {
  if (!ratio) return null;
  const caps: number[] = [];
  if (isWholeNumber(ratio.maxCount) && ratio.maxCount >= 0) caps.push(ratio.maxCount);
  if (typeof ratio.percent === 'number') caps.push(Math.floor((registerSeniorTechnicians * Math.round(ratio.percent * 100)) / 10_000));
  return caps.length ? Math.min(...caps) : null;
}

function validateTimetable(content: PlanContent, context: PlanValidationContext, issues: PlanIssue[]) {
  const timetable = content.timetable;
  const valid = new Map<keyof PlanTimetable, CalendarDate>();
  for (const field of TIMETABLE_FIELDS) {
    const value = timetable[field.key];
    const path = `timetable.${field.key}`;
    if (blank(value)) {
      issues.push(issue(path, 'REQUIRED', `请填写${field.zh}`, `The ${field.en} is required`));
    } else if (!parseCalendarDate(value)) {
      issues.push(issue(path, 'DATE_INVALID', `${field.zh}“${value}”不是有效日期`, `The ${field.en} "${value}" is not a real date`));
    } else if (!context.calendar.years.has(Number(value!.slice(0, 4)))) {
      // The only bound of a date: a year whose holiday calendar is held (a plan of 2026 may end in 2027).
      issues.push(calendarMissing(path, field.zh, field.en, Number(value!.slice(0, 4))));
    } else {
      valid.set(field.key, value!);
    }
  }
  for (const [earlier, later, strict] of TIMETABLE_ORDER) {
    const a = valid.get(earlier);
    const b = valid.get(later);
    if (!a || !b) continue;
    const order = compareCalendarDates(a, b);
    if (order > 0 || (strict && order === 0)) {
      const first = fieldLabel(earlier);
      const second = fieldLabel(later);
      issues.push(
        issue(
          `timetable.${later}`,
          'TIMETABLE_ORDER',
          strict ? `${second.zh}（${b}）应晚于${first.zh}（${a}）` : `${second.zh}（${b}）不得早于${first.zh}（${a}）`,
          strict ? `The ${second.en} (${b}) must come after the ${first.en} (${a})` : `The ${second.en} (${b}) cannot come before the ${first.en} (${a})`,
        ),
      );
    }
  }
  return valid;
}

/** Who can load a year's calendar: the system administrator and the ministry administrator (calendar:write), on the 节假日日历 page. */
function calendarMissing(path: string, zh: string, en: string, year: number): PlanIssue {
  return issue(
    path,
    'CALENDAR_MISSING',
    `${zh}所在的${year}年尚无节假日安排，无法核对工作日。请系统管理员或人社部管理员在「节假日日历」页面导入国务院办公厅关于${year}年部分节假日安排的通知`,
    `No holiday arrangement is held for ${year}, the year of the ${en}, so its working days cannot be counted. The system administrator or the ministry administrator loads the State Council General Office's notice for ${year} on the 「节假日日历」 (Holiday calendars) page`,
  );
}

function validatePublicity(content: PlanContent, context: PlanValidationContext, dates: Map<keyof PlanTimetable, CalendarDate>, issues: PlanIssue[]) {
  const days = content.publicity.workingDays;
  if (days === null || days === undefined) {
    issues.push(issue('publicity.workingDays', 'REQUIRED', '请填写公示期（工作日）', 'The length of the public notice is required'));
    return;
  }
  if (!isWholeNumber(days) || days < MINIMUM_NOTICE_WORKING_DAYS) {
    issues.push(
      issue(
        'publicity.workingDays',
        'PUBLICITY_TOO_SHORT',
        `公示期不得少于${MINIMUM_NOTICE_WORKING_DAYS}个工作日，所设为${days}个工作日`,
        `A public notice lasts at least ${MINIMUM_NOTICE_WORKING_DAYS} working days; ${days} were set`,
      ),
    );
    return;
  }
  validateReReviewNotice(content, context, issues);
  const from = dates.get('publicityFrom');
  const to = dates.get('publicityTo');
  if (!from || !to || compareCalendarDates(from, to) > 0) return;
  try {
    const held = countWorkdays(context.calendar, from, to);
    if (held < days) {
      issues.push(
        issue(
          'timetable.publicityTo',
          'PUBLICITY_WINDOW_TOO_SHORT',
          `公示时间（${from}至${to}）只有${held}个工作日，少于方案规定的${days}个工作日`,
          `The public notice from ${from} to ${to} holds ${held} working days, fewer than the plan's ${days}`,
        ),
      );
    }
  } catch (error) {
    if (!isDomainError(error) || error.code !== 'CALENDAR_MISSING') throw error;
    const year = (error.params as { year: number }).year;
    issues.push(calendarMissing('timetable.publicityFrom', '公示期', 'public notice', year));
  }
}

/** 六(三): a re-review plan keeps the notice of its confirmed list unless it cites the provincial document that lifts it. */
function validateReReviewNotice(content: PlanContent, context: PlanValidationContext, issues: PlanIssue[]) {
  const setting = content.publicity.reReviewNotice;
  if (context.kind !== 're-review' || !setting || setting.required !== false) return;
  const citation = policyCitation(setting.policyDocument, setting.policyNumber);
  if (!citation.title && !citation.number) {
    issues.push(
      issue(
        'publicity.reReviewNotice.policyDocument',
        'RE_REVIEW_NOTICE_POLICY_REQUIRED',
        `复核确认名单发证前须公示不少于${MINIMUM_NOTICE_WORKING_DAYS}个工作日；不公示须注明所依据的省级政策文件（文件名称和文号）`,
        `The re-review's confirmed list is publicly noticed for at least ${MINIMUM_NOTICE_WORKING_DAYS} working days before issuance; to go without, cite the provincial policy document (title and 文号)`,
      ),
    );
    return;
  }
  if (!citation.title) {
    issues.push(issue('publicity.reReviewNotice.policyDocument', 'RE_REVIEW_NOTICE_POLICY_TITLE_REQUIRED', '请填写所依据政策文件的名称', 'Give the title of the policy document'));
  }
  if (!citation.number) {
    issues.push(issue('publicity.reReviewNotice.policyNumber', 'RE_REVIEW_NOTICE_POLICY_NUMBER_REQUIRED', '请填写所依据政策文件的文号（如黑人社规〔2022〕5号）', 'Give the document number (文号), e.g. 黑人社规〔2022〕5号'));
  }
}

/**
 * Every reason the plan cannot be published, in the order of the plan's sections; empty when it
 * is complete and consistent.
 */
export function validatePlan(content: PlanContent, context: PlanValidationContext): PlanIssue[] {
  const issues: PlanIssue[] = [];
  validateScope(content, context, issues);
  validateEligibility(content, context, issues);
  validateEvaluation(content, issues);
  validateOrganisation(content, context, issues);
  validateCommittee(content, context, issues);
  validateQuotas(content, context, issues);
  const dates = validateTimetable(content, context, issues);
  validatePublicity(content, context, dates, issues);
  if (blank(content.contact.name)) issues.push(issue('contact.name', 'REQUIRED', '请填写联系人', 'The contact person is required'));
  if (blank(content.contact.phone)) issues.push(issue('contact.phone', 'REQUIRED', '请填写联系电话', 'The contact telephone is required'));
  return issues;
}

// ---------------------------------------------------------------------------------------- diff

/** One field that differs between two versions, with its label and both values as the page shows them. */
export interface PlanChange {
  path: string;
  label: LocalizedText;
  before: string | null;
  after: string | null;
}

type Flat = Map<string, { label: LocalizedText; value: string | null }>;

const text = (value: string | number | boolean | null | undefined): string | null => {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value ? '是' : '否';
  return String(value);
};

function put(flat: Flat, path: string, zh: string, en: string, value: string | number | boolean | null | undefined) {
  flat.set(path, { label: { 'zh-CN': zh, en }, value: text(value) });
}

const AGGREGATION_NAMES: Record<Aggregation, string> = { mean: '算术平均', 'trimmed-mean': '去掉最高分和最低分后平均' };
const FORM_NAMES: Record<OrganisationForm, string> = { 'own-body': '本企业考评机构', 'commissioned-industry': '委托行业组织' };

/** The plan as a flat list of labelled values; arrays are keyed by what identifies an element (code). */
function flatten(content: PlanContent, names: PlanNames): Flat {
  const flat: Flat = new Map();
  put(flat, 'title', '方案名称', 'Title', content.title);
  put(flat, 'preamble', '总体要求', 'General requirements', content.preamble);
  for (const code of content.occupations) {
    put(flat, `occupations.${code}`, `实施范围：${code}`, `Scope: ${code}`, names.occupations[code] ? `${code} ${names.occupations[code]}` : code);
  }
  put(flat, 'eligibility.cutoffDate', '条件计算截止日期', 'Cut-off date', content.eligibility.cutoffDate);
  put(flat, 'eligibility.minYearsInPost', '高级技师岗位最低工作年限', 'Minimum years in post', content.eligibility.minYearsInPost);
  put(flat, 'eligibility.minYearsPolicyDocument', '年限依据的政策文件', 'Policy document for the years', content.eligibility.minYearsPolicyDocument);
  put(flat, 'eligibility.additionalConditions', '企业补充条件', 'Additional conditions', content.eligibility.additionalConditions);
  put(flat, 'evaluation.method', '评价方式', 'Evaluation method', content.evaluation.method);
  put(flat, 'evaluation.aggregation', '评分汇总方式', 'Aggregation', content.evaluation.aggregation ? AGGREGATION_NAMES[content.evaluation.aggregation] : null);
  for (const dimension of content.evaluation.dimensions) {
    put(flat, `evaluation.dimensions.${dimension.code}`, `评分维度：${dimension.name}`, `Dimension: ${dimension.code}`, `${dimension.name} 权重${dimension.weight}`);
  }
  put(flat, 'organisation.form', '组织形式', 'Organisation form', content.organisation.form ? FORM_NAMES[content.organisation.form] : null);
  put(
    flat,
    'organisation.evaluationBodyId',
    '考评机构',
    'Evaluation body',
    content.organisation.evaluationBodyId ? (names.evaluationBody ?? content.organisation.evaluationBodyId) : null,
  );
  put(flat, 'committee.size', '评审委员会人数', 'Committee size', content.committee.size);
  put(flat, 'committee.minimumSize', '评审委员会最少人数', 'Least committee size', content.committee.minimumSize);
  put(flat, 'committee.oddSize', '人数为单数', 'Odd number of members', content.committee.oddSize);
  put(flat, 'committee.quorum', '出席人数比例', 'Quorum', formatFraction(content.committee.quorum));
  put(flat, 'committee.voteThreshold', '同意票比例', 'Vote threshold', formatFraction(content.committee.voteThreshold));
  put(flat, 'committee.secretBallot', '无记名投票', 'Secret ballot', content.committee.secretBallot);
  for (const quota of content.quotas) {
    const parts = [
      quota.maxCount !== null ? `不超过${quota.maxCount}人` : null,
      quota.ratioPercent !== null ? `不超过高级技师人数的${quota.ratioPercent}%` : null,
      quota.seniorTechnicianCount !== null ? `（高级技师${quota.seniorTechnicianCount}人）` : null,
    ].filter(Boolean);
    put(flat, `quotas.${quota.occupationCode}`, `结构比例：${quota.occupationCode}`, `Quota: ${quota.occupationCode}`, parts.join('，'));
  }
  for (const field of TIMETABLE_FIELDS) put(flat, `timetable.${field.key}`, field.zh, field.en, content.timetable[field.key]);
  put(flat, 'publicity.workingDays', '公示期（工作日）', 'Public notice (working days)', content.publicity.workingDays);
  put(flat, 'publicity.scope', '公示范围', 'Public notice scope', content.publicity.scope);
  if (content.publicity.reReviewNotice) {
    put(flat, 'publicity.reReviewNotice.required', '复核确认名单发证前公示', 'Re-review list noticed before issuance', content.publicity.reReviewNotice.required);
    put(flat, 'publicity.reReviewNotice.policyDocument', '不公示所依据的政策文件', 'Policy document for no notice', content.publicity.reReviewNotice.policyDocument);
    put(flat, 'publicity.reReviewNotice.policyNumber', '不公示所依据的文号', 'Its document number', content.publicity.reReviewNotice.policyNumber);
  }
  put(flat, 'contact.name', '联系人', 'Contact', content.contact.name);
  put(flat, 'contact.phone', '联系电话', 'Telephone', content.contact.phone);
  put(flat, 'otherProvisions', '其他事项', 'Other provisions', content.otherProvisions);
  return flat;
}

/** Display names the diff uses for codes and ids. */
export interface PlanNames {
  occupations: Record<string, string>;
  evaluationBody?: string | null;
}

/** Every field that differs between two versions of a plan, in the order of the plan's sections. */
export function diffPlanContent(before: PlanContent, after: PlanContent, names: PlanNames = { occupations: {} }, afterNames: PlanNames = names): PlanChange[] {
  const a = flatten(before, names);
  const b = flatten(after, afterNames);
  const changes: PlanChange[] = [];
  // The later version's order, with fields that only the earlier one has kept after their neighbour.
  const paths: string[] = [...b.keys()];
  let anchor = -1;
  for (const path of a.keys()) {
    const at = paths.indexOf(path);
    if (at >= 0) {
      anchor = at;
      continue;
    }
    paths.splice(anchor + 1, 0, path);
    anchor += 1;
  }
  for (const path of paths) {
    const left = a.get(path);
    const right = b.get(path);
    const beforeValue = left?.value ?? null;
    const afterValue = right?.value ?? null;
    if (beforeValue === afterValue) continue;
    changes.push({ path, label: (right ?? left)!.label, before: beforeValue, after: afterValue });
  }
  return changes;
}
