// The counts behind the dashboards, each one aggregate statement (GROUP BY) over the records of one
// pilot year inside one organisation subtree (a prefix match on the materialised path, so the
// path indexes serve it). Nothing here loads the rows themselves: the statements return one row
// per group, and the same statements run on PGlite and PostgreSQL.
//
// This module only reads. It reads the other modules' tables directly, which the house rule asks
// modules not to do, because a figure that spans the whole process (pilot → plan → application →
// certificate → appointment) cannot be one statement through each module's service; the columns it
// relies on are named in each statement, so a change of those tables shows up here.
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { EvaluationModel } from '../../domain/jurisdiction-rules.ts';
import { AGE_BANDS, PRINCIPAL_TECHNICIAN_STATUSES, STATUSES_REACHING, ageBandOf, type AgeBand } from '../../domain/statistics-rules.ts';
import type { Metrics } from './schemas.ts';

export interface Scope {
  /** The organisation's materialised path: every record whose path starts with it is counted. */
  path: string;
  year: number;
}

/**
 * How records are grouped: by the organisation directly below the scope on the record's path
 * (`unit`: provinces below the ministry, enterprises below a department…), or by the enterprise the
 * record belongs to (`enterprise`: the record's own enterprise — the applicant's, the issuing one —
 * the very organisation whose path the `unit` grouping reads, so that both tables add up to the
 * same totals).
 */
export type Grouping = { by: 'unit'; segment: number } | { by: 'enterprise' };

/** The segment of a path that names the organisation directly below the scope ('' for the scope's own records). */
export function unitGrouping(scopePath: string): Grouping {
  return { by: 'unit', segment: scopePath.split('/').filter(Boolean).length + 2 };
}

function keyOf(grouping: Grouping, pathColumn: SQL, enterpriseColumn: SQL): SQL {
  // The segment is written into the statement (a whole number computed here), not bound: GROUP BY
  // GROUPING SETS must see the very expression of the select list, and two bound parameters differ.
  return grouping.by === 'unit' ? sql`split_part(${pathColumn}, '/', ${sql.raw(String(Math.trunc(grouping.segment)))})` : sql`${enterpriseColumn}::text`;
}

/**
 * The key columns (`k0`, `k1`, …) and grouping flags (`g0`, `g1`, …) of several groupings, and the
 * GROUPING SETS clause that counts them all in one pass over the rows.
 */
function groupedBy(groupings: readonly Grouping[], pathColumn: SQL, enterpriseColumn: SQL) {
  const keys = groupings.map((grouping) => keyOf(grouping, pathColumn, enterpriseColumn));
  return {
    select: sql.join(
      keys.map((key, index) => sql`${key} as ${sql.raw(`k${index}`)}, grouping(${key}) as ${sql.raw(`g${index}`)}`),
      sql`, `,
    ),
    groupBy: sql`grouping sets (${sql.join(
      keys.map((key) => sql`(${key})`),
      sql`, `,
    )})`,
  };
}

const like = (scope: Scope) => `${scope.path}%`;

/** The ids on a materialised path (the organisation and every one above it), as uuid[]. */
function pathIdArray(path: SQL): SQL {
  return sql`string_to_array(trim(both '/' from ${path}), '/')::uuid[]`;
}

/**
 * 覆盖 (coverage), the one definition behind 参与评聘企业 (docs/decisions/statistics-definitions.md):
 * every enterprise in scope, once, with the model that applies to it and what it takes part under.
 * A subsidiary takes part under its group as its group does (a group's plan covers the enterprises
 * below it, applications.service createApplication; a listed group carries its subsidiaries,
 * pilots/read-pilots pilotYearsOf):
 * - `plan_*`: its covering plan, the year's evaluation plan of the enterprise itself or, failing
 *   that, of the nearest enterprise above it (any status);
 * - `listed_*`: under the ministry-filing model, the submitted or accepted pilot listing of the
 *   enterprise or of an enterprise above it (an accepted one first, then the nearest);
 * - `participating`: it takes part in the year: ministry-filing model, a listing is accepted;
 *   other models, its covering plan is published (or closed after publishing).
 * Ancestors are read off the path (its ids), and joined to the year's plans and listings by hash.
 */
