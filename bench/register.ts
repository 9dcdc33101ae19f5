// screen-register: 资格初筛 of a whole register against a plan, through the service over the API,
// against reading the same rows with one plain SQL query.
// import-register: a register workbook through the real import (upload, job, validation,
// encryption, staging, merge), against exceljs' streaming reader reading the same file.
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { importRegister } from '../test/integration/applications-fixtures.ts';
import { benchApp, planSetup, registerFile, seedRegister } from './data.ts';
import { percentile, ratioOf, sizeOf, timed, type BenchResult, type Benchmark } from './lib.ts';

export const screenRegister: Benchmark = {
  name: 'screen-register',
  describe: 'eligibility of a 200,000-employee register against a plan through the service, vs one plain SQL read of the rows',
  async run(ctx): Promise<BenchResult[]> {
    const count = sizeOf(ctx, 2000, 200_000);
    const rounds = ctx.quick ? 3 : 5;
    const t = await benchApp(ctx, 'postgres');
    try {
      const setup = await planSetup(t, await t.admin());
      await seedRegister(setup.hr, { seed: ctx.seed, count, log: ctx.log });
      const service: number[] = [];
      const plain: number[] = [];
      // One warm-up of each, then alternate, so both see the same caches.
      for (let round = 0; round <= rounds; round += 1) {
        const screened = await timed(() => setup.hr.get(`/api/v1/application-plans/${setup.planId}/candidates?limit=50&offset=0`));
        if (screened.value.statusCode !== 200) throw new Error(`candidates: ${screened.value.statusCode} ${screened.value.body}`);
        const all = screened.value.json().counts.all;
        if (all !== count) throw new Error(`screened ${all} employees, expected ${count}`);
        const read = await timed(() => t.handle.db.execute(sql`select * from employees where organisation_path like ${`${setup.groupPath}%`}`));
        const rows = (read.value as unknown as { rows: unknown[] }).rows.length;
        if (rows !== count) throw new Error(`read ${rows} rows, expected ${count}`);
        if (round === 0) continue;
        service.push(screened.ms);
        plain.push(read.ms);
      }
      const value = percentile(service, 50);
      const baseline = percentile(plain, 50);
      const ratio = ratioOf(value, baseline);
      return [{ name: 'screen-register', value: Math.round(value), unit: 'ms', baseline: Math.round(baseline), ratio, target: 'ratio<=2.5', pass: ratio <= 2.5, details: { employees: count, rounds, service_max_ms: Math.round(Math.max(...service)) } }];
    } finally {
      await t.close();
    }
  },
};

/** Every row of the first sheet through exceljs' streaming reader, each cell's value touched. */
async function streamingRead(bytes: Buffer): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'emit' });
  let rows = 0;
  let cells = 0;
  for await (const sheet of reader) {
    for await (const row of sheet) {
      rows += 1;
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.value !== null) cells += 1;
      });
    }
    break;
  }
  if (cells === 0) throw new Error('the workbook has no cells');
  return rows;
}

export const importRegisterBench: Benchmark = {
  name: 'import-register',
  describe: 'a 100,000-row Excel register through the real import, vs exceljs streaming read of the same file',
  async run(ctx): Promise<BenchResult[]> {
    const count = sizeOf(ctx, 2000, 100_000);
    const bytes = await registerFile(ctx.seed + 1, count);
    const t = await benchApp(ctx, 'postgres');
    try {
      const setup = await planSetup(t, await t.admin());
      // Baseline first (it also warms exceljs up), then the import.
      const read = await timed(() => streamingRead(bytes));
      if (read.value !== count + 1) throw new Error(`read ${read.value} rows, expected ${count + 1}`);
      const imported = await timed(() => importRegister(setup.hr, bytes, { timeoutMs: 30 * 60_000 }));
      const job = imported.value;
      if (job.status !== 'succeeded' || (job.result as { outcome?: string } | null)?.outcome !== 'imported') throw new Error(`import failed: ${JSON.stringify(job).slice(0, 500)}`);
      const stored = (await t.handle.db.execute(sql`select count(*)::int as n from employees where organisation_path like ${`${setup.groupPath}%`}`)) as unknown as { rows: { n: number }[] };
      if (stored.rows[0].n !== count) throw new Error(`${stored.rows[0].n} employees stored, expected ${count}`);
      const ratio = ratioOf(imported.ms, read.ms);
      const limitMs = 60_000;
      return [
        {
          name: 'import-register',
          value: Number((imported.ms / 1000).toFixed(2)),
          unit: 's',
          baseline: Number((read.ms / 1000).toFixed(2)),
          ratio,
          target: 'ratio<=4,time<=60s',
          pass: ratio <= 4 && imported.ms <= limitMs,
          details: { rows: count, file_mb: Number((bytes.length / 1024 / 1024).toFixed(1)), rows_per_s: Math.round(count / (imported.ms / 1000)) },
        },
      ];
    } finally {
      await t.close();
    }
  },
};
