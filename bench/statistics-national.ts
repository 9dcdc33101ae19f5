// statistics-national (issue 23): the ministry's dashboard over 31 provinces, 3,000 enterprises
// (a tenth of them groups with two subsidiaries under the group's plan) and 500,000 applications
// on PostgreSQL. p95 of the dashboard's queries (loadDashboard, every statement it runs, as the
// route runs them) against the very same statements run bare through the driver, in the same run.
//
// The data is bulk-loaded with INSERT … SELECT generate_series (one statement per table, not
// through the services): the figures, not the use cases, are under test here.
import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { schema, type Database } from '../src/db/client.ts';
import { loadDashboard } from '../src/modules/statistics/dashboard.ts';
import type { RequestContext } from '../src/platform/context.ts';
import { benchApp } from './data.ts';
import { percentile, ratioOf, since, sizeOf, timed, type BenchResult, type Benchmark } from './lib.ts';
import { performance } from 'node:perf_hooks';

const PROVINCES = ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'];
const STATUSES = ['submitted', 'returned', 'ineligible', 'eligible', 'in-review', 'recommended', 'not-recommended', 'in-notice', 'withdrawn', 'confirmed', 'certified', 'appointed', 'exited'];
const OCCUPATIONS = ['6-18-01-01', '6-18-02-04', '6-31-01-03', '6-18-01-03', '4-07-03-02'];

/** The organisations, plans and applications, bulk-loaded; returns the ministry's id and path. */
async function load(db: Database, options: { year: number; enterprises: number; applications: number }) {
  const exec = (statement: ReturnType<typeof sql>) => db.execute(statement);
  const [ministry] = ((await exec(sql`select id, path from organisations where kind = 'ministry' limit 1`)) as unknown as { rows: { id: string; path: string }[] }).rows;
  await exec(sql`create temporary table bench_provinces as
    select gen_random_uuid() as id, n, code from unnest(${sql.raw(`array[${PROVINCES.map((code) => `'${code}'`).join(',')}]`)}::text[]) with ordinality as p(code, n)`);
  await exec(sql`insert into organisations (id, parent_id, path, kind, name, department_type, province_code)
    select id, ${ministry.id}::uuid, ${ministry.path} || id || '/', 'department', '省人力资源和社会保障厅' || n, 'provincial', code from bench_provinces`);
  // Enterprises: every tenth one is a group, the two after it its subsidiaries.
  // tops + 2 × tops / 10 = enterprises
  const tops = Math.round(options.enterprises / 1.2);
  await exec(sql`create temporary table bench_enterprises as
    select gen_random_uuid() as id, n, (n % 10 = 0) as is_group from generate_series(1, ${tops}) n`);
  await exec(sql`insert into organisations (id, parent_id, path, kind, name)
    select e.id, p.id, ${ministry.path} || p.id || '/' || e.id || '/', 'enterprise', '企业' || e.n
    from bench_enterprises e join bench_provinces p on p.n = 1 + (e.n % 31)`);
  await exec(sql`insert into organisations (parent_id, path, kind, name)
    select o.id, o.path || gen_random_uuid() || '/', 'enterprise', o.name || '子公司' || s
    from bench_enterprises e join organisations o on o.id = e.id cross join generate_series(1, 2) s where e.is_group`);
  // The path of a subsidiary ends with its own id: make the id agree.
  await exec(sql`update organisations set id = split_part(path, '/', 5)::uuid where kind = 'enterprise' and split_part(path, '/', 5) <> '' and id <> split_part(path, '/', 5)::uuid`);
  // One published evaluation plan per top enterprise (a group's covers its subsidiaries).
  await exec(sql`insert into plans (enterprise_id, enterprise_path, year, kind, status, content, current_version)
    select o.id, o.path, ${options.year}, 'evaluation', 'published', '{}'::jsonb, 1 from bench_enterprises e join organisations o on o.id = e.id`);
  await exec(sql`insert into plan_versions (plan_id, version, content, names)
    select p.id, 1, jsonb_build_object('title', '评聘工作方案', 'eligibility', jsonb_build_object('minYearsInPost', 5), 'timetable', jsonb_build_object('applicationFrom', ${`${options.year}-03-01`}::text, 'reviewFrom', ${`${options.year}-06-01`}::text, 'issuanceDate', ${`${options.year}-12-31`}::text),
           'quotas', jsonb_build_array(jsonb_build_object('occupationCode', '6-18-01-01', 'maxCount', 5, 'ratioPercent', 5, 'seniorTechnicianCount', 100))), '{}'::jsonb
    from plans p where p.year = ${options.year}`);
  // Applications: spread over the enterprises (each under its covering plan), statuses and occupations.
  await exec(sql`create temporary table bench_units as
    select row_number() over (order by o.path) as n, o.id, o.path, p.id as plan_id, p.enterprise_id as plan_enterprise_id, p.enterprise_path as plan_enterprise_path
    from organisations o join plans p on o.path like p.enterprise_path || '%' and p.year = ${options.year}
    where o.kind = 'enterprise'`);
  const units = Number(((await exec(sql`select count(*)::int as n from bench_units`)) as unknown as { rows: { n: number }[] }).rows[0].n);
  await exec(sql`insert into applications (plan_id, plan_enterprise_id, plan_enterprise_path, organisation_id, organisation_path, name, id_type, id_number_encrypted, id_lookup_hash, id_number_masked, occupation_code, status, content, current_version)
    select u.plan_id, u.plan_enterprise_id, u.plan_enterprise_path, u.id, u.path, '申报人' || g, 'resident-id', 'x', md5(g::text), '1101**********0000',
           (${sql.raw(`array[${OCCUPATIONS.map((code) => `'${code}'`).join(',')}]`)})[1 + g % ${OCCUPATIONS.length}],
           (${sql.raw(`array[${STATUSES.map((status) => `'${status}'`).join(',')}]`)})[1 + (g * 7) % ${STATUSES.length}],
           jsonb_build_object('identity', jsonb_build_object('birthDate', (1965 + g % 30)::text || '-05-01', 'gender', case when g % 5 = 0 then 'female' else 'male' end)), 1
    from generate_series(1, ${options.applications}) g join bench_units u on u.n = 1 + g % ${units}`);
  await exec(sql`analyze`);
  return { ministry, units };
}

