// An application (申报) for 特级技师 under a work plan: what it holds, what a complete one is
// (section 三: every condition backed by evidence, the health statement and the integrity pledge),
// how it feeds the eligibility rules, and how HR's review of each condition decides the outcome.
// Pure: no I/O.

import { isCalendarDate, type CalendarDate } from './calendar-date.ts';
import {
  ACHIEVEMENT_IDS,
  ACHIEVEMENT_NAMES,
  BASIC_CONDITION_IDS,
  isFactCondition,
  outcomeOf,
  type ConditionState,
  type EligibilityOutcome,
  PRIORITY_CONDITION_IDS,
  PRIORITY_CONDITION_NAMES,
  type AchievementId,
  type BasicConditionId,
  type EligibilityApplicant,
  type EligibilityResult,
  type PriorityConditionId,
  type QualificationKind,
} from './eligibility.ts';
import type { LocalizedText } from './errors.ts';
import type { Gender } from './identity.ts';

/** An uploaded file that backs a statement: its id (/api/v1/files) and name. */
export interface EvidenceRef {
  fileId: string;
  name: string;
}

export interface PostHistoryEntry {
  from: CalendarDate | null;
  to: CalendarDate | null;
  unit: string | null;
  post: string | null;
}

export interface Apprentice {
  name: string;
  /** The level the apprentice reached, e.g. 高级技师, 技师. */
  levelReached: string;
}

export interface AchievementEntry {
  kind: AchievementId;
  title: string | null;
  description: string | null;
  /** For technology transfer and innovation: the measurable benefit (e.g. 年节约成本120万元). */
  benefit: string | null;
  /** For mentoring: the apprentices and the levels they reached. */
  apprentices: Apprentice[];
  evidence: EvidenceRef[];
}

export interface HonourEntry {
  id: PriorityConditionId;
  awardedOn: CalendarDate | null;
  issuer: string | null;
  /** 证书编号 of the award, when it has one: compared across applicants (evidence-claims.ts). */
  certificateNumber: string | null;
  evidence: EvidenceRef[];
}

/** What an applicant states; the ID number is kept apart, encrypted. */
export interface ApplicationContent {
  identity: {
    name: string | null;
    gender: Gender | null;
    birthDate: CalendarDate | null;
    department: string | null;
    phone: string | null;
  };
  qualification: {
    kind: QualificationKind | null;
    certificateNumber: string | null;
    /** The level the certificate states: 1 is 高级技师 (一级). */
    level: number | null;
    /** 发证机构, as the certificate names it. */
    issuer: string | null;
    issuedOn: CalendarDate | null;
    evidence: EvidenceRef[];
  };
  occupationCode: string | null;
  stillInOccupation: boolean | null;
  post: {
    since: CalendarDate | null;
    /** The current post (岗位), from the register: with the department it shows HR whether the work is front-line. */
    title: string | null;
    history: PostHistoryEntry[];
    evidence: EvidenceRef[];
  };
  achievements: AchievementEntry[];
  honours: HonourEntry[];
  conduct: { pledge: boolean; disciplinaryRecord: boolean };
  health: { fit: boolean | null; evidence: EvidenceRef[] };
  /** 诚信承诺: the material is true; fraud bars the applicant for five years (六(四)). */
  integrity: { pledge: boolean; evidence: EvidenceRef[] };
}

export function emptyApplicationContent(): ApplicationContent {
  return {
    identity: { name: null, gender: null, birthDate: null, department: null, phone: null },
    qualification: { kind: null, certificateNumber: null, level: 1, issuer: null, issuedOn: null, evidence: [] },
    occupationCode: null,
    stillInOccupation: null,
    post: { since: null, title: null, history: [], evidence: [] },
    achievements: [],
    honours: [],
    conduct: { pledge: false, disciplinaryRecord: false },
    health: { fit: null, evidence: [] },
    integrity: { pledge: false, evidence: [] },
  };
}

/**
 * A stored content as it is today: fields added since it was written take their defaults (an
 * application saved before levels and issuers were asked stated a 高级技师 certificate).
 */
