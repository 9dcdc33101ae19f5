// Statistics that agree (issue 23): on the demo, for the ministry, a province, the group and a
// subsidiary, each figure is the same wherever it appears — the totals cards, the units table, the
// enterprises table, the breakdowns and the exported workbooks — a subsidiary's own dashboard says
// what its group's says of it, and no follow-up contradicts the enterprises table. The definitions
// are in docs/decisions/statistics-definitions.md.
import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations, users } from '../../src/db/schema.ts';
import { contextForUser, DEMO_PASSWORD, seedDemo, type DemoResult } from '../../src/demo/seed-demo.ts';
import { createPlan, publishPlan } from '../../src/modules/plans/change-plans.ts';
import { plans, planVersions } from '../../src/modules/plans/tables.ts';
import type { Dashboard, Metrics, StatisticsTable } from '../../src/modules/statistics/schemas.ts';
import { STATUSES_REACHING } from '../../src/domain/statistics-rules.ts';
import { testClock } from '../support/clock.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';

const SEEDED_ON = '2026-12-28T10:00:00+08:00';
const GROUP = '华夏重型装备集团有限公司';
const HARBIN = '华夏重装哈尔滨电机有限公司';
const SHENYANG = '华夏重装沈阳焊接装备有限公司';
let t: TestApp;
let demo: DemoResult;
const clients: Record<string, TestClient> = {};
const ids: Record<string, string> = {};

const METRICS = ['pilotEnterprises', 'plansPublished', 'plansFiled', 'applications', 'eligible', 'reviewed', 'inNotice', 'confirmed', 'certified', 'appointed', 'reported', 'revoked', 'objections', 'upheldObjections', 'bans', 'exits'] as const satisfies readonly (keyof Metrics)[];
/** The export's column of each figure (src/modules/statistics/export.ts). */
const HEADERS: Record<(typeof METRICS)[number], string> = {
  pilotEnterprises: '参与评聘企业数',
  plansPublished: '已公布工作方案',
  plansFiled: '已报送备案方案',
  applications: '申报人数',
  eligible: '资格审核通过',
  reviewed: '完成评审',
  inNotice: '进入公示',
  confirmed: '核准确认',
  certified: '发证数',
  appointed: '聘任数',
  reported: '已上报全国系统',
  revoked: '撤销证书',
  objections: '异议',
  upheldObjections: '异议成立',
  bans: '禁入记录',
  exits: '退出',
};

beforeAll(async () => {
  t = await createTestApp({}, { clock: testClock(SEEDED_ON) });
  demo = await seedDemo(t.handle.db, { clock: t.clock });
  const db = t.handle.db;
  for (const name of [GROUP, HARBIN, SHENYANG]) ids[name] = (await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, name)))[0].id;
  // The group runs a plan of its own in the same year, through the services: it covers 沈阳 (which
  // has none), while 哈尔滨 keeps its own plan (the nearest one covers it).
  const [groupHr] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'demo-group-hr'));
  const context = await contextForUser(db, groupHr.id, t.clock);
  const [harbinPlan] = await db
    .select({ content: planVersions.content })
    .from(plans)
    .innerJoin(planVersions, and(eq(planVersions.planId, plans.id), eq(planVersions.version, plans.currentVersion)))
    .where(eq(plans.enterpriseId, ids[HARBIN]));
  const { evidenceRequired, ...content } = harbinPlan.content;
  const plan = await createPlan(db, context, { year: demo.year, kind: 'evaluation', content: { ...content, ...(evidenceRequired ? { evidenceRequired } : {}), title: `${GROUP}${demo.year}年特级技师评聘工作方案` } });
  await publishPlan(db, context, plan.id, { changeNote: '集团统一组织' });
  for (const username of ['demo-ministry', 'demo-province', 'demo-group-hr', 'demo-hr']) clients[username] = await t.login(username, DEMO_PASSWORD);
}, 300_000);
afterAll(() => t?.close());

