// soak (issue 11): 60 s of mixed traffic at 50 connections against a real server process
// (`src/main.ts`, as `npm start` runs it) on PostgreSQL: public verifications, HR's list pages
// (applications, register, certificates) with a session, and applications started, filled and
// submitted on behalf of register employees (three writes each, with the CSRF header).
// Passes with zero errors (every answer 2xx, no connection error) and the server's resident
// memory growing less than 10% from the end of the warm-up to the end of the run.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { completeContent } from '../test/integration/applications-fixtures.ts';
import { buildUser } from '../test/support/factories.ts';
import { benchApp, planSetup, seedCertificates, seedRegister } from './data.ts';
import { percentile, rssOfPidMb, seededRandom, type BenchResult, type Benchmark } from './lib.ts';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Session {
  cookie: string;
  csrf: string;
}

export const soak: Benchmark = {
  name: 'soak',
  describe: '60 s of mixed traffic (verification, logged-in lists, submissions) at 50 connections on PostgreSQL: zero errors, RSS growth < 10%',
  async run(ctx): Promise<BenchResult[]> {
    const seconds = ctx.quick ? 6 : 60;
    const warmupSeconds = ctx.quick ? 2 : 15;
    const connections = 50;
    const key = randomBytes(32).toString('hex');
    const t = await benchApp(ctx, 'postgres', { personalDataKey: key });
    let child: ReturnType<typeof spawn> | null = null;
    try {
      // The data: certificates to verify, a register and an open plan to apply under.
      const admin = await t.admin();
      const certificates = await seedCertificates(t, admin, { seed: ctx.seed + 4, count: ctx.quick ? 2000 : 20_000, sample: 2000 });
      const setup = await planSetup(t, admin);
      const registerSize = ctx.quick ? 1000 : 8000;
      await seedRegister(setup.hr, { seed: ctx.seed + 5, count: registerSize });
      const hrUser = await buildUser(admin, setup.group.id, ['enterprise-admin']);
      const hrInProcess = await t.login(hrUser.username, hrUser.password);
      const content = await completeContent(hrInProcess);
      const employees = ((await t.handle.db.execute(sql`select id from employees where organisation_path like ${`${setup.groupPath}%`} order by id`)) as unknown as { rows: { id: string }[] }).rows.map((row) => row.id);

      // The server, in its own process, on the same database.
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DATABASE_URL: (t.handle as { url?: string }).url,
        PERSONAL_DATA_KEY: key,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000000',
        RATE_LIMIT_PER_MINUTE: '1000000000',
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
        DATA_DIR: path.resolve('.tmp/test-data'),
      };
      let output = '';
      const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child = server;
      server.stdout!.on('data', (chunk) => (output += chunk));
      server.stderr!.on('data', (chunk) => (output += chunk));
      for (let waited = 0; ; waited += 100) {
        if (server.exitCode !== null || waited > 60_000) throw new Error(`the server did not start:\n${output.slice(-2000)}`);
        if (await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      // Node's fetch keeps connections alive: 50 loops, each waiting for its answer, hold at most 50.
      async function call(method: string, url: string, session: Session | null, body?: unknown): Promise<{ status: number; json: () => unknown }> {
        const response = await fetch(`${base}${url}`, {
          method,
          headers: {
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(session ? { cookie: session.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': session.csrf }) } : {}),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        return { status: response.status, json: () => JSON.parse(text) };
      }
      async function login(): Promise<Session> {
        const response = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: hrUser.username, password: hrUser.password }) });
        if (response.status !== 200) throw new Error(`login: ${response.status} ${await response.text()}`);
        const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
        const csrf = cookies.find((cookie) => cookie.startsWith('ptech_csrf='))!.slice('ptech_csrf='.length);
        return { cookie: cookies.join('; '), csrf };
      }
      const sessions = await Promise.all(Array.from({ length: 5 }, login));

      const latencies: number[] = [];
      const errors: string[] = [];
      let requests = 0;
      let submissions = 0;
      let nextEmployee = 0;
      const expect = (what: string, status: number, wanted: number) => {
        if (status !== wanted) errors.push(`${what}: ${status}`);
        return status === wanted;
      };
      async function timedCall(method: string, url: string, session: Session | null, body?: unknown) {
        const start = performance.now();
        try {
          return await call(method, url, session, body);
        } finally {
          latencies.push(performance.now() - start);
          requests += 1;
        }
      }

      const startedAt = performance.now();
      const endAt = startedAt + seconds * 1000;
      const rss: { at: number; mb: number }[] = [];
      const sampler = setInterval(() => {
        void rssOfPidMb(server.pid!).then((mb) => rss.push({ at: (performance.now() - startedAt) / 1000, mb }));
      }, 1000);

      async function connection(index: number) {
        const random = seededRandom(ctx.seed * 100 + index);
        const session = sessions[index % sessions.length];
        while (performance.now() < endAt) {
          const roll = random();
          try {
            if (roll < 0.5) {
              const code = certificates.codes[Math.floor(random() * certificates.codes.length)];
              expect('verify', (await timedCall('GET', `/api/v1/public/certificates/${code}`, null)).status, 200);
            } else if (roll < 0.85) {
              const lists = [
                `/api/v1/applications?planId=${setup.planId}&limit=50`,
                `/api/v1/register?limit=50&offset=${Math.floor(random() * 20) * 50}`,
                `/api/v1/certificates?limit=50`,
                `/api/v1/application-plans/${setup.planId}`,
              ];
              const url = lists[Math.floor(random() * lists.length)];
              expect(`GET ${url.split('?')[0]}`, (await timedCall('GET', url, session)).status, 200);
            } else {
              const employeeId = employees[nextEmployee++ % employees.length];
              if (nextEmployee > employees.length) continue; // every employee has applied
              const created = await timedCall('POST', '/api/v1/applications', session, { planId: setup.planId, employeeId });
              if (!expect('create application', created.status, 201)) continue;
              const draft = created.json() as { id: string; revision: number; content: typeof content };
              const filled = {
                ...draft.content,
                identity: { ...draft.content.identity, phone: content.identity.phone },
                qualification: { ...draft.content.qualification, evidence: content.qualification.evidence },
                post: { ...draft.content.post, history: content.post.history, evidence: content.post.evidence },
                achievements: content.achievements,
                honours: [],
                conduct: content.conduct,
                health: content.health,
                integrity: content.integrity,
              };
              const saved = await timedCall('PATCH', `/api/v1/applications/${draft.id}`, session, { revision: draft.revision, content: filled });
              if (!expect('save application', saved.status, 200)) continue;
              const submitted = await timedCall('POST', `/api/v1/applications/${draft.id}/submit`, session, { revision: (saved.json() as { revision: number }).revision });
              if (expect('submit application', submitted.status, 200)) submissions += 1;
            }
          } catch (error) {
            errors.push(`connection error: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      }
      await Promise.all(Array.from({ length: connections }, (_, index) => connection(index)));
      clearInterval(sampler);

      const afterWarmup = rss.filter((sample) => sample.at >= warmupSeconds);
      const atWarmup = afterWarmup[0]?.mb ?? Number.NaN;
      const last = afterWarmup.slice(-3);
      const atEnd = last.reduce((sum, sample) => sum + sample.mb, 0) / Math.max(1, last.length);
      const growth = (atEnd - atWarmup) / atWarmup;
      const elapsed = (performance.now() - startedAt) / 1000;
      const serverCrashed = server.exitCode !== null;
      const pass = errors.length === 0 && !serverCrashed && growth < 0.1;
      if (errors.length) ctx.log(`soak errors (first 10): ${errors.slice(0, 10).join('; ')}`);
      return [
        {
          name: 'soak',
          value: errors.length,
          unit: 'errors',
          baseline: null,
          ratio: null,
          target: 'errors=0,rss_growth<10%',
          pass,
          details: {
            seconds: Number(elapsed.toFixed(1)),
            requests,
            req_per_s: Math.round(requests / elapsed),
            submissions,
            p50_ms: Number(percentile(latencies, 50).toFixed(1)),
            p99_ms: Number(percentile(latencies, 99).toFixed(1)),
            rss_after_warmup_mb: Math.round(atWarmup),
            rss_end_mb: Math.round(atEnd),
            rss_max_mb: Math.round(Math.max(...rss.map((sample) => sample.mb))),
            rss_growth_pct: Number((growth * 100).toFixed(1)),
          },
        },
      ];
    } finally {
      if (child && child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => setTimeout(resolve, 1500));
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await t.close();
    }
  },
};
