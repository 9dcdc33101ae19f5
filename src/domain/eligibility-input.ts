// The input of an eligibility check (DOMAIN.md "Eligibility"): `{plan, applicant}` as zod
// schemas, shared by the CLI (`ptech eligibility check FILE`) and the API. Faults come back as
// bilingual validation issues naming the field.

import { z } from 'zod';
import { isCalendarDate } from './calendar-date.ts';
import {
  ACHIEVEMENT_IDS,
  DEFAULT_MIN_YEARS_IN_POST,
  PRIORITY_CONDITION_IDS,
  QUALIFICATION_KINDS,
  type EligibilityApplicant,
  type EligibilityPlan,
} from './eligibility.ts';
import type { ValidationIssue } from './errors.ts';

const calendarDateSchema = z.string().refine(isCalendarDate, {
  message: 'Expected a real date written YYYY-MM-DD',
  params: { 'zh-CN': '应为有效日期（格式为YYYY-MM-DD）' },
});

export const eligibilityPlanSchema = z
  .object({
    cutoffDate: calendarDateSchema,
    occupations: z.array(z.string().min(1)).min(1),
    minYearsInPost: z.number().int().min(1).max(50).optional(),
    minYearsInPostPolicyDocument: z.string().min(1).nullable().optional(),
  })
  .refine(
    (plan) =>
      plan.minYearsInPost === undefined ||
      plan.minYearsInPost === DEFAULT_MIN_YEARS_IN_POST ||
      (plan.minYearsInPostPolicyDocument ?? '') !== '',
    {
      path: ['minYearsInPostPolicyDocument'],
      message: `A plan that sets minYearsInPost other than ${DEFAULT_MIN_YEARS_IN_POST} names the policy document it relies on`,
      params: {
        'zh-CN': `工作方案将高级技师岗位工作年限设为${DEFAULT_MIN_YEARS_IN_POST}年以外的值时，须注明所依据的政策文件`,
      },
    },
  );

export const eligibilityApplicantSchema = z.object({
  qualification: z.object({
    kind: z.enum(QUALIFICATION_KINDS),
    certificateNumber: z.string().nullable().optional(),
    level: z.number().int().min(1).max(5),
    issuer: z.string().nullable().optional(),
  }),
  seniorTechnicianPostSince: calendarDateSchema,
  occupationCode: z.string().min(1),
  stillInOccupation: z.boolean(),
  /** Works in front-line production or research; absent: for HR to confirm. */
  frontLine: z.boolean().nullable().optional(),
  post: z.string().nullable().optional(),
  department: z.string().nullable().optional(),
  conductPledge: z.boolean(),
  disciplinaryRecord: z.boolean(),
  achievements: z.array(z.enum(ACHIEVEMENT_IDS)),
  healthFit: z.boolean(),
  bannedUntil: calendarDateSchema.nullable().optional(),
  honors: z.array(z.enum(PRIORITY_CONDITION_IDS)).optional(),
});

export const eligibilityInputSchema = z.object({
  plan: eligibilityPlanSchema,
  applicant: eligibilityApplicantSchema,
});

export type EligibilityInput = z.output<typeof eligibilityInputSchema>;

// Compile-time proof that the schemas produce what checkEligibility takes.
type Fits<Target, Source extends Target> = Source;
type _PlanFits = Fits<EligibilityPlan, z.output<typeof eligibilityPlanSchema>>;
type _ApplicantFits = Fits<EligibilityApplicant, z.output<typeof eligibilityApplicantSchema>>;

const TYPE_NAMES_ZH: Readonly<Record<string, string>> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值（true 或 false）',
  array: '列表',
  object: '对象',
  null: 'null',
};

function zhDescription(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if ((issue as { input?: unknown }).input === undefined) return '缺少必填项';
      return `类型应为${TYPE_NAMES_ZH[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `至少应有${String(issue.minimum)}项`
        : issue.origin === 'string'
          ? '不能为空'
          : `不得小于${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'array' ? `最多${String(issue.maximum)}项` : `不得大于${String(issue.maximum)}`;
    case 'invalid_value':
      return `应为以下之一：${issue.values.map((value) => String(value)).join('、')}`;
    case 'custom': {
      const text = issue.params?.['zh-CN'];
      return typeof text === 'string' ? text : '取值无效';
    }
    default:
      return '取值无效';
  }
}

/** Turns zod's issues into bilingual validation issues (code INPUT_INVALID, field = path). */
export function toValidationIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const where = field === '' ? { zh: '输入', en: 'input' } : { zh: field, en: field };
    return {
      code: 'INPUT_INVALID',
      ...(field === '' ? {} : { field }),
      message: { 'zh-CN': `${where.zh}：${zhDescription(issue)}`, en: `${where.en}: ${issue.message}` },
    };
  });
}

export type EligibilityInputResult =
  | { readonly valid: true; readonly input: EligibilityInput }
  | { readonly valid: false; readonly errors: readonly ValidationIssue[] };

/** Validates an eligibility input (already parsed from JSON); every fault is reported. */
export function parseEligibilityInput(value: unknown): EligibilityInputResult {
  const parsed = eligibilityInputSchema.safeParse(value, { reportInput: true });
  if (parsed.success) return { valid: true, input: parsed.data };
  return { valid: false, errors: toValidationIssues(parsed.error.issues) };
}
