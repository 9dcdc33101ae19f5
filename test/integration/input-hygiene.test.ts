// Text that is not well-formed Unicode is refused at the door (400, both languages) on every route,
// and the logs never show the values a failed query ran with nor a request's query string.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { auditLog } from '../../src/db/schema.ts';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { describeErrorForLog } from '../../src/platform/log-redaction.ts';
import { buildApp } from '../../src/server.ts';
import { createTestApp, testConfig, type TestApp, type TestClient } from '../support/test-app.ts';
import { testClock } from '../support/clock.ts';
import { openTestDatabase } from '../support/test-db.ts';

let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
});
afterAll(() => t?.close());

/** A JSON body written by hand: `\ud800` stays an escape in the text, as an attacker sends it. */
function rawJson(method: 'POST' | 'PATCH', url: string, body: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method, url, payload: body, headers: { 'content-type': 'application/json', ...headers } });
}

async function auditCount(): Promise<number> {
  return (await t.handle.db.select({ seq: auditLog.seq }).from(auditLog)).length;
}

function expectMalformed(response: { statusCode: number; json(): unknown }, paths: string[]) {
  expect(response.statusCode).toBe(400);
  const body = response.json() as { code: string; messages: Record<string, string>; errors: { path: string; code: string; messages: Record<string, string> }[] };
  expect(body.code).toBe('MALFORMED_UNICODE');
  expect(body.messages['zh-CN']).toContain('无效的字符编码');
  expect(body.messages.en).toContain('lone UTF-16 surrogate');
  expect(body.errors.map((error) => error.path)).toEqual(paths);
  for (const error of body.errors) {
    expect(error.code).toBe('MALFORMED_UNICODE');
    expect(error.messages['zh-CN']).toBeTruthy();
    expect(error.messages.en).toBeTruthy();
  }
}

describe('lone UTF-16 surrogates', () => {
  it('are refused on POST /auth/login with 400 naming the field, before any account is looked at', async () => {
    const before = await auditCount();
    expectMalformed(await rawJson('POST', '/api/v1/auth/login', '{"username":"admin\\ud800","password":"x"}'), ['username']);
    expectMalformed(await rawJson('POST', '/api/v1/auth/login', '{"username":"admin","password":"\\udfff-Ministry-root"}'), ['password']);
    expect(await auditCount()).toBe(before);
    // In English when asked.
    const english = await rawJson('POST', '/api/v1/auth/login', '{"username":"\\udc00","password":"x"}', { 'accept-language': 'en' });
    expect(english.json().detail).toContain('lone UTF-16 surrogate');
  });

  it('are refused on the public certificate search and look-up', async () => {
    expectMalformed(await rawJson('POST', '/api/v1/public/certificates/search', '{"name":"张\\ud83d三","idNumber":"110101199003078515"}'), ['name']);
    expectMalformed(await rawJson('POST', '/api/v1/public/certificates/search', '{"name":"张三","idNumber":"1101\\udc0001199003078515","\\ud800":1}'), ['idNumber', '\uFFFD']);
    // Percent-encoded bytes that are no UTF-8 in the path or the query: refused, never a 500.
    for (const url of ['/api/v1/public/certificates/%ED%A0%80', '/api/v1/public/certificates/Y000023000001261000001?x=%ED%A0%80']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, url).toBeLessThan(500);
    }
  });

  it('are refused at any depth of any route with a session, keys included', async () => {
    const response = await rawJson(
      'POST',
      '/api/v1/organisations',
      `{"parentId":"${admin.me.organisation.id}","kind":"department","name":"某省\\ud800人社厅","departmentType":"provincial","provinceCode":"11","extra":{"list":["ok","\\udbff"]}}`,
      { cookie: `ptech_session=${admin.cookies.ptech_session}; ptech_csrf=${admin.cookies.ptech_csrf}`, 'x-csrf-token': admin.cookies.ptech_csrf },
    );
    expectMalformed(response, ['extra.list.1', 'name']);
    // Without a session nothing is said about the body.
    const anonymous = await rawJson('POST', '/api/v1/organisations', '{"name":"\\ud800"}');
    expect(anonymous.statusCode).toBe(401);
  });

  it('lets well-formed text through, a surrogate pair (an emoji) included', async () => {
    const response = await rawJson('POST', '/api/v1/auth/login', '{"username":"admin\\ud83d\\ude00","password":"x"}');
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('INVALID_CREDENTIALS');
  });
});

describe('logs', () => {
  let app: FastifyInstance;
  let handle: DatabaseHandle;
  const lines: string[] = [];
  const SECRET = '$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0LXNhbHQ$c2VjcmV0LWhhc2gtdmFsdWU';

  beforeAll(async () => {
    handle = await openTestDatabase();
    // Debug level: every request is logged too.
    app = await buildApp(testConfig({ logLevel: 'debug' }), { db: handle.db, clock: testClock(), logStream: { write: (line) => void lines.push(line) } });
    // A handler whose query fails with a secret among its parameters, as an update of a password
    // hash or an insert of an identity number might.
    app.get('/api/v1/test/failing-query', { config: { public: true } }, async () => {
      await handle.db.execute(sql`select ${SECRET}::uuid, ${'110101199003078515'}::int`);
      return {};
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it('show the failed query and where it failed, never its parameters, nor the query string of a request', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/test/failing-query?token=query-string-secret&id=110101199003078515' });
    expect(response.statusCode).toBe(500);
    expect(response.json().code).toBe('INTERNAL');
    expect(response.body).not.toContain('argon2');
    await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'typed-password-secret-1' } });

    const log = lines.join('');
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown> & { err?: Record<string, unknown>; req?: { url: string } });
    const failure = entries.find((entry) => entry.msg === 'unhandled error')!;
    expect(failure.err).toMatchObject({ type: 'DrizzleQueryError', query: 'select $1::uuid, $2::int' });
    expect(String(failure.err!.message)).toContain('params: [redacted]');
    expect(failure.err!.cause).toMatchObject({ code: '22P02' });
    expect(String((failure.err!.cause as { message: string }).message)).toBe('invalid input syntax for type uuid: "[redacted]"');
    const requestUrls = entries.filter((entry) => entry.req).map((entry) => entry.req!.url);
    expect(requestUrls).toContain('/api/v1/test/failing-query');
    expect(requestUrls).toContain('/api/v1/auth/login');
    for (const secret of ['argon2id', 'c2VjcmV0', 'query-string-secret', '110101199003078515', 'typed-password-secret-1']) {
      expect(log, secret).not.toContain(secret);
    }
  });

  it('and a job failure stored for the page shows the same without values', async () => {
    const error = await handle.db.execute(sql`select ${SECRET}::uuid`).then(
      () => null,
      (caught: unknown) => caught,
    );
    const text = describeErrorForLog(error);
    expect(text).toContain('Failed query: select $1::uuid');
    expect(text).toContain('invalid input syntax for type uuid: "[redacted]"');
    expect(text).toContain('SQL state 22P02');
    expect(text).not.toContain('argon2');
  });
});
