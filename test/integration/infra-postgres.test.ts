// Proves the database engine the integration suite runs on is reachable: TEST_DB=pglite opens an
// in-memory PGlite, TEST_DB=postgres connects to the server scripts/test.mjs started
// (TEST_DATABASE_URL). A missing or unknown setting fails; it never skips.
import { describe, expect, it } from 'vitest';

const engine = process.env.TEST_DB ?? 'pglite';

describe(`database engine (TEST_DB=${engine})`, () => {
  it('is a known engine', () => {
    expect(['pglite', 'postgres'], `TEST_DB must be "pglite" or "postgres", got "${engine}"`).toContain(engine);
  });

  if (engine === 'postgres') {
    it('reaches the PostgreSQL server at TEST_DATABASE_URL', async () => {
      const url = process.env.TEST_DATABASE_URL;
      if (!url) {
        throw new Error(
          'TEST_DB=postgres but TEST_DATABASE_URL is not set: run the suite through `npm test` ' +
            '(or `npx tsx scripts/with-postgres.ts npx vitest run --project integration`), which starts a server',
        );
      }
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ version: string; encoding: string }>(
          "select version() as version, pg_encoding_to_char(encoding) as encoding from pg_database where datname = current_database()",
        );
        expect(rows[0].version).toMatch(/^PostgreSQL \d+/);
        expect(rows[0].encoding).toBe('UTF8');
        const round = await client.query<{ s: string }>('select $1::text as s', ['特级技师']);
        expect(round.rows[0].s).toBe('特级技师');
      } finally {
        await client.end();
      }
    });
  } else {
    it('opens an in-memory PGlite', async () => {
      const { PGlite } = await import('@electric-sql/pglite');
      const db = new PGlite();
      try {
        const { rows } = await db.query<{ one: number }>('select 1 as one');
        expect(rows).toEqual([{ one: 1 }]);
        const round = await db.query<{ s: string }>('select $1::text as s', ['特级技师']);
        expect(round.rows[0].s).toBe('特级技师');
      } finally {
        await db.close();
      }
    });
  }
});