export const statisticsNationalBench: Benchmark = {
  name: 'statistics-national',
  describe: "the ministry's dashboard (every statement loadDashboard runs) over 31 provinces, 3,000 enterprises and 500,000 applications on PostgreSQL, p95, vs the same SQL run bare",
  async run(ctx): Promise<BenchResult[]> {
    const enterprises = sizeOf(ctx, 300, 3_000);
    const applications = sizeOf(ctx, 20_000, 500_000);
    const samples = ctx.quick ? 10 : 40;
    const t = await benchApp(ctx, 'postgres');
    try {
      const db = t.handle.db;
      const year = Number(t.clock.today().slice(0, 4));
      const started = performance.now();
      const { ministry, units } = await load(db, { year, enterprises, applications });
      ctx.log(`statistics-national: ${units} enterprises, ${applications} applications loaded in ${(since(started) / 1000).toFixed(1)} s`);
      const context: RequestContext = {
        actor: { userId: '00000000-0000-4000-8000-000000000000', username: 'bench', displayName: 'bench', organisationId: ministry.id, organisationPath: ministry.path, organisationKind: 'ministry', roles: ['ministry-admin'], mustChangePassword: false },
        ip: '127.0.0.1',
        userAgent: 'bench',
        clock: t.clock,
      };
      // The statements the dashboard runs, captured once through a logging driver on the same pool.
      const pool = (db as unknown as { $client: pg.Pool }).$client;
      const captured: { text: string; values: unknown[] }[] = [];
      const capturing = drizzle(pool, { schema, logger: { logQuery: (text, values) => captured.push({ text, values }) } }) as unknown as Database;
      const first = await loadDashboard(capturing, context, { year });
      if (first.units.length !== 31 || first.totals.applications !== applications) throw new Error(`dashboard: ${first.units.length} provinces, ${first.totals.applications} applications (expected 31, ${applications})`);
      ctx.log(`statistics-national: the dashboard runs ${captured.length} statements; totals ${first.totals.pilotEnterprises} enterprises, ${first.totals.applications} applications`);
      if (process.env.BENCH_EXPLAIN) {
        // Each statement alone, bare, and the plan of the participating-enterprises statement: where the time goes.
        for (const statement of captured) {
          const one = await timed(() => pool.query(statement.text, statement.values as unknown[]));
          ctx.log(`${one.ms.toFixed(1)} ms ${statement.text.replace(/\s+/g, ' ').slice(0, 160)}`);
        }
        const coverage = captured.find((statement) => statement.text.includes('"pilotEnterprises"'))!;
        const plan = await pool.query(`explain analyze ${coverage.text}`, coverage.values as unknown[]);
        ctx.log((plan.rows as { 'QUERY PLAN': string }[]).map((row) => `      ${row['QUERY PLAN']}`).join('\n'));
      }
      // Bare: the same statements with the same values, straight through the driver, at once as the dashboard issues them.
      const bare = () => Promise.all(captured.map((statement) => pool.query(statement.text, statement.values as unknown[])));

      const product: number[] = [];
      const baseline: number[] = [];
      for (let index = 0; index < samples + 3; index += 1) {
        const a = await timed(() => loadDashboard(db, context, { year }));
        const b = await timed(bare);
        if (index < 3) continue; // warm-up
        product.push(a.ms);
        baseline.push(b.ms);
      }
      const value = percentile(product, 95);
      const base = percentile(baseline, 95);
      const ratio = ratioOf(value, base);
      // Each statement alone, bare, the slowest first, and the plan of the slowest: for docs/performance.md.
      const alone: { ms: number; statement: (typeof captured)[number] }[] = [];
      for (const statement of captured) alone.push({ ms: (await timed(() => pool.query(statement.text, statement.values as unknown[]))).ms, statement });
      alone.sort((a, b) => b.ms - a.ms);
      for (const { ms, statement } of alone.slice(0, 3)) ctx.log(`statistics-national: ${ms.toFixed(1)} ms bare: ${statement.text.replace(/\s+/g, ' ').slice(0, 140)}`);
      const heaviest = await pool.query(`explain (analyze, buffers off) ${alone[0].statement.text}`, alone[0].statement.values as unknown[]);
      ctx.log(`statistics-national: the slowest statement's plan:\n${(heaviest.rows as { 'QUERY PLAN': string }[]).map((row) => `      ${row['QUERY PLAN']}`).join('\n')}`);
      return [
        {
          name: 'statistics-national',
          value: Number(value.toFixed(1)),
          unit: 'ms',
          baseline: Number(base.toFixed(1)),
          ratio,
          target: 'ratio<=2,p95<=300ms',
          pass: ratio <= 2 && value <= 300,
          details: { enterprises: units, applications, statements: captured.length, samples, p50_ms: Number(percentile(product, 50).toFixed(1)), baseline_p50_ms: Number(percentile(baseline, 50).toFixed(1)), load_s: Number((since(started) / 1000).toFixed(1)) },
        },
      ];
    } finally {
      await t.close();
    }
  },
};
