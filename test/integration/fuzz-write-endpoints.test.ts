import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RouteRecord } from '../../src/platform/fastify-types.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';

/**
 * Bad input against every write endpoint, generated from each route's own zod schema: wrong types,
 * missing and extra fields, huge strings, control characters, malformed JSON and UTF-8, bodies over
 * the limit, SQL and HTML payloads, impossible dates, ID numbers one digit off. Every answer must be
 * a 4xx problem+json, no row may be written, and the server must go on answering.
 */
let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
});
afterAll(() => t?.close());

const nastyStrings = [
  "'; drop table users; --",
  "1' or '1'='1",
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '\u0000\u0001\u0002\u001b[31m',
  '\uD800',
  '‮evil',
  '2021-02-30',
  '2021-13-01',
  '110105194912310021',
  '11010519491231002x',
  'Y00001100000222T00001',
  '../../etc/passwd',
  '特'.repeat(5000),
  'a'.repeat(70_000),
  '',
  ' ',
];

const wrongValue = fc.oneof(
  fc.constantFrom(...nastyStrings),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

function jsonSchemaOf(schema: unknown): JsonSchema | null {
  if (!schema || typeof schema !== 'object' || !('_zod' in (schema as object))) return null;
  try {
    return z.toJSONSchema(schema as z.ZodType, { unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return null;
  }
}

/** Bodies that must all be refused: generated from the schema where there is one. */
function badBodies(schema: JsonSchema | null): fc.Arbitrary<unknown> {
  const generic = fc.oneof(fc.anything({ maxDepth: 2 }), fc.constantFrom(...nastyStrings), fc.constant([]), fc.constant(42));
  if (!schema || schema.type !== 'object' || !schema.properties) return generic;
  const keys = Object.keys(schema.properties);
  const required = schema.required ?? [];
  // Every property present but with a wrong or hostile value (at least one required one).
  const allWrong = fc.record(Object.fromEntries(keys.map((key) => [key, wrongValue])));
  // A required field missing.
  const missing = required.length
    ? fc.constantFrom(...required).chain((drop) => fc.record(Object.fromEntries(keys.filter((key) => key !== drop).map((key) => [key, wrongValue]))))
    : fc.constant({ unexpectedField: true });
  // Only unknown fields.
  const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((key) => !keys.includes(key) && key !== '__proto__'), wrongValue, { minKeys: 1, maxKeys: 3 });
  return fc.oneof(generic, allWrong, missing, extra);
}

function concreteUrl(url: string, variant: 'uuid' | 'garbage') {
  return url.replace(/:(\w+)/g, (_whole, name: string) =>
    variant === 'uuid' ? (name === 'year' ? '2999' : '00000000-0000-4000-8000-000000000000') : "x'%20or%201=1--",
  );
}

/** Rows of every table but the log, the sessions and the rate limits' counters (a refused request is counted too). */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = (await t.handle.db.execute(
    sql`select tablename from pg_tables where schemaname = 'public' and tablename not in ('audit_log', 'sessions', 'rate_limit_counters', '__drizzle_migrations')`,
  )) as unknown as { rows: { tablename: string }[] };
  const counts: Record<string, number> = {};
  for (const { tablename } of tables.rows) {
    const result = (await t.handle.db.execute(sql.raw(`select count(*)::int as n from "${tablename}"`))) as unknown as { rows: { n: number }[] };
    counts[tablename] = result.rows[0].n;
  }
  return counts;
}

function writeRoutes(): RouteRecord[] {
  return t.app.routeTable.filter(
    (route) => route.url.startsWith('/api/v1/') && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method) && !route.url.startsWith('/api/v1/auth/'),
  );
}

function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; body: string }, label: string) {
  expect(response.statusCode, `${label} answered ${response.statusCode}: ${response.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(response.statusCode, `${label} answered ${response.statusCode}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
  expect(String(response.headers['content-type']), label).toContain('application/problem+json');
  const body = JSON.parse(response.body);
  expect(typeof body.code, label).toBe('string');
  expect(body.messages?.['zh-CN'], label).toBeTruthy();
  expect(body.messages?.en, label).toBeTruthy();
}

describe('bad input against every write endpoint', () => {
  it('finds write endpoints to fuzz', () => {
    expect(writeRoutes().length).toBeGreaterThan(5);
  });

  it('refuses generated bad bodies with 4xx problem+json and writes no row', async () => {
    const before = await rowCounts();
    for (const route of writeRoutes()) {
      if (route.multipart) continue; // uploads have their own tests (magic bytes, sizes, names)
      const schema = jsonSchemaOf(route.body);
      await fc.assert(
        fc.asyncProperty(badBodies(schema), fc.constantFrom<'uuid' | 'garbage'>('uuid', 'garbage'), async (body, variant) => {
          const url = concreteUrl(route.url, variant);
          const response = await admin.request(route.method as 'POST', url, body === undefined ? {} : body);
          expectProblem(response, `${route.method} ${url} ${JSON.stringify(body)?.slice(0, 200)}`);
        }),
        { numRuns: 25, seed: 2021 },
      );
    }
    expect(await rowCounts()).toEqual(before);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('refuses malformed JSON, malformed UTF-8, wrong content types and bodies over the limit', async () => {
    const before = await rowCounts();
    const raw = [
      { payload: '{"name": "未闭合', type: 'application/json', code: 'MALFORMED_JSON' },
      { payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), type: 'application/json', code: null },
      { payload: 'name=x', type: 'application/x-www-form-urlencoded', code: 'UNSUPPORTED_MEDIA_TYPE' },
    ];
    const oversized = new Map<number, string>();
    for (const route of writeRoutes()) {
      if (route.multipart) continue;
      // Over the route's own limit where it has one (a checkpoint file may be 21 MiB), else the server's 1 MiB.
      const limit = route.bodyLimit ?? 1_048_576;
      if (!oversized.has(limit)) oversized.set(limit, JSON.stringify({ name: 'x'.repeat(limit + 1000) }));
      for (const { payload, type, code } of [...raw, { payload: oversized.get(limit)!, type: 'application/json', code: 'PAYLOAD_TOO_LARGE' }]) {
        const response = await t.app.inject({
          method: route.method as 'POST',
          url: concreteUrl(route.url, 'uuid'),
          payload,
          headers: { 'content-type': type, 'x-csrf-token': admin.cookies.ptech_csrf },
          cookies: admin.cookies,
        });
        expectProblem(response, `${route.method} ${route.url} with ${type}`);
        if (code) expect(response.json().code, `${route.method} ${route.url}`).toBe(code);
      }
    }
    expect(await rowCounts()).toEqual(before);
  });
});