export function normaliseApplicationContent(content: ApplicationContent): ApplicationContent {
  const qualification = content.qualification as Partial<ApplicationContent['qualification']>;
  const post = content.post as Partial<ApplicationContent['post']>;
  return {
    ...content,
    qualification: { ...content.qualification, level: qualification.level ?? 1, issuer: qualification.issuer ?? null },
    post: { ...content.post, title: post.title ?? null },
    honours: (content.honours ?? []).map((entry) => ({ ...entry, certificateNumber: (entry as Partial<HonourEntry>).certificateNumber ?? null })),
  };
}

/**
 * Which statements need an uploaded document: the plan decides (工作方案), with these defaults.
 * The notice asks for the qualification and the achievements to be shown; a health report, a
 * scanned pledge or a 聘书 for the post (which many enterprises never issued) only where the plan
 * asks for them.
 */
export interface EvidenceRequirements {
  qualification: boolean;
  post: boolean;
  achievements: boolean;
  honours: boolean;
  health: boolean;
  integrity: boolean;
}

export const DEFAULT_EVIDENCE_REQUIREMENTS: Readonly<EvidenceRequirements> = {
  qualification: true,
  post: false,
  achievements: true,
  honours: true,
  health: false,
  integrity: false,
};

export function evidenceRequirementsOf(stored: Partial<EvidenceRequirements> | null | undefined): EvidenceRequirements {
  return { ...DEFAULT_EVIDENCE_REQUIREMENTS, ...(stored ?? {}) };
}

/** Every file the content refers to. */
export function evidenceFileIds(content: ApplicationContent): string[] {
  const ids = [
    ...content.qualification.evidence,
    ...content.post.evidence,
    ...content.achievements.flatMap((entry) => entry.evidence),
    ...content.honours.flatMap((entry) => entry.evidence),
    ...content.health.evidence,
    ...content.integrity.evidence,
  ].map((ref) => ref.fileId);
  return [...new Set(ids)];
}

export interface ApplicationIssue {
  path: string;
  code: string;
  message: LocalizedText;
}

const blank = (value: string | null | undefined) => value === null || value === undefined || value.trim() === '';

/**
 * Every reason the application cannot be submitted yet, in the order of the form. Drafts may be
 * incomplete; a submission must be complete: each statement backed by evidence.
 */
