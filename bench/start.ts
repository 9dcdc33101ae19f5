// start: `npm start` on an empty data folder (PGlite created, migrations applied, administrator and
// calendars bootstrapped) until /healthz answers, and the server's resident memory then.
// The web build is not part of it (PTECH_SKIP_WEB_BUILD=1; `npm start` builds only when the
// sources changed): the benchmark builds first when web/dist is missing, outside the timing.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { percentile, ratioOf, rssOfPidMb, since, type BenchContext, type BenchResult, type Benchmark } from './lib.ts';

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

/** The process and its descendants (Linux /proc). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const all = [pid];
  for (let index = 0; index < all.length; index += 1) all.push(...(children.get(all[index]) ?? []));
  return all;
}

/** The node process that runs the server (scripts/start.mjs), among npm's descendants. */
function serverPid(root: number): number | null {
  for (const pid of descendants(root)) {
    try {
      // The node process itself, not the shell npm runs it through.
      const [program, ...args] = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (path.basename(program) === 'node' && args.some((arg) => arg.endsWith('scripts/start.mjs'))) return pid;
    } catch {
      // gone
    }
  }
  return null;
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Starts `command` (detached, with DATA_DIR on a new empty folder and PORT on a free port) and
 * times it until /healthz answers; then the resident memory of the process `pidOf` picks out.
 */
async function timeStart(ctx: BenchContext, command: string, args: string[], pidOf: (root: number) => number | null, extraEnv: NodeJS.ProcessEnv): Promise<{ ms: number; rss: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptech-bench-start-'));
  const port = await freePort();
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ...extraEnv };
  delete env.DATABASE_URL;
  delete env.PERSONAL_DATA_KEY;
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  try {
    const deadline = started + 60_000;
    let up = false;
    while (performance.now() < deadline && child.exitCode === null) {
      if (await healthy(`http://127.0.0.1:${port}/healthz`)) {
        up = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const ms = since(started);
    if (!up) throw new Error(`${command} ${args.join(' ')} did not answer /healthz within 60 s:\n${output.slice(-2000)}`);
    // Memory once it has settled (the first requests served, the start-up garbage collected).
    await new Promise((resolve) => setTimeout(resolve, ctx.quick ? 500 : 2000));
    const pid = pidOf(child.pid!);
    if (!pid) throw new Error('cannot find the server process');
    return { ms, rss: await rssOfPidMb(pid) };
  } finally {
    // The whole group started (npm, the server).
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // stopped
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The ratio the start must hold against its baseline. The absolute target (10 s) was set on a
 * machine about twice as fast as the shared 2-core machines of December 2026, on which `npm start`
 * took 9.5–12 s and failed it while the system had not changed. Measured there in one run (6 December
 * 2026): `npm start` 12.1 s against a bare PGlite created plus a bare Fastify listening in 6.4 s,
 * ratio 1.9. 2.5 leaves room for the machines' noise and fails a start that grows by a third
 * against what any server on this stack pays.
 */
export const START_RATIO_TARGET = 2.5;

export const startBench: Benchmark = {
  name: 'start',
  describe: '`npm start` on an empty data folder until /healthz answers, vs a bare PGlite created plus a bare Fastify listening (same run); resident memory after start',
  async run(ctx): Promise<BenchResult[]> {
    if (!fs.existsSync(path.resolve('web/dist/index.html'))) {
      ctx.log('start: building the web app first (not timed)');
      const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
      if (build.status !== 0) throw new Error('npm run build failed');
    }
    const rounds = ctx.quick ? 1 : 3;
    const product: number[] = [];
    const baseline: number[] = [];
    let rss = 0;
    for (let round = 0; round < rounds; round += 1) {
      const base = await timeStart(ctx, process.execPath, [path.resolve('bench/start-baseline.mjs')], (root) => root, {});
      baseline.push(base.ms);
      const start = await timeStart(ctx, 'npm', ['start'], serverPid, { ADMIN_PASSWORD: 'Bench-password-2021', LOG_LEVEL: 'warn', PTECH_SKIP_WEB_BUILD: '1' });
      product.push(start.ms);
      rss = Math.max(rss, start.rss);
    }
    const value = percentile(product, 50);
    const base = percentile(baseline, 50);
    const ratio = ratioOf(value, base);
    return [
      {
        name: 'start',
        value: Number((value / 1000).toFixed(2)),
        unit: 's',
        baseline: Number((base / 1000).toFixed(2)),
        ratio,
        target: `ratio<=${START_RATIO_TARGET},rss<=400MB`,
        pass: ratio <= START_RATIO_TARGET && rss <= 400,
        // The absolute figure against the 10 s, as information (it depends on the machine).
        details: { rss_mb: Math.round(rss), rounds, absolute_target_s: 10, absolute_pass: value <= 10_000 ? 'yes' : 'no' },
      },
    ];
  },
};
