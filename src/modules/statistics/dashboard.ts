// 监督管理与统计: the dashboard of one organisation (the caller's own, or one below it it drills down
// to) for one pilot year: where each pilot enterprise stands, the counts by unit, occupation,
// industry, age and gender, the structure ratio against each quota, the supervision figures, and
// what is overdue or at risk.
import { eq, inArray, or } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { organisations } from '../../db/schema.ts';
import { quotaCap } from '../../domain/plan-rules.ts';
import { EVALUATION_MODEL_NAMES } from '../../domain/jurisdiction-rules.ts';
import { calendarMissingFollowUp, occupationMajorGroupName, pilotApplicationFollowUp, pilotProgressFollowUp, planProgressFollowUp } from '../../domain/statistics-rules.ts';
import { heldCalendarYears } from '../../platform/calendar-store.ts';
import type { RequestContext } from '../../platform/context.ts';
import { assertPermission } from '../../platform/policy.ts';
import { runningSuspensionsAround } from '../bans/suspensions.ts';
import { findOrganisationInScope } from '../organisations/service.ts';
import { effectiveSettingFor } from '../pilots/service.ts';
import {
  breakdowns,
  emptyMetrics,
  metricsBy,
  pendingPilotApplications,
  pilotEnterprises,
  quotaFigures,
  sumMetrics,
  unitGrouping,
  type PilotEnterprise,
  type Scope,
} from './figures.ts';
import type { Dashboard, DashboardQuery, StatisticsTable } from './schemas.ts';
import { planDeviationsIn } from './deviations.ts';

export interface DashboardOptions {
  /** Only this table is wanted (an export): the statements the others need are not run, and they come back empty. */
  only?: StatisticsTable;
}

/** The tables each group of statements serves. */
const NEEDED_BY = {
  metrics: ['units', 'enterprises', 'followUps'],
  pilots: ['enterprises', 'followUps'],
  pending: ['followUps'],
  breakdowns: ['occupations', 'industries', 'ages', 'genders'],
  quotas: ['quotas'],
} as const satisfies Record<string, readonly StatisticsTable[]>;

type FollowUpRow = Dashboard['followUps'][number];

/** The "unit" of what concerns every organisation (the holiday calendars), as the table and the export name it. */
export const WHOLE_SYSTEM = '全系统（节假日日历）';