async function dashboard(username: string, organisationId?: string): Promise<Dashboard> {
  const response = await clients[username].get(`/api/v1/statistics/dashboard?year=${demo.year}${organisationId ? `&organisationId=${organisationId}` : ''}`);
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  return response.json() as Dashboard;
}

async function exported(username: string, table: StatisticsTable): Promise<{ header: string[]; rows: unknown[][] }> {
  const response = await clients[username].get(`/api/v1/statistics/export?year=${demo.year}&table=${table}`);
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const header = (sheet.getRow(2).values as unknown[]).slice(1).map(String);
  const rows: unknown[][] = [];
  for (let index = 3; index <= sheet.rowCount; index++) rows.push((sheet.getRow(index).values as unknown[]).slice(1));
  return { header, rows };
}

const sum = <Row>(rows: Row[], value: (row: Row) => number) => rows.reduce((total, row) => total + value(row), 0);
const columnSum = (file: { header: string[]; rows: unknown[][] }, header: string) => {
  const index = file.header.indexOf(header);
  expect(index, `column ${header} in ${file.header.join(',')}`).toBeGreaterThanOrEqual(0);
  return sum(file.rows, (row) => Number(row[index] ?? 0));
};

describe.each(['demo-ministry', 'demo-province', 'demo-group-hr', 'demo-hr'])('the dashboard of %s', (username) => {
  it('says the same figure in the cards, the units table, the enterprises table and the breakdowns', async () => {
    const board = await dashboard(username);
    for (const metric of METRICS) {
      expect(sum(board.units, (row) => row[metric]), `units ${metric}`).toBe(board.totals[metric]);
      expect(sum(board.enterprises, (row) => row[metric]), `enterprises ${metric}`).toBe(board.totals[metric]);
    }
    const breakdowns: [string, { applications: number; certified: number; eligible?: number; confirmed?: number }[]][] = [
      ['occupations', board.occupations],
      ['industries', board.industries],
      ['ages', board.ages],
      ['genders', board.genders],
    ];
    for (const [table, rows] of breakdowns) {
      for (const metric of ['applications', 'eligible', 'confirmed', 'certified'] as const) {
        if (rows.length && rows[0][metric] === undefined) continue; // ages and genders count applicants and holders only
        expect(sum(rows, (row) => row[metric] ?? 0), `${table} ${metric}`).toBe(board.totals[metric]);
      }
    }
    // A quota's 特级技师 are confirmed applications of its plan's occupation: never more than the total.
    expect(sum(board.quotas, (row) => row.principalTechnicians)).toBeLessThanOrEqual(board.totals.confirmed);
  });

  it('exports the same rows and figures', async () => {
    const board = await dashboard(username);
    for (const table of ['units', 'enterprises'] as const) {
      const file = await exported(username, table);
      expect(file.rows, table).toHaveLength(board[table].length);
      for (const metric of METRICS) expect(columnSum(file, HEADERS[metric]), `${table} export ${metric}`).toBe(board.totals[metric]);
    }
    for (const table of ['occupations', 'industries'] as const) {
      const file = await exported(username, table);
      expect(file.rows, table).toHaveLength(board[table].length);
      for (const metric of ['applications', 'eligible', 'confirmed', 'certified'] as const) expect(columnSum(file, HEADERS[metric]), `${table} export ${metric}`).toBe(board.totals[metric]);
    }
    for (const table of ['ages', 'genders'] as const) {
      const file = await exported(username, table);
      expect(file.rows, table).toHaveLength(board[table].length);
      expect(columnSum(file, '申报人数')).toBe(board.totals.applications);
      expect(columnSum(file, '发证数')).toBe(board.totals.certified);
    }
    for (const table of ['quotas', 'followUps'] as const) expect((await exported(username, table)).rows, table).toHaveLength(board[table].length);
  });

  it('lists no follow-up that the enterprises table contradicts', async () => {
    const board = await dashboard(username);
    const rowOf = (id: string | null) => board.enterprises.find((row) => row.organisationId === id);
    for (const followUp of board.followUps) {
      if (followUp.kind === 'calendar-missing') continue;
      const row = rowOf(followUp.organisationId);
      expect(row, `${followUp.kind} for ${followUp.organisationName} has its row`).toBeDefined();
      expect(row!.followUp).toBe(followUp.severity);
      if (followUp.kind === 'plan-not-published') expect(['published', 'closed']).not.toContain(row!.planStatus);
      if (followUp.kind === 'issuance-not-done' || followUp.kind === 'pilot-not-completed') {
        const covered = board.enterprises.filter((other) => other.organisationId === row!.organisationId || other.coveredBy?.organisationId === row!.organisationId);
        expect(sum(covered, (other) => other.certified), `${followUp.kind} for ${followUp.organisationName}`).toBe(0);
      }
    }
    for (const row of board.enterprises) {
      if (row.followUp) expect(board.followUps.some((followUp) => followUp.organisationId === row.organisationId && followUp.severity === row.followUp)).toBe(true);
    }
  });
});