export function applicationIssues(content: ApplicationContent, today: CalendarDate, required: EvidenceRequirements = DEFAULT_EVIDENCE_REQUIREMENTS): ApplicationIssue[] {
  const issues: ApplicationIssue[] = [];
  const add = (path: string, code: string, zh: string, en: string) => issues.push({ path, code, message: { 'zh-CN': zh, en } });
  const requireEvidence = (section: keyof EvidenceRequirements, path: string, evidence: EvidenceRef[], zh: string, en: string) => {
    if (required[section] && !evidence.length) add(path, 'EVIDENCE_REQUIRED', `请上传${zh}的证明材料`, `Upload evidence for ${en}`);
  };
  const requireDate = (path: string, value: CalendarDate | null, zh: string, en: string) => {
    if (blank(value)) add(path, 'REQUIRED', `请填写${zh}`, `The ${en} is required`);
    else if (!isCalendarDate(value)) add(path, 'DATE_INVALID', `${zh}不是有效日期`, `The ${en} is not a real date`);
    else if (value! > today) add(path, 'DATE_IN_FUTURE', `${zh}不能晚于今天`, `The ${en} cannot lie after today`);
  };

  if (blank(content.identity.name)) add('identity.name', 'REQUIRED', '请填写姓名', 'The name is required');
  if (!content.identity.gender) add('identity.gender', 'REQUIRED', '请选择性别', 'The gender is required');
  requireDate('identity.birthDate', content.identity.birthDate, '出生日期', 'birth date');
  if (blank(content.identity.phone)) add('identity.phone', 'REQUIRED', '请填写联系电话', 'A phone number is required');

  if (!content.qualification.kind) add('qualification.kind', 'REQUIRED', '请选择证书类别', 'The kind of certificate is required');
  if (blank(content.qualification.certificateNumber)) add('qualification.certificateNumber', 'REQUIRED', '请填写高级技师证书编号', 'The certificate number is required');
  if (content.qualification.level === null) add('qualification.level', 'REQUIRED', '请选择证书所载等级', 'The level on the certificate is required');
  requireDate('qualification.issuedOn', content.qualification.issuedOn, '取证日期', 'date of issue');
  requireEvidence('qualification', 'qualification.evidence', content.qualification.evidence, '高级技师证书', 'the Senior Technician certificate');

  if (blank(content.occupationCode)) add('occupationCode', 'REQUIRED', '请选择申报的职业（工种）', 'The occupation is required');
  if (content.stillInOccupation === null) add('stillInOccupation', 'REQUIRED', '请说明是否仍在本职业（工种）岗位工作', 'State whether you still work in the occupation');

  requireDate('post.since', content.post.since, '聘任高级技师岗位起始日期', 'start of the Senior Technician post');
  content.post.history.forEach((entry, index) => {
    if (blank(entry.unit) || blank(entry.post) || blank(entry.from)) {
      add(`post.history.${index}`, 'INCOMPLETE', `岗位经历第${index + 1}条不完整（单位、岗位、起始日期）`, `Post history entry ${index + 1} is incomplete (unit, post, start)`);
    } else if (entry.to && entry.from && entry.to < entry.from) {
      add(`post.history.${index}.to`, 'DATE_ORDER', `岗位经历第${index + 1}条的结束日期早于起始日期`, `Post history entry ${index + 1} ends before it starts`);
    }
  });
  requireEvidence('post', 'post.evidence', content.post.evidence, '高级技师岗位聘任（聘书或聘任文件）', 'the Senior Technician post (letter of appointment)');

  if (!content.achievements.length) {
    add('achievements', 'REQUIRED', `请至少填写一项业绩：${ACHIEVEMENT_IDS.map((id) => ACHIEVEMENT_NAMES[id]['zh-CN']).join('、')}`, 'Give at least one performance achievement');
  }
  content.achievements.forEach((entry, index) => {
    const base = `achievements.${index}`;
    const name = ACHIEVEMENT_NAMES[entry.kind];
    if (blank(entry.title)) add(`${base}.title`, 'REQUIRED', `业绩第${index + 1}项（${name['zh-CN']}）请填写名称`, `Achievement ${index + 1} needs a title`);
    if (blank(entry.description)) add(`${base}.description`, 'REQUIRED', `业绩第${index + 1}项请填写具体内容`, `Achievement ${index + 1} needs a description`);
    if ((entry.kind === 'technology-transfer' || entry.kind === 'innovation') && blank(entry.benefit)) {
      add(`${base}.benefit`, 'BENEFIT_REQUIRED', `业绩第${index + 1}项（${name['zh-CN']}）请填写可计量的经济或社会效益`, `Achievement ${index + 1} (${name.en}) needs its measurable benefit`);
    }
    if (entry.kind === 'mentoring') {
      if (!entry.apprentices.length) add(`${base}.apprentices`, 'APPRENTICES_REQUIRED', `业绩第${index + 1}项（带徒传技）请列出所带徒弟及其达到的等级`, `Achievement ${index + 1} (mentoring) lists the apprentices and the levels they reached`);
      entry.apprentices.forEach((apprentice, position) => {
        if (blank(apprentice.name) || blank(apprentice.levelReached)) {
          add(`${base}.apprentices.${position}`, 'INCOMPLETE', `业绩第${index + 1}项的第${position + 1}名徒弟请填写姓名和达到的等级`, `Apprentice ${position + 1} of achievement ${index + 1} needs a name and a level`);
        }
      });
    }
    requireEvidence('achievements', `${base}.evidence`, entry.evidence, `业绩第${index + 1}项`, `achievement ${index + 1}`);
  });

  const seenHonours = new Set<string>();
  content.honours.forEach((entry, index) => {
    const base = `honours.${index}`;
    if (seenHonours.has(entry.id)) add(`${base}.id`, 'DUPLICATE', `荣誉“${PRIORITY_CONDITION_NAMES[entry.id]['zh-CN']}”重复填写`, 'The honour is listed twice');
    seenHonours.add(entry.id);
    requireDate(`${base}.awardedOn`, entry.awardedOn, '获得荣誉日期', 'date of the honour');
    requireEvidence('honours', `${base}.evidence`, entry.evidence, `荣誉“${PRIORITY_CONDITION_NAMES[entry.id]['zh-CN']}”`, `the honour "${PRIORITY_CONDITION_NAMES[entry.id].en}"`);
  });

  if (!content.conduct.pledge) add('conduct.pledge', 'PLEDGE_REQUIRED', '请承诺遵守国家法律法规和企业规章制度，具有良好的职业道德和工匠精神，爱岗敬业、甘于奉献', 'Pledge to abide by the laws and the enterprise’s rules, with good professional ethics and the craftsman spirit');
  if (content.health.fit === null) add('health.fit', 'REQUIRED', '请说明是否具有适应工作岗位需要的身体条件', 'State whether you are physically fit for the needs of the post');
  requireEvidence('health', 'health.evidence', content.health.evidence, '身体条件（体检报告）', 'physical fitness (a medical report)');
  if (!content.integrity.pledge) add('integrity.pledge', 'PLEDGE_REQUIRED', '请签署诚信承诺：所填信息和材料真实有效，如有弄虚作假，五年内不得申报', 'Sign the integrity pledge');
  requireEvidence('integrity', 'integrity.evidence', content.integrity.evidence, '签字的诚信承诺书', 'the signed integrity pledge');
  return issues;
}