function coverage(scope: Scope): SQL {
  // Each enterprise in scope with the ids above it (depth 1 = the root; its own id is the deepest),
  // read once and joined by hash to the year's settings, departments, listings and plans; the
  // nearest (deepest) wins. Set-based rather than a subquery per enterprise: 3,000 enterprises
  // nationally (bench statistics-national).
  return sql`(
    with an as materialized (
      select e2.id as org_id, a.id as ancestor_id, a.depth
      from organisations e2 cross join lateral unnest(${pathIdArray(sql`e2.path`)}) with ordinality as a(id, depth)
      where e2.kind = 'enterprise' and e2.path like ${like(scope)}
    ),
    -- The evaluation model (issue 21), in the order of resolveSetting (src/domain/jurisdiction-rules.ts):
    -- the setting of a department at or above the enterprise that sets a model,
    -- else the national one, else the filed-enterprise model; the deadline is that setting's.
    provincial as (
      select distinct on (an.org_id) an.org_id, js.model, js.deadline
      from an join jurisdiction_settings js on js.organisation_id = an.ancestor_id
      where js.year = ${scope.year} and js.model is not null and js.level <> 'national'
      order by an.org_id, an.depth desc
    ),
    national as (
      select js.model, js.deadline from jurisdiction_settings js
      where js.year = ${scope.year} and js.model is not null and js.level = 'national' limit 1
    ),
    -- The supervising department: the nearest department above the enterprise.
    department as (
      select distinct on (an.org_id) an.org_id, d.name
      from an join organisations d on d.id = an.ancestor_id and d.kind = 'department'
      order by an.org_id, an.depth desc
    )
    select e.id, e.name, e.path, m.model, m.deadline as model_deadline, dep.name as department_name,
           l.enterprise_id as listed_id, l.name as listed_name, l.accepted as listed_accepted,
           cp.id as plan_id, cp.enterprise_id as plan_enterprise_id, cp.status as plan_status,
           case when m.model = 'ministry-pilot-filing' then coalesce(l.accepted, false)
                else coalesce(cp.status in ('published', 'closed'), false) end as participating
    from organisations e
    left join provincial ps on ps.org_id = e.id
    left join national ns on true
    cross join lateral (
      select coalesce(ps.model, ns.model, 'filed-enterprise') as model,
             case when ps.model is not null then ps.deadline else ns.deadline end as deadline
    ) m
    left join department dep on dep.org_id = e.id
    left join (
      select distinct on (an.org_id) an.org_id, pae.enterprise_id, lo.name, pa.status = 'accepted' as accepted
      from an
      join pilot_application_enterprises pae on pae.enterprise_id = an.ancestor_id
      join pilot_applications pa on pa.id = pae.application_id
      join organisations lo on lo.id = pae.enterprise_id
      where pa.year = ${scope.year} and pa.status in ('submitted', 'accepted')
      order by an.org_id, (pa.status = 'accepted') desc, an.depth desc
    ) l on l.org_id = e.id and m.model = 'ministry-pilot-filing'
    left join (
      select distinct on (an.org_id) an.org_id, p.id, p.enterprise_id, p.status
      from an
      join plans p on p.enterprise_id = an.ancestor_id
      where p.year = ${scope.year} and p.kind = 'evaluation'
      order by an.org_id, an.depth desc
    ) cp on cp.org_id = e.id
    where e.kind = 'enterprise' and e.path like ${like(scope)}
  )`;
}
const list = (values: readonly string[]) => sql.join(values.map((value) => sql`${value}`), sql`, `);

export function emptyMetrics(): Metrics {
  return {
    pilotEnterprises: 0,
    plansPublished: 0,
    plansFiled: 0,
    applications: 0,
    eligible: 0,
    reviewed: 0,
    inNotice: 0,
    confirmed: 0,
    certified: 0,
    appointed: 0,
    reported: 0,
    revoked: 0,
    objections: 0,
    upheldObjections: 0,
    bans: 0,
    exits: 0,
  };
}

