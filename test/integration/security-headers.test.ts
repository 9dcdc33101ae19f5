// The headers every answer carries: a content security policy that forbids framing, no MIME
// sniffing; session cookies that scripts cannot read, not sent cross-site, and Secure behind https.
import { testClock } from '../support/clock.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { bootstrap } from '../../src/platform/bootstrap.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { buildApp } from '../../src/server.ts';
import { samplePdf, upload } from '../support/files.ts';
import { ADMIN_PASSWORD, TestClient, testConfig } from '../support/test-app.ts';
import { installPersonalDataKey, resolvePersonalDataKey } from '../../src/platform/personal-data.ts';
import { openTestDatabase } from '../support/test-db.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptech-headers-'));
const webDir = path.join(dataDir, 'web');
let handle: DatabaseHandle;
const apps: FastifyInstance[] = [];

async function appWith(environment: Record<string, string>): Promise<FastifyInstance> {
  const config = loadConfig(
    { LOG_LEVEL: 'silent', DATA_DIR: dataDir, JOBS_ENABLED: 'false', ...environment },
    { webDir, loginRateLimitPerMinute: 10_000, rateLimitPerMinute: 100_000 },
  );
  const app = await buildApp(config, { db: handle.db, logger: false, clock: testClock() });
  await app.ready();
  apps.push(app);
  return app;
}

function directives(response: LightMyRequestResponse): Map<string, string> {
  const policy = String(response.headers['content-security-policy'] ?? '');
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name, ...values] = part.split(/\s+/);
        return [name, values.join(' ')] as [string, string];
      }),
  );
}

function expectProtected(response: LightMyRequestResponse, what: string) {
  expect(directives(response).get('frame-ancestors'), `${what}: frame-ancestors`).toBe("'none'");
  expect(directives(response).get('default-src'), `${what}: default-src`).toBe("'self'");
  expect(directives(response).get('object-src'), `${what}: object-src`).toBe("'none'");
  expect(response.headers['x-content-type-options'], `${what}: nosniff`).toBe('nosniff');
}

beforeAll(async () => {
  fs.mkdirSync(webDir, { recursive: true });
  fs.mkdirSync(path.join(webDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(webDir, 'assets', 'app.js'), 'console.log("特级技师");');
  fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><html lang="zh-CN"><title>特级技师</title><div id="root"></div></html>');
  handle = await openTestDatabase();
  installPersonalDataKey(resolvePersonalDataKey(testConfig()).key); // the audit chain's key, before bootstrap's entry
  await bootstrap(handle.db, { adminPassword: ADMIN_PASSWORD, clock: testClock() });
}, 120_000);
afterAll(async () => {
  for (const app of apps) await app.close();
  await handle?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('security headers', () => {
  it('protect the page, the API and file downloads', async () => {
    const app = await appWith({});
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expectProtected(page, '/');
    const deepLink = await app.inject({ method: 'GET', url: '/organisations' });
    expect(deepLink.statusCode).toBe(200);
    expectProtected(deepLink, '/organisations');
    // The page's own files load before anyone logs in.
    const asset = await app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(asset.statusCode).toBe(200);
    expectProtected(asset, '/assets/app.js');

    expectProtected(await app.inject({ method: 'GET', url: '/api/v1/me' }), '/api/v1/me without a session');
    const admin = await TestClient.login(app, 'admin', ADMIN_PASSWORD);
    const me = await admin.get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expectProtected(me, '/api/v1/me');

    const file = (await upload(admin, { name: '证明.pdf', bytes: samplePdf('headers') })).json();
    const download = await admin.get(`/api/v1/files/${file.id}`);
    expect(download.statusCode).toBe(200);
    expectProtected(download, 'a file download');
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    // A preview may be framed by our own page only, and runs nothing.
    const preview = await admin.get(`/api/v1/files/${file.id}?inline=1`);
    expect(directives(preview).get('frame-ancestors')).toBe("'self'");
    expect(directives(preview).has('sandbox')).toBe(true);
    expect(preview.headers['x-content-type-options']).toBe('nosniff');
  });

  it('make session cookies HttpOnly and SameSite, not Secure over plain http', async () => {
    const app = await appWith({});
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(login.statusCode).toBe(200);
    const session = login.cookies.find((cookie) => cookie.name === 'ptech_session')!;
    const csrf = login.cookies.find((cookie) => cookie.name === 'ptech_csrf')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session.secure).toBeFalsy();
    expect(csrf).toMatchObject({ sameSite: 'Strict' });
    expect(csrf.httpOnly).toBeFalsy();
    expect(login.headers['strict-transport-security']).toBeUndefined();
  });

  it('make every cookie Secure, and send HSTS, when PUBLIC_BASE_URL is https', async () => {
    const app = await appWith({ PUBLIC_BASE_URL: 'https://ptech.example.cn' });
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(login.statusCode).toBe(200);
    for (const cookie of login.cookies) expect(cookie.secure, cookie.name).toBe(true);
    expect(login.cookies.find((cookie) => cookie.name === 'ptech_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(login.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expectProtected(login, 'the log-in answer');
  });
});
