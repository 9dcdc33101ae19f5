import { z } from 'zod';
import { EVALUATION_MODELS } from '../../domain/jurisdiction-rules.ts';
import { AGE_BANDS, FOLLOW_UP_KINDS } from '../../domain/statistics-rules.ts';

const localized = z.object({ 'zh-CN': z.string(), en: z.string() });

export const DashboardQuerySchema = z
  .object({
    /** The pilot year (default: this year in China's calendar). */
    year: z.coerce.number().int().min(2021).max(2100).optional(),
    /** Drill down to an organisation in the caller's scope (default: the caller's own). */
    organisationId: z.uuid().optional(),
  })
  .strict();
export type DashboardQuery = z.infer<typeof DashboardQuerySchema>;

/** The figures kept for every unit, enterprise and in total. */
export const MetricsSchema = z.object({
  /**
   * 参与评聘企业: enterprises that take part in the year, each once at its own place: under the
   * ministry-filing model those listed in an accepted pilot application or below a listed group;
   * under the others those whose covering plan (their own, else their nearest group's) is published.
   */
  pilotEnterprises: z.number().int(),
  plansPublished: z.number().int(),
  plansFiled: z.number().int(),
  applications: z.number().int(),
  eligible: z.number().int(),
  reviewed: z.number().int(),
  inNotice: z.number().int(),
  confirmed: z.number().int(),
  certified: z.number().int(),
  appointed: z.number().int(),
  reported: z.number().int(),
  revoked: z.number().int(),
  objections: z.number().int(),
  upheldObjections: z.number().int(),
  bans: z.number().int(),
  exits: z.number().int(),
});
export type Metrics = z.infer<typeof MetricsSchema>;

export const UnitRowSchema = MetricsSchema.extend({
  organisationId: z.uuid(),
  name: z.string(),
  kind: z.string(),
  /** The scope organisation's own records (not those of an organisation below it). */
  own: z.boolean(),
});

export const EnterpriseRowSchema = MetricsSchema.extend({
  organisationId: z.uuid(),
  name: z.string(),
  departmentName: z.string().nullable(),
  /** The model that applies to the enterprise in the year. */
  model: z.enum(EVALUATION_MODELS),
  /** The pilot listing that covers it (ministry-filing model; `none`: not listed); `not-required` under the others. */
  pilotStatus: z.enum(['submitted', 'accepted', 'none', 'not-required']),
  /**
   * The group it takes part under, when not on its own: the enterprise whose plan covers it (or,
   * under the ministry-filing model, whose pilot listing does). Its plan status is that plan's.
   */
  coveredBy: z.object({ organisationId: z.uuid(), name: z.string() }).nullable(),
  planStatus: z.enum(['none', 'draft', 'published', 'closed']),
  planVersion: z.number().int(),
  planFiledAt: z.string().nullable(),
  planFilingStatus: z.enum(['submitted', 'accepted', 'returned']).nullable(),
  followUp: z.enum(['overdue', 'at-risk']).nullable(),
});

const countRow = { applications: z.number().int(), eligible: z.number().int(), confirmed: z.number().int(), certified: z.number().int() };
export const OccupationRowSchema = z.object({ code: z.string().nullable(), name: z.string().nullable(), ...countRow });
export const IndustryRowSchema = z.object({ group: z.string().nullable(), name: localized, ...countRow });
export const AgeRowSchema = z.object({ band: z.enum(AGE_BANDS), applications: z.number().int(), certified: z.number().int() });
export const GenderRowSchema = z.object({ gender: z.enum(['male', 'female', 'unknown']), applications: z.number().int(), certified: z.number().int() });

export const QuotaRowSchema = z.object({
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  occupationCode: z.string(),
  occupationName: z.string().nullable(),
  /** 高级技师 in the occupation: the plan's figure, else the register's count. */
  seniorTechnicians: z.number().int(),
  seniorTechniciansSource: z.enum(['plan', 'register']),
  maxCount: z.number().nullable(),
  ratioPercent: z.number().nullable(),
  /** The most the quota allows (quotaCap), null when it sets neither figure. */
  cap: z.number().int().nullable(),
  recommended: z.number().int(),
  principalTechnicians: z.number().int(),
  /** 特级技师 per 高级技师, in per cent (null without 高级技师). */
  ratio: z.number().nullable(),
  overQuota: z.boolean(),
});

export const FollowUpRowSchema = z.object({
  kind: z.enum(FOLLOW_UP_KINDS),
  severity: z.enum(['overdue', 'at-risk']),
  /** Null for what concerns the whole system (a missing holiday calendar). */
  organisationId: z.uuid().nullable(),
  organisationName: z.string(),
  dueDate: z.string(),
  daysLeft: z.number().int(),
});

export const DashboardSchema = z.object({
  year: z.number().int(),
  today: z.string(),
  /** The model that applies in the organisation's own jurisdiction, and its filing deadline (null when none). */
  model: z.enum(EVALUATION_MODELS),
  modelName: localized,
  deadline: z.string().nullable(),
  organisation: z.object({ id: z.uuid(), name: z.string(), kind: z.string(), parentId: z.uuid().nullable() }),
  /** The organisations between the caller's own and this one, for the breadcrumb. */
  trail: z.array(z.object({ id: z.uuid(), name: z.string() })),
  totals: MetricsSchema,
  units: z.array(UnitRowSchema),
  enterprises: z.array(EnterpriseRowSchema),
  occupations: z.array(OccupationRowSchema),
  industries: z.array(IndustryRowSchema),
  ages: z.array(AgeRowSchema),
  genders: z.array(GenderRowSchema),
  quotas: z.array(QuotaRowSchema),
  followUps: z.array(FollowUpRowSchema),
  /**
   * 暂停评审 running today (申报单位弄虚作假, 六(四)) over this organisation or below it, or covering it:
   * the department sees whom it suspended, the enterprise that it is suspended.
   */
  suspensions: z.array(
    z.object({ id: z.uuid(), enterpriseId: z.uuid(), enterpriseName: z.string(), fromDate: z.string(), untilDate: z.string(), findings: z.string(), decidedByName: z.string() }),
  ),
  /** Published plans that depart from the notice's defaults under a provincial document (issue 19). */
  deviations: z.array(
    z.object({
      planId: z.uuid(),
      planTitle: z.string().nullable(),
      enterpriseId: z.uuid(),
      enterpriseName: z.string(),
      year: z.number().int(),
      deviations: z.array(z.object({ code: z.string(), value: z.number(), noticeValue: z.number(), document: z.string().nullable(), documentNumber: z.string().nullable(), message: z.object({ 'zh-CN': z.string(), en: z.string() }) })),
    }),
  ),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

export const STATISTICS_TABLES = ['units', 'enterprises', 'occupations', 'industries', 'ages', 'genders', 'quotas', 'followUps'] as const;
export type StatisticsTable = (typeof STATISTICS_TABLES)[number];

export const ExportQuerySchema = DashboardQuerySchema.extend({ table: z.enum(STATISTICS_TABLES) }).strict();
export type ExportQuery = z.infer<typeof ExportQuerySchema>;
