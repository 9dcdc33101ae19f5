// The demo data set (`npm start -- --demo`, `ptech demo`): a whole pilot year made through the use
// cases on a fresh database; every stage present, the printed log-ins work, a second run is refused.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applications } from '../../src/modules/applications/tables.ts';
import { bans } from '../../src/modules/bans/tables.ts';
import { certificates } from '../../src/modules/certificates/tables.ts';
import { noticeObjections } from '../../src/modules/notices/tables.ts';
import { employees } from '../../src/modules/register/tables.ts';
import { reviewRecusals } from '../../src/modules/review/tables.ts';
import { DemoRefusal, seedDemo, type DemoResult } from '../../src/demo/seed-demo.ts';
import { testClock } from '../support/clock.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const SEEDED_ON = '2026-12-28T10:00:00+08:00';
let t: TestApp;
let result: DemoResult;
const progress: string[] = [];

beforeAll(async () => {
  // Seeded on 28 December: the demo plays its year on its own clock and ends at the app's day
  // (it used to refuse from about 23 December).
  t = await createTestApp({}, { clock: testClock(SEEDED_ON) });
  result = await seedDemo(t.handle.db, { clock: t.clock, progress: (message) => progress.push(message) });
  // About 40 s of CPU on PGlite, in one thread: over two minutes when the 2-core machine is shared.
}, 240_000);
afterAll(() => t?.close());

describe('seedDemo', () => {
  it('makes 2,000 employees and 40 applications at every stage, one returned and corrected', async () => {
    const [{ count }] = await t.handle.db.select({ count: sql<number>`count(*)::int` }).from(employees);
    expect(count).toBe(2000);
    const rows = await t.handle.db.select({ status: applications.status, count: sql<number>`count(*)::int` }).from(applications).groupBy(applications.status);
    const byStatus = Object.fromEntries(rows.map((row) => [row.status, row.count]));
    expect(byStatus).toEqual({
      draft: 5,
      submitted: 5,
      returned: 2,
      ineligible: 2,
      eligible: 6,
      'in-review': 8,
      'not-recommended': 6,
      withdrawn: 1,
      confirmed: 1,
      certified: 1,
      appointed: 2,
      exited: 1,
    });
    expect(progress.length).toBeGreaterThan(5);
  });

  it('records the recusal, both objections, the bans and the certificates (valid and revoked)', async () => {
    expect(await t.handle.db.select().from(reviewRecusals)).toHaveLength(1);
    const objections = await t.handle.db.select({ status: noticeObjections.status }).from(noticeObjections);
    expect(objections.map((row) => row.status).sort()).toEqual(['dismissed', 'upheld']);
    // The upheld objection (fraud) and the exit for fraud each record a five-year ban.
    expect((await t.handle.db.select().from(bans)).length).toBe(2);
    expect(result.certificates.valid).toHaveLength(3);
    expect(result.certificates.revoked).toHaveLength(1);
    const revoked = await t.handle.db.select().from(certificates).where(eq(certificates.status, 'revoked'));
    expect(revoked.map((row) => row.code)).toEqual(result.certificates.revoked);
    for (const code of [...result.certificates.valid, ...result.certificates.revoked]) expect(code).toMatch(/^Y000023000321\d{2}T\d{6}$/);
  });

  it('prints one log-in per role, and each signs in', async () => {
    const roles = new Set(result.logins.map((login) => login.role));
    expect([...roles].sort()).toEqual(['body-admin', 'department-admin', 'employee', 'enterprise-admin', 'expert', 'ministry-admin']);
    for (const login of result.logins) {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: login.username, password: login.password } });
      expect(response.statusCode, `${login.username}: ${response.body}`).toBe(200);
      expect(response.json().user.mustChangePassword).toBe(false);
    }
  });

  it('plays the year on its own dates, through the services, and ends by the day it was seeded', async () => {
    expect(result).toMatchObject({ year: 2026, note: null });
    expect(result.to <= '2026-12-28').toBe(true);
    const days = (await t.handle.db.execute(sql`select distinct (at at time zone 'Asia/Shanghai')::date::text as day from audit_log where user_agent = 'ptech demo' order by day`)) as unknown as { rows: { day: string }[] };
    const seen = days.rows.map((row) => row.day);
    expect(seen[0]).toBe(result.from);
    expect(seen.at(-1)).toBe(result.to);
    expect(seen.length).toBeGreaterThan(20);
    // The notice started on the day it was published and ran its five working days before confirmation.
    const notices = (await t.handle.db.execute(sql`select end_date::text as end, (confirmed_at at time zone 'Asia/Shanghai')::date::text as confirmed from notices`)) as unknown as { rows: { end: string; confirmed: string }[] };
    const [notice] = notices.rows;
    expect(notice.confirmed > notice.end).toBe(true);
  });

  it('refuses to seed a database that already holds the demo, changing nothing', async () => {
    const before = await t.handle.db.select({ count: sql<number>`count(*)::int` }).from(applications);
    const again = await seedDemo(t.handle.db, { clock: t.clock }).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(DemoRefusal);
    expect((again as DemoRefusal).code).toBe('DEMO_ALREADY_SEEDED');
    expect((again as DemoRefusal).message).toContain('已有演示数据');
    expect(await t.handle.db.select({ count: sql<number>`count(*)::int` }).from(applications)).toEqual(before);
  });
});

describe('the instants the demo records', () => {
  /**
   * Every instant a row records (created_at, published_at, cast_at…) is the app's or the demo's
   * clock, never the database server's `now()` (which is the machine's, here days away from the
   * demo): the demo's clock stands at whole minutes (09:00 and steps of four minutes), the app's at
   * SEEDED_ON plus a few milliseconds a reading. A value from the machine's clock has seconds and
   * milliseconds of its own (the chance that one is whole, for every row of a column, is nil).
   * Left out: the job queue's times (its leases are kept by the database's clock on purpose), the
   * stored blobs' (swept by the machine's clock), and instants computed ahead (expiries, lock-outs).
   */
  it('comes from the app’s or the demo’s clock in every table, not from the database server’s', async () => {
    const excluded = new Set([
      'jobs.created_at', 'jobs.updated_at', 'jobs.run_after', 'jobs.started_at', 'jobs.heartbeat_at', 'jobs.finished_at',
      'file_blobs.created_at',
      'users.locked_until',
      'rate_limit_counters.window_start',
      // A signing key's certificate is valid from a day before it is made (clocks that differ a little).
      'signing_keys.not_before',
    ]);
    const computedAhead = (column: string) => column.endsWith('expires_at');
    const columns = (await t.handle.db.execute(sql`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and data_type like 'timestamp%' order by 1, 2`)) as unknown as { rows: { table_name: string; column_name: string }[] };
    const seededAt = Date.parse(SEEDED_ON);
    const offClock: string[] = [];
    let checked = 0;
    for (const { table_name: table, column_name: column } of columns.rows) {
      if (excluded.has(`${table}.${column}`) || computedAhead(column)) continue;
      const values = (await t.handle.db.execute(sql.raw(`select "${column}" as at from "${table}" where "${column}" is not null`))) as unknown as { rows: { at: Date | string }[] };
      for (const { at } of values.rows) {
        const ms = new Date(at).getTime();
        checked += 1;
        const demoClock = ms % 60_000 === 0;
        const appClock = ms >= seededAt && ms < seededAt + 60_000;
        if (!demoClock && !appClock) {
          offClock.push(`${table}.${column} = ${new Date(ms).toISOString()}`);
          break;
        }
      }
    }
    expect(checked).toBeGreaterThan(5000);
    expect(offClock).toEqual([]);
  });
});