describe('subsidiaries', () => {
  it('count on their own dashboard as their group counts them', async () => {
    const group = await dashboard('demo-group-hr');
    // The group's plan covers 沈阳, 哈尔滨 its own: the group and both subsidiaries take part.
    expect(group.totals.pilotEnterprises).toBe(3);
    expect(group.totals.plansPublished).toBe(2);
    const shenyang = group.enterprises.find((row) => row.organisationId === ids[SHENYANG])!;
    expect(shenyang).toMatchObject({ pilotEnterprises: 1, planStatus: 'published', coveredBy: { organisationId: ids[GROUP], name: GROUP } });
    expect(group.enterprises.find((row) => row.organisationId === ids[HARBIN])).toMatchObject({ pilotEnterprises: 1, coveredBy: null, applications: 35 });
    for (const unit of group.units.filter((row) => !row.own)) {
      const own = await dashboard('demo-group-hr', unit.organisationId);
      for (const metric of METRICS) expect(own.totals[metric], `${unit.name} ${metric}`).toBe(unit[metric]);
    }
    // 哈尔滨's HR sees its own dashboard as the group sees it.
    const harbin = await dashboard('demo-hr');
    const harbinInGroup = group.units.find((row) => row.organisationId === ids[HARBIN])!;
    for (const metric of METRICS) expect(harbin.totals[metric], metric).toBe(harbinInGroup[metric]);
    expect(harbin.totals.pilotEnterprises).toBe(1);
  });

  it('add up to the departments above them', async () => {
    const ministry = await dashboard('demo-ministry');
    for (const unit of ministry.units.filter((row) => !row.own)) {
      const below = await dashboard('demo-ministry', unit.organisationId);
      for (const metric of METRICS) expect(below.totals[metric], `${unit.name} ${metric}`).toBe(unit[metric]);
    }
    const [{ count }] = ((await t.handle.db.execute(sql`select count(*)::int as count from applications where status <> 'draft'`)) as unknown as { rows: { count: number }[] }).rows;
    expect(ministry.totals.applications).toBe(count);
  });
});