export async function loadDashboard(db: Database, context: RequestContext, query: DashboardQuery, options: DashboardOptions = {}): Promise<Dashboard> {
  assertPermission(context.actor, 'statistics:read');
  const organisation = await findOrganisationInScope(db, context, query.organisationId ?? context.actor.organisationId);
  const today = context.clock.today();
  const year = query.year ?? Number(today.slice(0, 4));
  const scope: Scope = { path: organisation.path, year };

  const needs = (part: keyof typeof NEEDED_BY) => !options.only || (NEEDED_BY[part] as readonly StatisticsTable[]).includes(options.only);
  // The holiday calendar concerns the year that is running and the next: not a past year's dashboard.
  const concernsCalendars = needs('pending') && year >= Number(today.slice(0, 4));
  // The organisations that name the units (the scope's children: a unit key is the id just below
  // the scope on a record's path; '' is the scope organisation's own records) and the trail, read
  // with the figures rather than after them.
  const trailIds = organisation.path.split('/').filter(Boolean);
  const ownDepth = context.actor.organisationPath.split('/').filter(Boolean).length;
  const [setting, [unitMetrics, enterpriseMetrics], enterprises, pending, { occupations, ages, genders }, quotas, calendarYears, named, suspensions, deviations] = await Promise.all([
    effectiveSettingFor(db, organisation.path, year),
    needs('metrics') ? metricsBy(db, scope, [unitGrouping(organisation.path), { by: 'enterprise' }]) : [new Map(), new Map()],
    needs('pilots') ? pilotEnterprises(db, scope) : [],
    needs('pending') ? pendingPilotApplications(db, scope) : [],
    needs('breakdowns') ? breakdowns(db, scope) : { occupations: [], ages: [], genders: [] },
    needs('quotas') ? quotaFigures(db, scope) : [],
    concernsCalendars ? heldCalendarYears(db) : null,
    db
      .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
      .from(organisations)
      .where(or(eq(organisations.parentId, organisation.id), inArray(organisations.id, trailIds))),
    runningSuspensionsAround(db, organisation.path, today),
    !options.only ? planDeviationsIn(db, scope) : [],
  ]);

  const byId = new Map(named.map((row) => [row.id, row]));

  const units = [...unitMetrics.entries()]
    .map(([key, metrics]) => {
      const own = key === '';
      const unit = own ? { id: organisation.id, name: organisation.name, kind: organisation.kind } : byId.get(key);
      return unit ? { organisationId: unit.id, name: unit.name, kind: unit.kind, own, ...metrics } : null;
    })
    .filter((row) => row !== null)
    .sort((a, b) => Number(b.own) - Number(a.own) || b.applications - a.applications || b.pilotEnterprises - a.pilotEnterprises || a.name.localeCompare(b.name, 'zh-CN'));

  // Follow-ups follow each one's model: a pilot application is due only under the ministry-filing
  // model, by its own jurisdiction's deadline; enterprises are followed against the year's end
  // under that model (as in 2021), against their own plan's dates under the others.
  const followUps: FollowUpRow[] = [];
  const calendarFollowUp = calendarYears ? calendarMissingFollowUp(today, calendarYears) : null;
  if (calendarFollowUp) followUps.push({ ...calendarFollowUp, organisationId: null, organisationName: WHOLE_SYSTEM });
  for (const application of pending) {
    const own = await effectiveSettingFor(db, application.department_path, year);
    const found = own.model === 'ministry-pilot-filing' && own.deadline ? pilotApplicationFollowUp(today, own.deadline, application.status) : null;
    if (found) followUps.push({ ...found, organisationId: application.department_id, organisationName: application.department_name });
  }
  // The enterprises table: every enterprise under way (listed, or covered by a plan of the year)
  // and every one with figures of the year, each with the metrics of its own records (the same keys
  // as the units table, so the rows add up to the totals). A follow-up concerns the plan, or the
  // pilot listing, and is listed once, on the row of the enterprise that holds it: a subsidiary
  // under its group's plan reads its group's plan status and is not followed up on its own.
  const shown = enterprises.filter((enterprise) => enterprise.underWay || enterpriseMetrics.has(enterprise.id));
  // The enterprises each plan covers, and the enterprises at or below each enterprise (its pilot),
  // looked up rather than searched for each row: 3,000 enterprises nationally.
  const coveredByPlan = new Map<string, PilotEnterprise[]>();
  const atOrBelow = new Map<string, PilotEnterprise[]>();
  for (const other of enterprises) {
    if (other.planId) coveredByPlan.set(other.planId, [...(coveredByPlan.get(other.planId) ?? []), other]);
    for (const id of other.path.split('/').filter(Boolean)) {
      const list = atOrBelow.get(id);
      if (list) list.push(other);
      else atOrBelow.set(id, [other]);
    }
  }
  const metricsOf = (id: string) => enterpriseMetrics.get(id) ?? emptyMetrics();
  const published = (status: string) => status === 'published' || status === 'closed';
  const enterpriseRows = [];
  for (const enterprise of shown) {
    const metrics = metricsOf(enterprise.id);
    let found: ReturnType<typeof planProgressFollowUp> = null;
    if (enterprise.model === 'ministry-pilot-filing') {
      // The pilot of a listed enterprise is it and the enterprises below it: its plan is published
      // when a plan covering it or one of them is, and it is complete once any of them issued.
      if (enterprise.listedId === enterprise.id && enterprise.accepted) {
        const pilot = atOrBelow.get(enterprise.id) ?? [];
        found = pilotProgressFollowUp(today, {
          year,
          planPublished: pilot.some((other) => published(other.planStatus)),
          certificates: pilot.reduce((sum, other) => sum + metricsOf(other.id).certified, 0),
          issuanceDate: enterprise.issuanceDate,
        });
      }
    } else if (enterprise.planEnterpriseId === enterprise.id) {
      // Certificates under the plan: those of every enterprise the plan covers.
      const covered = enterprise.planId ? (coveredByPlan.get(enterprise.planId) ?? []) : [];
      const filingRequired = enterprise.model === 'provincial-plan-filing';
      found = planProgressFollowUp(today, {
        planPublished: published(enterprise.planStatus),
        applicationFrom: enterprise.applicationFrom,
        filingRequired,
        filingAccepted: enterprise.planFilingStatus === 'accepted' && enterprise.planFilingCurrent,
        filingDue: (filingRequired ? enterprise.modelDeadline : null) ?? enterprise.reviewFrom,
        certificates: covered.reduce((sum, other) => sum + metricsOf(other.id).certified, 0),
        issuanceDate: enterprise.issuanceDate,
      });
    }
    if (found) followUps.push({ ...found, organisationId: enterprise.id, organisationName: enterprise.name });
    const coveredBy =
      enterprise.model === 'ministry-pilot-filing'
        ? enterprise.listedId && enterprise.listedId !== enterprise.id
          ? { organisationId: enterprise.listedId, name: enterprise.listedName ?? '' }
          : null
        : enterprise.planEnterpriseId && enterprise.planEnterpriseId !== enterprise.id
          ? { organisationId: enterprise.planEnterpriseId, name: enterprise.planEnterpriseName ?? '' }
          : null;
    enterpriseRows.push({
      organisationId: enterprise.id,
      name: enterprise.name,
      departmentName: enterprise.departmentName,
      model: enterprise.model,
      pilotStatus: enterprise.model !== 'ministry-pilot-filing' ? ('not-required' as const) : enterprise.accepted ? ('accepted' as const) : enterprise.accepted === false ? ('submitted' as const) : ('none' as const),
      coveredBy,
      planStatus: enterprise.planStatus,
      planVersion: enterprise.planVersion,
      planFiledAt: enterprise.planFiledAt?.toISOString() ?? null,
      planFilingStatus: enterprise.planFilingStatus,
      followUp: found?.severity ?? null,
      ...metrics,
      // 参与评聘企业 from the same coverage as the totals: an enterprise counts itself once.
      pilotEnterprises: enterprise.participating ? 1 : 0,
    });
  }
  followUps.sort((a, b) => a.daysLeft - b.daysLeft || a.organisationName.localeCompare(b.organisationName, 'zh-CN'));

  const industries = new Map<string | null, { applications: number; eligible: number; confirmed: number; certified: number }>();
  for (const row of occupations) {
    const group = row.code ? row.code.slice(0, 1) : null;
    const entry = industries.get(group) ?? { applications: 0, eligible: 0, confirmed: 0, certified: 0 };
    entry.applications += row.applications;
    entry.eligible += row.eligible;
    entry.confirmed += row.confirmed;
    entry.certified += row.certified;
    industries.set(group, entry);
  }

  return {
    year,
    today,
    model: setting.model,
    modelName: EVALUATION_MODEL_NAMES[setting.model],
    deadline: setting.deadline,
    deviations,
    organisation: { id: organisation.id, name: organisation.name, kind: organisation.kind, parentId: organisation.parentId },
    trail: trailIds.slice(ownDepth - 1).map((id) => ({ id, name: byId.get(id)?.name ?? '' })),
    totals: sumMetrics(unitMetrics.values()),
    units,
    enterprises: enterpriseRows,
    occupations,
    industries: [...industries.entries()]
      .map(([group, counts]) => ({ group, name: occupationMajorGroupName(group), ...counts }))
      .sort((a, b) => String(a.group ?? '9').localeCompare(String(b.group ?? '9'))),
    ages,
    genders,
    quotas: quotas.map((quota) => {
      const fromPlan = quota.planSeniorTechnicians !== null;
      const seniorTechnicians = fromPlan ? quota.planSeniorTechnicians! : quota.registerSeniorTechnicians;
      const cap = quotaCap({ maxCount: quota.maxCount, ratioPercent: quota.ratioPercent, seniorTechnicianCount: seniorTechnicians });
      return {
        enterpriseId: quota.enterpriseId,
        enterpriseName: quota.enterpriseName,
        occupationCode: quota.occupationCode,
        occupationName: quota.occupationName,
        seniorTechnicians,
        seniorTechniciansSource: fromPlan ? ('plan' as const) : ('register' as const),
        maxCount: quota.maxCount,
        ratioPercent: quota.ratioPercent,
        cap,
        recommended: quota.recommended,
        principalTechnicians: quota.principalTechnicians,
        ratio: seniorTechnicians > 0 ? Math.round((quota.principalTechnicians / seniorTechnicians) * 10_000) / 100 : null,
        overQuota: cap !== null && quota.principalTechnicians > cap,
      };
    }),
    followUps,
    suspensions: suspensions.map((row) => ({ id: row.id, enterpriseId: row.enterpriseId, enterpriseName: row.enterpriseName, fromDate: row.fromDate, untilDate: row.untilDate, findings: row.findings, decidedByName: row.decidedByName })),
  };
}