async function rows<T>(db: Database, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

type KeyedCounts = Record<string, string | number | null>;

/**
 * Every figure of `Metrics`, per group key of each grouping (one map per grouping, in order).
 * Seven grouped statements, each one pass over its table for all the groupings at once.
 */
export async function metricsBy(db: Database, scope: Scope, groupings: readonly Grouping[]): Promise<Map<string, Metrics>[]> {
  const year = scope.year;
  const scopeLike = like(scope);
  const [pilots, plans, applications, certificates, appointments, objections, bans] = await Promise.all([
    rows<KeyedCounts>(
      db,
      // 参与评聘企业: each participating enterprise once, at its own path (coverage above).
      sql`select ${groupedBy(groupings, sql`x.path`, sql`x.id`).select}, count(*)::int as "pilotEnterprises"
          from ${coverage(scope)} x
          where x.participating
          group by ${groupedBy(groupings, sql`x.path`, sql`x.id`).groupBy}`,
    ),
    // 已公布方案 / 已报送备案: the year's evaluation plans held by enterprises in scope, at the holder
    // (a group's plan counts once, at the group, however many subsidiaries it covers).
    rows<KeyedCounts>(
      db,
      sql`select ${groupedBy(groupings, sql`p.enterprise_path`, sql`p.enterprise_id`).select},
                 count(*) filter (where p.status in ('published', 'closed'))::int as "plansPublished",
                 count(*) filter (where p.filed_at is not null)::int as "plansFiled"
          from plans p
          where p.year = ${year} and p.kind = 'evaluation' and p.enterprise_path like ${scopeLike}
          group by ${groupedBy(groupings, sql`p.enterprise_path`, sql`p.enterprise_id`).groupBy}`,
    ),
    // 申报 … 核准确认: the year's applications (plans of the year) by the applicant's own enterprise
    // (organisation_id/path), never by the plan's: a subsidiary's applicants under its group's plan
    // are the subsidiary's, in the units table, the enterprises table and the breakdowns alike.
    // Each stage counts the applications that got that far (STATUSES_REACHING). Read from the
    // running counts per enterprise and status that the database keeps (application_tallies,
    // statistics/tables.ts): the same figures as counting the applications, at a fraction of the rows.
    rows<KeyedCounts>(
      db,
      sql`select ${groupedBy(groupings, sql`t.organisation_path`, sql`t.organisation_id`).select},
                 coalesce(sum(t.n) filter (where t.status in (${list(STATUSES_REACHING.applications)})), 0)::int as applications,
                 coalesce(sum(t.n) filter (where t.status in (${list(STATUSES_REACHING.eligible)})), 0)::int as eligible,
                 coalesce(sum(t.n) filter (where t.status in (${list(STATUSES_REACHING.reviewed)})), 0)::int as reviewed,
                 coalesce(sum(t.n) filter (where t.status in (${list(STATUSES_REACHING.inNotice)})), 0)::int as "inNotice",
                 coalesce(sum(t.n) filter (where t.status in (${list(STATUSES_REACHING.confirmed)})), 0)::int as confirmed
          from application_tallies t
          where t.year = ${year} and t.organisation_path like ${scopeLike} and t.n <> 0
          group by ${groupedBy(groupings, sql`t.organisation_path`, sql`t.organisation_id`).groupBy}`,
    ),
    // 发证 / 已上报 / 撤销证书: certificates of the year, by the issuing enterprise (the holder's own).
    rows<KeyedCounts>(
      db,
      sql`select ${groupedBy(groupings, sql`c.enterprise_path`, sql`c.enterprise_id`).select},
                 count(*)::int as certified,
                 count(*) filter (where c.upload_status = 'reported')::int as reported,
                 count(*) filter (where c.status = 'revoked')::int as revoked
          from certificates c
          where c.year = ${year} and c.enterprise_path like ${scopeLike}
          group by ${groupedBy(groupings, sql`c.enterprise_path`, sql`c.enterprise_id`).groupBy}`,
    ),
    // 聘任: certificates of the year with an appointment beyond a draft; 退出: appointments ended in
    // the year with an exit category; both by the appointing enterprise.
    rows<KeyedCounts>(
      db,
      sql`select ${groupedBy(groupings, sql`ap.enterprise_path`, sql`ap.enterprise_id`).select},
                 count(distinct ap.certificate_id) filter (where c.year = ${year} and ap.status <> 'drafted')::int as appointed,
                 count(*) filter (where ap.exit_category is not null and left(ap.ended_on, 4) = ${String(year)})::int as exits
          from appointments ap
          left join certificates c on c.id = ap.certificate_id
          where ap.enterprise_path like ${scopeLike} and (c.year = ${year} or left(ap.ended_on, 4) = ${String(year)})
          group by ${groupedBy(groupings, sql`ap.enterprise_path`, sql`ap.enterprise_id`).groupBy}`,
    ),
    rows<KeyedCounts>(
      db,
      // 异议 / 异议成立: objections to the year's notices, by the candidate's own enterprise (as the
      // applications are), not by the notice's (a group's notice lists its subsidiaries' people).
      sql`select ${groupedBy(groupings, sql`nc.organisation_path`, sql`nc.organisation_id`).select},
                 count(*)::int as objections,
                 count(*) filter (where ob.status = 'upheld')::int as "upheldObjections"
          from notice_objections ob
          join notices n on n.id = ob.notice_id
          join notice_candidates nc on nc.id = ob.candidate_id
          where n.plan_year = ${year} and nc.organisation_path like ${scopeLike}
          group by ${groupedBy(groupings, sql`nc.organisation_path`, sql`nc.organisation_id`).groupBy}`,
    ),
    // 禁入: bans that took away the year's right to take part, by the organisation that recorded it.
    rows<KeyedCounts>(
      db,
      sql`select ${groupedBy(groupings, sql`b.organisation_path`, sql`b.organisation_id`).select}, count(*)::int as bans
          from bans b
          where b.year_disqualified = ${year} and b.organisation_path like ${scopeLike}
          group by ${groupedBy(groupings, sql`b.organisation_path`, sql`b.organisation_id`).groupBy}`,
    ),
  ]);
  const results = groupings.map(() => new Map<string, Metrics>());
  for (const group of [pilots, plans, applications, certificates, appointments, objections, bans]) {
    for (const row of group) {
      const index = groupings.findIndex((_grouping, position) => Number(row[`g${position}`]) === 0);
      if (index < 0) continue;
      const key = String(row[`k${index}`] ?? '');
      const metrics = results[index].get(key) ?? emptyMetrics();
      for (const name of Object.keys(metrics) as (keyof Metrics)[]) if (name in row) metrics[name] += Number(row[name] ?? 0);
      results[index].set(key, metrics);
    }
  }
  return results;
}

export function sumMetrics(all: Iterable<Metrics>): Metrics {
  const total = emptyMetrics();
  for (const metrics of all) for (const name of Object.keys(total) as (keyof Metrics)[]) total[name] += metrics[name];
  return total;
}

// ------------------------------------------------------------------------- pilot enterprises

export interface PilotEnterprise {
  id: string;
  name: string;
  path: string;
  departmentName: string | null;
  /** The model that applies to the enterprise in the year, and the deadline of the setting that chose it. */
  model: EvaluationModel;
  modelDeadline: string | null;
  /** Under the ministry-filing model: the listing that covers it (its own or its group's) and whether it was accepted; otherwise null. */
  listedId: string | null;
  listedName: string | null;
  accepted: boolean | null;
  /** Takes part in the year (coverage): counted once in 参与评聘企业. */
  participating: boolean;
  /** Listed, or covered by a plan of the year: the row is shown even before it takes part. */
  underWay: boolean;
  /** The covering plan (its own or its group's) and the enterprise that holds it. */
  planId: string | null;
  planEnterpriseId: string | null;
  planEnterpriseName: string | null;
  planStatus: 'none' | 'draft' | 'published' | 'closed';
  planVersion: number;
  planFiledAt: Date | null;
  /** The department's answer to the latest filing, and whether it was of the latest version. */
  planFilingStatus: 'submitted' | 'accepted' | 'returned' | null;
  planFilingCurrent: boolean;
  applicationFrom: string | null;
  reviewFrom: string | null;
  issuanceDate: string | null;
}

/**
 * Every enterprise in scope with its coverage (the definition above) and its covering plan's
 * status, filing and timetable: one statement, the same coverage that counts 参与评聘企业, so the
 * enterprises table and the totals cannot disagree about who takes part or under which plan.
 */
export async function pilotEnterprises(db: Database, scope: Scope): Promise<PilotEnterprise[]> {
  const found = await rows<{
    id: string;
    name: string;
    path: string;
    department_name: string | null;
    model: EvaluationModel;
    model_deadline: string | null;
    listed_id: string | null;
    listed_name: string | null;
    listed_accepted: boolean | null;
    participating: boolean;
    plan_id: string | null;
    plan_enterprise_id: string | null;
    plan_enterprise_name: string | null;
    plan_status: string | null;
    plan_version: number | null;
    filed_at: string | Date | null;
    filing_status: PilotEnterprise['planFilingStatus'];
    filing_current: boolean | null;
    application_from: string | null;
    review_from: string | null;
    issuance_date: string | null;
  }>(
    db,
    sql`select x.id, x.name, x.path, x.model, x.listed_id, x.listed_name, x.listed_accepted, x.participating,
               x.department_name, x.model_deadline,
               x.plan_id, x.plan_enterprise_id, po.name as plan_enterprise_name,
               p.status as plan_status, p.current_version as plan_version, p.filed_at,
               p.filing_status, p.filed_version = p.current_version as filing_current,
               coalesce(pv.content -> 'timetable' ->> 'applicationFrom', p.content -> 'timetable' ->> 'applicationFrom') as application_from,
               coalesce(pv.content -> 'timetable' ->> 'reviewFrom', p.content -> 'timetable' ->> 'reviewFrom') as review_from,
               pv.content -> 'timetable' ->> 'issuanceDate' as issuance_date
        from ${coverage(scope)} x
        left join plans p on p.id = x.plan_id
        left join organisations po on po.id = x.plan_enterprise_id
        left join plan_versions pv on pv.plan_id = p.id and pv.version = p.current_version
        order by department_name, x.name`,
  );
  return found.map((row) => {
    const ministry = row.model === 'ministry-pilot-filing';
    return {
      id: row.id,
      name: row.name,
      path: row.path,
      departmentName: row.department_name,
      model: row.model,
      modelDeadline: row.model_deadline,
      listedId: row.listed_id,
      listedName: row.listed_name,
      accepted: ministry && row.listed_id ? Boolean(row.listed_accepted) : null,
      participating: Boolean(row.participating),
      underWay: ministry ? row.listed_id !== null : row.plan_id !== null,
      planId: row.plan_id,
      planEnterpriseId: row.plan_enterprise_id,
      planEnterpriseName: row.plan_enterprise_name,
      planStatus: (row.plan_status ?? 'none') as PilotEnterprise['planStatus'],
      planVersion: Number(row.plan_version ?? 0),
      planFiledAt: row.filed_at ? new Date(row.filed_at) : null,
      planFilingStatus: row.filing_status ?? (row.filed_at ? 'submitted' : null),
      planFilingCurrent: Boolean(row.filing_current),
      applicationFrom: row.application_from,
      reviewFrom: row.review_from,
      issuanceDate: row.issuance_date,
    };
  });
}

/** The year's pilot applications of departments in scope still in draft or returned, with the department's path (its jurisdiction decides the deadline). */
export async function pendingPilotApplications(db: Database, scope: Scope) {
  return rows<{ department_id: string; department_name: string; department_path: string; status: string }>(
    db,
    sql`select pa.department_id, o.name as department_name, pa.department_path, pa.status
        from pilot_applications pa join organisations o on o.id = pa.department_id
        where pa.year = ${scope.year} and pa.status in ('draft', 'returned') and pa.department_path like ${like(scope)}
        order by o.name`,
  );
}

// ------------------------------------------------------------------------------ breakdowns

export interface BreakdownCounts {
  applications: number;
  eligible: number;
  confirmed: number;
  certified: number;
}

type BreakdownRow = {
  occupation: string | null;
  birth_year: string | null;
  gender: string | null;
  by_occupation: number;
  by_birth_year: number;
  by_gender: number;
  applications?: number;
  eligible?: number;
  confirmed?: number;
  certified?: number;
};

const GENDER_KEYS = ['male', 'female', 'unknown'] as const;

/**
 * Applicants and holders per occupation, per age band (whole years on 31 December of the year: the
 * year less the birth year) and per gender: one pass over the applications and one over the
 * certificates, each with GROUPING SETS.
 */
export async function breakdowns(db: Database, scope: Scope) {
  // Applicants from the running counts per enterprise, occupation, birth year and gender
  // (application_breakdown_tallies, statistics/tables.ts; '' where the application does not say).
  const appliedRows = rows<{ dimension: string; value: string; applications: number; eligible: number; confirmed: number }>(
    db,
    sql`select t.dimension, t.value, sum(t.applications)::int as applications, sum(t.eligible)::int as eligible, sum(t.confirmed)::int as confirmed
        from application_breakdown_tallies t
        where t.year = ${scope.year} and t.organisation_path like ${like(scope)}
        group by t.dimension, t.value
        having sum(t.applications) <> 0`,
  ).then((found) =>
    found.map(
      (row): BreakdownRow => ({
        occupation: row.dimension === 'occupation' ? row.value || null : null,
        birth_year: row.dimension === 'birth-year' ? row.value || null : null,
        gender: row.dimension === 'gender' ? row.value || null : null,
        by_occupation: row.dimension === 'occupation' ? 0 : 1,
        by_birth_year: row.dimension === 'birth-year' ? 0 : 1,
        by_gender: row.dimension === 'gender' ? 0 : 1,
        applications: row.applications,
        eligible: row.eligible,
        confirmed: row.confirmed,
      }),
    ),
  );
  const [applied, certified] = await Promise.all([
    appliedRows,
    rows<BreakdownRow>(
      db,
      sql`select c.occupation_code as occupation, left(c.birth_date, 4) as birth_year, c.gender,
                 grouping(c.occupation_code) as by_occupation, grouping(left(c.birth_date, 4)) as by_birth_year, grouping(c.gender) as by_gender,
                 count(*)::int as certified
          from certificates c where c.year = ${scope.year} and c.enterprise_path like ${like(scope)}
          group by grouping sets ((c.occupation_code), (left(c.birth_date, 4)), (c.gender))`,
    ),
  ]);
  const occupations = new Map<string | null, BreakdownCounts>();
  const ages = new Map<AgeBand, { applications: number; certified: number }>();
  const genders = new Map<(typeof GENDER_KEYS)[number], { applications: number; certified: number }>();
  for (const row of [...applied, ...certified]) {
    const applications = Number(row.applications ?? 0);
    const certificates = Number(row.certified ?? 0);
    if (Number(row.by_occupation) === 0) {
      const entry = occupations.get(row.occupation) ?? { applications: 0, eligible: 0, confirmed: 0, certified: 0 };
      entry.applications += applications;
      entry.eligible += Number(row.eligible ?? 0);
      entry.confirmed += Number(row.confirmed ?? 0);
      entry.certified += certificates;
      occupations.set(row.occupation, entry);
    } else if (Number(row.by_birth_year) === 0) {
      const born = row.birth_year && /^\d{4}$/.test(row.birth_year) ? Number(row.birth_year) : null;
      const band = ageBandOf(born === null ? null : scope.year - born);
      const entry = ages.get(band) ?? { applications: 0, certified: 0 };
      entry.applications += applications;
      entry.certified += certificates;
      ages.set(band, entry);
    } else if (Number(row.by_gender) === 0) {
      const key = row.gender === 'male' || row.gender === 'female' ? row.gender : 'unknown';
      const entry = genders.get(key) ?? { applications: 0, certified: 0 };
      entry.applications += applications;
      entry.certified += certificates;
      genders.set(key, entry);
    }
  }
  const codes = [...occupations.keys()].filter((code): code is string => Boolean(code));
  const names = codes.length ? await rows<{ code: string; name: string }>(db, sql`select code, name from occupations where code in (${list(codes)})`) : [];
  const nameOf = new Map(names.map((row) => [row.code, row.name]));
  return {
    occupations: [...occupations.entries()]
      .map(([code, counts]) => ({ code, name: code ? (nameOf.get(code) ?? null) : null, ...counts }))
      .sort((a, b) => b.applications - a.applications || b.certified - a.certified || String(a.code).localeCompare(String(b.code))),
    ages: AGE_BANDS.filter((band) => ages.has(band)).map((band) => ({ band, ...ages.get(band)! })),
    genders: GENDER_KEYS.filter((key) => genders.has(key)).map((key) => ({ gender: key, ...genders.get(key)! })),
  };
}

// ---------------------------------------------------------------------------------- quotas

export interface QuotaFigures {
  enterpriseId: string;
  enterpriseName: string;
  occupationCode: string;
  occupationName: string | null;
  maxCount: number | null;
  ratioPercent: number | null;
  planSeniorTechnicians: number | null;
  registerSeniorTechnicians: number;
  recommended: number;
  principalTechnicians: number;
}

/**
 * Each quota (结构比例) of the year's published plans in scope, with the applications of its
 * occupation that were recommended and that became 特级技师, and the 高级技师 of the occupation in
 * the enterprise's register (the enterprise and those below it).
 */
export async function quotaFigures(db: Database, scope: Scope): Promise<QuotaFigures[]> {
  const found = await rows<{
    enterprise_id: string;
    enterprise_name: string;
    occupation_code: string;
    occupation_name: string | null;
    max_count: string | null;
    ratio_percent: string | null;
    senior_count: string | null;
    register_count: number;
    recommended: number;
    principal: number;
  }>(
    db,
    sql`with quotas as (
          select p.id as plan_id, p.enterprise_id, p.enterprise_path, o.name as enterprise_name,
                 q ->> 'occupationCode' as occupation_code, q ->> 'maxCount' as max_count,
                 q ->> 'ratioPercent' as ratio_percent, q ->> 'seniorTechnicianCount' as senior_count,
                 pv.names -> 'occupations' ->> (q ->> 'occupationCode') as occupation_name
          from plans p
          join plan_versions pv on pv.plan_id = p.id and pv.version = p.current_version
          join organisations o on o.id = p.enterprise_id
          cross join lateral jsonb_array_elements(coalesce(pv.content -> 'quotas', '[]'::jsonb)) q
          where p.year = ${scope.year} and p.status in ('published', 'closed') and p.enterprise_path like ${like(scope)}
        ),
        -- The plans' applications per occupation, from the running counts (application_tallies).
        applied as (
          select t.plan_id, t.occupation_code,
                 coalesce(sum(t.n) filter (where t.status in (${list(STATUSES_REACHING.reviewed)}) and t.status <> 'not-recommended'), 0)::int as recommended,
                 coalesce(sum(t.n) filter (where t.status in (${list(PRINCIPAL_TECHNICIAN_STATUSES)})), 0)::int as principal
          from application_tallies t
          where t.plan_id in (select plan_id from quotas)
          group by 1, 2
        ),
        -- The register counted per unit first (one row per organisation and occupation), then summed
        -- up to each plan's enterprise by path prefix: the prefix join meets a few rows, not every employee.
        register_units as (
          select e.organisation_path, e.occupation_code, count(*)::int as count
          from employees e
          where e.organisation_path like ${like(scope)} and e.occupation_code in (select occupation_code from quotas)
          group by 1, 2
        ),
        register as (
          select qe.enterprise_id, ru.occupation_code, sum(ru.count)::int as register_count
          from (select distinct enterprise_id, enterprise_path from quotas) qe
          join register_units ru on ru.organisation_path like qe.enterprise_path || '%'
          group by 1, 2
        )
        select q.enterprise_id, q.enterprise_name, q.occupation_code, q.occupation_name, q.max_count, q.ratio_percent, q.senior_count,
               coalesce(r.register_count, 0) as register_count, coalesce(ap.recommended, 0) as recommended, coalesce(ap.principal, 0) as principal
        from quotas q
        left join applied ap on ap.plan_id = q.plan_id and ap.occupation_code = q.occupation_code
        left join register r on r.enterprise_id = q.enterprise_id and r.occupation_code = q.occupation_code
        order by q.enterprise_name, q.occupation_code`,
  );
  const number = (value: string | null) => (value === null || value === '' || Number.isNaN(Number(value)) ? null : Number(value));
  return found.map((row) => ({
    enterpriseId: row.enterprise_id,
    enterpriseName: row.enterprise_name,
    occupationCode: row.occupation_code,
    occupationName: row.occupation_name,
    maxCount: number(row.max_count),
    ratioPercent: number(row.ratio_percent),
    planSeniorTechnicians: number(row.senior_count),
    registerSeniorTechnicians: Number(row.register_count),
    recommended: Number(row.recommended),
    principalTechnicians: Number(row.principal),
  }));
}
