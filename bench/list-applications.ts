// list-applications: the HR screening list's API (GET /api/v1/applications, filtered by plan,
// status and occupation, a page of 50 at a time) with 50,000 applications, p95 over many pages,
// against the same SQL query run directly on the database.
import { sql } from 'drizzle-orm';
import { benchApp, planSetup, seedApplications, seedRegister } from './data.ts';
import { percentile, ratioOf, sizeOf, seededRandom, timed, type BenchResult, type Benchmark } from './lib.ts';

const PAGE = 50;
const OCCUPATION = '6-18-01-01';

export const listApplicationsBench: Benchmark = {
  name: 'list-applications',
  describe: "HR's application list API on 50,000 applications, filtered and paged, p95, vs the same SQL run directly",
  async run(ctx): Promise<BenchResult[]> {
    const count = sizeOf(ctx, 300, 50_000);
    const samples = ctx.quick ? 40 : 300;
    const t = await benchApp(ctx, 'postgres');
    try {
      const setup = await planSetup(t, await t.admin());
      await seedRegister(setup.hr, { seed: ctx.seed + 3, count, log: ctx.log });
      const seeded = await seedApplications(t, setup, { count, concurrency: 8, log: ctx.log });
      ctx.log(`list-applications: ${count} applications submitted in ${(seeded / 1000).toFixed(1)} s`);
      const matching = (await t.handle.db.execute(sql`select count(*)::int as n from applications where plan_id = ${setup.planId} and status = 'submitted' and occupation_code = ${OCCUPATION}`)) as unknown as { rows: { n: number }[] };
      const pages = Math.max(1, Math.floor(matching.rows[0].n / PAGE));
      const random = seededRandom(ctx.seed);
      const path = `${setup.groupPath}%`;

      const api: number[] = [];
      const direct: number[] = [];
      for (let index = 0; index < samples + 20; index += 1) {
        // Mostly the first pages, as people read lists; now and then a deep one.
        const page = random() < 0.8 ? Math.floor(random() * Math.min(pages, 10)) : Math.floor(random() * pages);
        const offset = page * PAGE;
        const listed = await timed(() => setup.hr.get(`/api/v1/applications?planId=${setup.planId}&status=submitted&occupationCode=${OCCUPATION}&limit=${PAGE}&offset=${offset}`));
        if (listed.value.statusCode !== 200) throw new Error(`list: ${listed.value.statusCode} ${listed.value.body.slice(0, 300)}`);
        const items = listed.value.json().items.length;
        const query = await timed(() =>
          t.handle.db.execute(sql`
            select * from applications
            where (organisation_path like ${path} or plan_enterprise_path like ${path})
              and plan_id = ${setup.planId} and status = 'submitted' and occupation_code = ${OCCUPATION}
            order by submitted_at desc nulls last, name asc, id asc
            limit ${PAGE} offset ${offset}`),
        );
        const rows = (query.value as unknown as { rows: unknown[] }).rows.length;
        if (rows !== items) throw new Error(`the API listed ${items} applications, the query ${rows} (offset ${offset})`);
        if (index < 20) continue; // warm-up
        api.push(listed.ms);
        direct.push(query.ms);
      }
      const value = percentile(api, 95);
      const baseline = percentile(direct, 95);
      const ratio = ratioOf(value, baseline);
      return [
        {
          name: 'list-applications',
          value: Number(value.toFixed(1)),
          unit: 'ms',
          baseline: Number(baseline.toFixed(1)),
          ratio,
          target: 'ratio<=2,p95<=50ms',
          pass: ratio <= 2 && value <= 50,
          details: { applications: count, matching: matching.rows[0].n, samples, p50_ms: Number(percentile(api, 50).toFixed(1)), baseline_p50_ms: Number(percentile(direct, 50).toFixed(1)) },
        },
      ];
    } finally {
      await t.close();
    }
  },
};