/** The rules core's input from a complete application. */
export function eligibilityApplicantOf(content: ApplicationContent, bannedUntil: CalendarDate | null): EligibilityApplicant {
  return {
    qualification: {
      kind: content.qualification.kind ?? 'skill-level',
      certificateNumber: content.qualification.certificateNumber,
      level: content.qualification.level ?? 1,
      issuer: content.qualification.issuer ?? null,
    },
    seniorTechnicianPostSince: content.post.since ?? '',
    occupationCode: content.occupationCode ?? '',
    stillInOccupation: content.stillInOccupation === true,
    // Front-line work is HR's to confirm from the post and the department (三's lead-in).
    frontLine: null,
    post: content.post.title ?? null,
    department: content.identity.department,
    conductPledge: content.conduct.pledge,
    disciplinaryRecord: content.conduct.disciplinaryRecord,
    achievements: [...new Set(content.achievements.map((entry) => entry.kind))],
    healthFit: content.health.fit === true,
    bannedUntil,
    honors: content.honours.map((entry) => entry.id),
  };
}

/** The rules core's result as kept with a submitted version. */
export interface StoredEligibility extends EligibilityResult {
  /** The day the rules ran and the plan's cut-off date they judged on. */
  checkedOn: CalendarDate;
  cutoffDate: CalendarDate;
  planVersion: number;
}

/**
 * HR's review of one condition: `confirmed` agrees with the rules core; `decided` settles what the
 * rules left to a person (a number to check, a disciplinary record, front-line work) or, for a
 * judgement, differs from the rules core with a written reason; `overridden` is how earlier
 * versions recorded such a judgement.
 */
export interface ConditionReview {
  conditionId: string;
  automaticMet: boolean;
  decision: 'confirmed' | 'overridden' | 'decided';
  met: boolean;
  reason: string | null;
  reviewerName: string | null;
  at: string;
}

