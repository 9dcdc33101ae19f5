// What every benchmark shares: the result line, timing, percentiles, HTTP load with autocannon
// (in a worker thread, so the load generator does not share the server's event loop), memory.
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import type { PostgresServer } from '../test/support/postgres-server.ts';

export type Comparison = '>=' | '<=';

/** One measured figure against its target; `baseline` is null when the issue names none. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  /** value / baseline (or null without a baseline). */
  ratio: number | null;
  /** Human-readable target, e.g. "ratio>=0.5,p99<=25ms". */
  target: string;
  pass: boolean;
  /** Extra figures for the report (p95, RSS, …), printed on a second line starting with "#". */
  details?: Record<string, number | string>;
}

export interface BenchContext {
  quick: boolean;
  /**
   * Data-set size factor of a full run (`--scale 0.1`: a tenth of the rows), for working on one
   * benchmark without seeding a million rows each time; the figures are at scale 1.
   */
  scale: number;
  /** Deterministic data: the same seed gives the same data set. */
  seed: number;
  /** A PostgreSQL server, started on first use and shared by the benchmarks of one run. */
  postgres(): Promise<PostgresServer>;
  log(message: string): void;
}

export interface Benchmark {
  name: string;
  /** One line: what is measured against what. */
  describe: string;
  run(ctx: BenchContext): Promise<BenchResult[]>;
}

const fmt = (value: number | null): string => (value === null ? '-' : Number.isInteger(value) ? String(value) : value.toFixed(value >= 100 ? 1 : value >= 1 ? 2 : 3));

export function formatResult(result: BenchResult): string {
  return `BENCH ${result.name} ${fmt(result.value)} ${result.unit} baseline=${fmt(result.baseline)} ratio=${fmt(result.ratio)} target=${result.target} ${result.pass ? 'PASS' : 'FAIL'}`;
}

/** The full-run size `full` at the run's scale (at least `min`), or `quick` in a quick run. */
export function sizeOf(ctx: Pick<BenchContext, 'quick' | 'scale'>, quick: number, full: number, min = quick): number {
  return ctx.quick ? quick : Math.max(min, Math.round(full * ctx.scale));
}

export function ratioOf(value: number, baseline: number): number {
  return baseline === 0 ? Number.POSITIVE_INFINITY : value / baseline;
}

/** Milliseconds since `start` (performance.now()). */
export function since(start: number): number {
  return performance.now() - start;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: since(start), value };
}

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Resident set size of this process in MB. */
export function rssMb(): number {
  return process.memoryUsage().rss / 1024 / 1024;
}

/** Resident set size of another process in MB (Linux /proc). */
export async function rssOfPidMb(pid: number): Promise<number> {
  const fs = await import('node:fs/promises');
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** A deterministic pseudo-random generator (mulberry32): the data sets are the same for one seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Non-2xx answers, errors and timeouts: all count as errors. */
  errors: number;
  non2xx: number;
  total: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  /** Paths (with method, headers, body) the connections cycle through. */
  requests: { method?: 'GET' | 'POST' | 'PATCH'; path: string; headers?: Record<string, string>; body?: string }[];
  /** Warm-up seconds before the measured run (JIT, connection pool, caches). */
  warmupSeconds?: number;
}

function runAutocannon(options: LoadOptions, seconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: seconds,
        requests: options.requests,
        // A worker thread: the load generator must not queue behind the server's event loop.
        workers: 1,
      } as autocannon.Options,
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/** autocannon against a listening server; the measured run follows an optional warm-up. */
export async function httpLoad(options: LoadOptions): Promise<LoadResult> {
  if (options.warmupSeconds) await runAutocannon(options, options.warmupSeconds);
  const result = await runAutocannon(options, options.seconds);
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

/** Listens on a free port of 127.0.0.1 and returns the base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  return `http://127.0.0.1:${address.port}`;
}