// The dashboards read the applications' running counts that the database keeps (application_tallies,
// application_breakdown_tallies: triggers of migration 0018). After the demo's whole year, played
// through the services (every act, every batch), they must equal a recount of the applications.
describe('the running counts of the applications', () => {
  const db = () => t.handle.db;
  const all = async <T>(query: ReturnType<typeof sql>) => ((await db().execute(query)) as unknown as { rows: T[] }).rows;
  const statusRecount = sql`select a.plan_id::text, p.year, a.organisation_id::text, a.organisation_path, a.status, coalesce(a.occupation_code, '') as occupation_code, count(*)::int as n
      from applications a join plans p on p.id = a.plan_id group by 1, 2, 3, 4, 5, 6`;
  const statusTallies = sql`select plan_id::text, year, organisation_id::text, organisation_path, status, occupation_code, n from application_tallies where n <> 0`;
  const stage = (name: keyof typeof STATUSES_REACHING) => sql.join(STATUSES_REACHING[name].map((status) => sql`${status}`), sql`, `);
  const breakdownRecount = sql`select p.year, a.organisation_id::text, d.dimension, d.value,
        count(*) filter (where a.status in (${stage('applications')}))::int as applications,
        count(*) filter (where a.status in (${stage('eligible')}))::int as eligible,
        count(*) filter (where a.status in (${stage('confirmed')}))::int as confirmed
      from applications a join plans p on p.id = a.plan_id
      cross join lateral (values ('occupation', coalesce(a.occupation_code, '')), ('birth-year', coalesce(left(a.content -> 'identity' ->> 'birthDate', 4), '')), ('gender', coalesce(a.content -> 'identity' ->> 'gender', ''))) d(dimension, value)
      group by 1, 2, 3, 4
      having count(*) filter (where a.status in (${stage('applications')})) > 0 or count(*) filter (where a.status in (${stage('eligible')})) > 0 or count(*) filter (where a.status in (${stage('confirmed')})) > 0`;
  const breakdownTallies = sql`select year, organisation_id::text, dimension, value, applications, eligible, confirmed from application_breakdown_tallies
      where applications <> 0 or eligible <> 0 or confirmed <> 0`;
  const sorted = <T>(found: T[]) => found.map((row) => JSON.stringify(row)).sort();

  it('hold the stages of STATUSES_REACHING', async () => {
    const found = await all<{ stage: string; status: string }>(sql`select stage, status from application_stage_statuses`);
    const expected = Object.entries(STATUSES_REACHING).flatMap(([name, statuses]) => statuses.map((status) => ({ stage: name, status })));
    expect(sorted(found)).toEqual(sorted(expected));
  });

  it('equal a recount of the applications after the demo year', async () => {
    const recount = await all(statusRecount);
    expect(recount.length).toBeGreaterThan(5);
    expect(sorted(await all(statusTallies))).toEqual(sorted(recount));
    expect(sorted(await all(breakdownTallies))).toEqual(sorted(await all(breakdownRecount)));
  });

  it('follow a change of status, of occupation and birth date, a deletion and a new application', async () => {
    // Inside a transaction that is rolled back: the demo stays as it was for the other tests.
    const rollback = new Error('rollback');
    await expect(
      db().transaction(async (tx) => {
        const [target] = ((await tx.execute(sql`select id from applications where status <> 'draft' order by id limit 1`)) as unknown as { rows: { id: string }[] }).rows;
        expect(target, 'the demo has a submitted application').toBeDefined();
        await tx.execute(sql`update applications set status = case when status = 'eligible' then 'in-review' else 'eligible' end where id = ${target.id}`);
        await tx.execute(sql`update applications set occupation_code = '9-99-99-99', content = jsonb_set(content, '{identity,birthDate}', '"1970-02-03"') where id = ${target.id}`);
        const check = async () => {
          expect(sorted(((await tx.execute(statusTallies)) as unknown as { rows: unknown[] }).rows)).toEqual(sorted(((await tx.execute(statusRecount)) as unknown as { rows: unknown[] }).rows));
          expect(sorted(((await tx.execute(breakdownTallies)) as unknown as { rows: unknown[] }).rows)).toEqual(sorted(((await tx.execute(breakdownRecount)) as unknown as { rows: unknown[] }).rows));
        };
        await check();
        // A new application (a copy of one that got furthest, under another person), then deleted.
        const [copy] = ((await tx.execute(sql`insert into applications (plan_id, plan_enterprise_id, plan_enterprise_path, organisation_id, organisation_path, name, id_type, id_number_encrypted, id_lookup_hash, id_number_masked, occupation_code, status, content)
            select plan_id, plan_enterprise_id, plan_enterprise_path, organisation_id, organisation_path, name, id_type, id_number_encrypted, md5(random()::text), id_number_masked, occupation_code, status, content
            from applications where status in (${stage('confirmed')}) order by status, id limit 1 returning id`)) as unknown as { rows: { id: string }[] }).rows;
        expect(copy, 'the demo has an application that reached confirmation').toBeDefined();
        await check();
        await tx.execute(sql`delete from applications where id = ${copy.id}`);
        await check();
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(sorted(await all(statusTallies))).toEqual(sorted(await all(statusRecount)));
  });
});