/** A fact corrected by HR with evidence (facts are corrected, never overridden). */
export interface FactCorrection {
  conditionIds: BasicConditionId[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  note: string;
  evidence: EvidenceRef[];
  correctorName: string | null;
  at: string;
}

export interface ReviewedCondition {
  id: BasicConditionId;
  /** The rules core's state (after any correction of the facts). */
  automaticState: ConditionState;
  automaticMet: boolean;
  automaticReason: LocalizedText;
  /** The latest review made since the condition's facts were last corrected, if any. */
  review: ConditionReview | null;
  /** What counts: the review's result, or the rules core's until reviewed. */
  met: boolean;
  state: ConditionState;
  /** A fact condition whose facts HR corrected (shown to the committee and the department). */
  corrected: boolean;
}

/** The basic conditions of a version with HR's latest review of each (reviews in the order they were made). */
export function reviewedConditions(eligibility: StoredEligibility, reviews: readonly ConditionReview[], corrections: readonly FactCorrection[] = []): ReviewedCondition[] {
  return BASIC_CONDITION_IDS.map((id) => {
    const automatic = eligibility.conditions.find((condition) => condition.id === id);
    const lastCorrection = [...corrections].reverse().find((correction) => correction.conditionIds.includes(id));
    // A review of facts since corrected no longer counts: the condition is reviewed again.
    const review = [...reviews].reverse().find((candidate) => candidate.conditionId === id && (!lastCorrection || candidate.at > lastCorrection.at)) ?? null;
    const automaticState: ConditionState = automatic?.state ?? (automatic ? (automatic.met ? 'met' : 'not-met') : 'to-check');
    const automaticMet = automaticState === 'met';
    const met = review ? review.met : automaticMet;
    return {
      id,
      automaticState,
      automaticMet,
      automaticReason: automatic?.reason ?? { 'zh-CN': '尚未判断', en: 'Not judged yet' },
      review,
      met,
      state: review ? (review.met ? 'met' : 'not-met') : automaticState,
      corrected: Boolean(lastCorrection),
    };
  });
}

export interface ScreeningReadiness {
  /** Conditions HR has not reviewed yet. */
  unreviewed: BasicConditionId[];
  /** Conditions that, after review, are not met. */
  unmet: BasicConditionId[];
  outcome: EligibilityOutcome;
}

/** Whether an application may be marked eligible: every basic condition reviewed and met. */
export function screeningReadiness(conditions: readonly ReviewedCondition[]): ScreeningReadiness {
  return {
    unreviewed: conditions.filter((condition) => !condition.review).map((condition) => condition.id),
    unmet: conditions.filter((condition) => !condition.met).map((condition) => condition.id),
    outcome: outcomeOf(conditions),
  };
}

/** Why HR may not record this decision on this condition, or null when it may. */
export function reviewRefusal(
  conditionId: BasicConditionId,
  automaticState: ConditionState,
  decision: { decision: 'confirm' | 'decide' | 'override'; met?: boolean; reason?: string | null },
): { code: 'FACT_NOT_OVERRIDABLE' | 'CONDITION_TO_BE_DECIDED' | 'REASON_REQUIRED' | 'DECISION_MET_REQUIRED' } | null {
  const reason = decision.reason?.trim() ?? '';
  if (decision.decision === 'confirm') return automaticState === 'to-check' ? { code: 'CONDITION_TO_BE_DECIDED' } : null;
  const met = decision.decision === 'override' ? automaticState !== 'met' : decision.met;
  if (met === undefined) return { code: 'DECISION_MET_REQUIRED' };
  const differs = automaticState !== 'to-check' && met !== (automaticState === 'met');
  // A fact decided by data is corrected with evidence, never overridden; a number the rules cannot
  // read is HR's to check against the certificate.
  if (isFactCondition(conditionId) && (differs || decision.decision === 'override')) return { code: 'FACT_NOT_OVERRIDABLE' };
  // A judgement that differs from the rules, or a condition left to HR, is decided with a reason;
  // front-line work, read from the post and the department, needs none to be confirmed.
  const needsReason = differs || (automaticState === 'to-check' && !(conditionId === 'frontLine' && met));
  if (needsReason && reason.length < 2) return { code: 'REASON_REQUIRED' };
  return null;
}

/** The names of the basic conditions, for messages and pages. */
export const BASIC_CONDITION_NAMES: Readonly<Record<BasicConditionId, LocalizedText>> = {
  qualification: { 'zh-CN': '具有高级技师职业资格（职业技能等级）', en: 'Senior Technician qualification' },
  yearsInPost: { 'zh-CN': '在高级技师岗位工作年限', en: 'Years in a Senior Technician post' },
  occupation: { 'zh-CN': '仍在本职业（工种）岗位且在评聘范围内', en: 'Still in an occupation within the plan' },
  frontLine: { 'zh-CN': '在企业生产科研一线工作', en: 'Front-line production or research work' },
  conduct: { 'zh-CN': '遵纪守法、职业道德与工匠精神', en: 'Conduct, professional ethics and craftsmanship' },
  performance: { 'zh-CN': '业绩条件', en: 'Performance' },
  health: { 'zh-CN': '适应工作岗位需要的身体条件', en: 'Physically fit for the post' },
  notBanned: { 'zh-CN': '不在禁止申报期内', en: 'No ban on applying' },
};

export { ACHIEVEMENT_IDS, PRIORITY_CONDITION_IDS };
