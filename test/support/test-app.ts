import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/platform/config.ts';
import { bootstrap } from '../../src/platform/bootstrap.ts';
import { seedCalendars } from '../../src/platform/calendar-store.ts';
import { buildApp } from '../../src/server.ts';
import type { DatabaseHandle } from '../../src/db/client.ts';
import type { ManualClock } from '../../src/platform/clock.ts';
import { testClock } from './clock.ts';
import { openTestDatabase } from './test-db.ts';
import { installPersonalDataKey, resolvePersonalDataKey } from '../../src/platform/personal-data.ts';

export const ADMIN_PASSWORD = 'Ministry-root-2021';

export interface TestApp {
  app: FastifyInstance;
  handle: DatabaseHandle;
  config: Config;
  /** The app's clock: stands at the test's day (TEST_NOW unless the test chose one); move it with set(). */
  clock: ManualClock;
  /** A logged-in client; `as('admin')` logs in the system administrator. */
  login(username: string, password: string): Promise<TestClient>;
  admin(): Promise<TestClient>;
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig(
    { LOG_LEVEL: 'silent', DATA_DIR: '.tmp/test-data' },
    // A test installation is a demo one: its QR codes may point to this machine (tests that check the refusal set demo: false).
    { webDir: undefined, loginRateLimitPerMinute: 10_000, rateLimitPerMinute: 100_000, demo: true, ...overrides },
  );
}

/** The app in-process on a fresh database, with admin's password set (no forced change). */
export async function createTestApp(overrides: Partial<Config> = {}, options: { clock?: ManualClock } = {}): Promise<TestApp> {
  const clock = options.clock ?? testClock();
  const handle = await openTestDatabase();
  const config = testConfig(overrides);
  // The audit chain is keyed by the personal data key: installed before bootstrap's first entry, as main.ts does.
  installPersonalDataKey(resolvePersonalDataKey(config).key);
  await bootstrap(handle.db, { adminPassword: ADMIN_PASSWORD, clock });
  await seedCalendars(handle.db, clock);
  const app = await buildApp(config, { db: handle.db, logger: false, clock });
  await app.ready();
  const testApp: TestApp = {
    app,
    handle,
    config,
    clock,
    login: (username, password) => TestClient.login(app, username, password),
    admin: () => TestClient.login(app, 'admin', ADMIN_PASSWORD),
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
  return testApp;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Drives the API like the web page does: session cookie plus the CSRF header on writes. */
export class TestClient {
  private constructor(
    readonly app: FastifyInstance,
    readonly cookies: Record<string, string>,
    readonly me: { id: string; organisation: { id: string } } & Record<string, unknown>,
  ) {}

  static async login(app: FastifyInstance, username: string, password: string): Promise<TestClient> {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    if (response.statusCode !== 200) throw new Error(`login ${username} failed: ${response.statusCode} ${response.body}`);
    const cookies: Record<string, string> = {};
    for (const cookie of response.cookies) cookies[cookie.name] = cookie.value;
    return new TestClient(app, cookies, response.json().user);
  }

  /**
   * The first log-in of an account an administrator opened (its password is one-time and must be
   * changed before anything else): logs in with the one-time password and changes it to `password`,
   * as the user would on the change-password page. The client returned is signed in with the new one.
   */
  static async firstLogIn(app: FastifyInstance, username: string, oneTimePassword: string, password: string): Promise<TestClient> {
    const client = await TestClient.login(app, username, oneTimePassword);
    const changed = await client.post('/api/v1/auth/password', { currentPassword: oneTimePassword, newPassword: password });
    if (changed.statusCode !== 204) throw new Error(`password change of ${username} failed: ${changed.statusCode} ${changed.body}`);
    return new TestClient(app, client.cookies, { ...client.me, mustChangePassword: false });
  }

  request(method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method,
      url,
      payload: payload as never,
      cookies: this.cookies,
      headers: method === 'GET' ? headers : { 'x-csrf-token': this.cookies.ptech_csrf, ...headers },
    });
  }

  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, payload?: unknown) {
    return this.request('POST', url, payload ?? {});
  }
  patch(url: string, payload: unknown) {
    return this.request('PATCH', url, payload);
  }
}
