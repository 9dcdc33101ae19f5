// Rate limits shared by every app process: a store for @fastify/rate-limit that counts in the
// database (`rate_limit_counters`) instead of one process's memory.
//
// Why: with the plugin's default store each process counted alone, so two app processes behind one
// address let a client make twice the log-in attempts (and n processes n times). Now every request
// raises its counter in the shared table with an atomic upsert and is judged by the total.
//
// How it stays fast: the requests that arrive while the server reads one round of input (until
// `setImmediate`) are counted together in one statement: one row per key and window, raised by the
// number of requests for it, and each request gets its own running number back (the upsert returns
// the new total; the batch's requests take the numbers just below it, in order). That is exact (no
// request is judged on a stale count) and costs one round trip per batch, not per request: under
// the verification benchmark's 50 connections a batch holds 10–30 requests. Keys are sorted within a
// statement so that two processes' batches lock rows in the same order (no deadlock).
//
// Windows are fixed (a minute from :00), so a client can spend a window's allowance at its end and
// the next one's at the start of the next: at most twice the limit in any minute, in every process
// together. Rows of ended windows are deleted about once a minute by whichever process counts.
// Time is the app's clock, so tests move windows with it.
import DataLoader from 'dataloader';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { rateLimitCounters } from './rate-limit-tables.ts';
import type { Clock } from './clock.ts';

interface Increment {
  key: string;
  windowStart: number;
  windowMs: number;
}

const SWEEP_EVERY_MS = 60_000;

/** Counts requests per key and window in the database, a batch per turn of the event loop. */
export class SharedCounter {
  private readonly loader: DataLoader<Increment, number, string>;
  private lastSweep = 0;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    this.loader = new DataLoader<Increment, number, string>((increments) => this.countBatch(increments), {
      // Not a cache: every request is counted, duplicates included.
      cache: false,
      maxBatchSize: 500,
      batchScheduleFn: (callback) => setImmediate(callback),
    });
  }

  /** Counts one request for `key` in the current window: its number in the window, and the milliseconds left. */
  async increment(key: string, windowMs: number): Promise<{ current: number; ttl: number }> {
    const now = this.clock.now().getTime();
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const current = await this.loader.load({ key, windowStart, windowMs });
    return { current, ttl: Math.max(1, windowStart + windowMs - now) };
  }

  private async countBatch(increments: readonly Increment[]): Promise<number[]> {
    const totals = new Map<string, { key: string; windowStart: number; windowMs: number; added: number }>();
    const slot = (increment: Increment) => `${increment.windowStart}\u0000${increment.key}`;
    for (const increment of increments) {
      const entry = totals.get(slot(increment));
      if (entry) entry.added += 1;
      else totals.set(slot(increment), { ...increment, added: 1 });
    }
    const rows = [...totals.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.windowStart - b.windowStart));
    const keys = rows.map((row) => row.key);
    const starts = rows.map((row) => new Date(row.windowStart).toISOString());
    const added = rows.map((row) => row.added);
    const ends = rows.map((row) => new Date(row.windowStart + row.windowMs).toISOString());
    const result = (await this.db.execute(sql`
      insert into ${rateLimitCounters} (key, window_start, count, expires_at)
      select key, window_start, count, expires_at
        from unnest(${sql.param(keys)}::text[], ${sql.param(starts)}::timestamptz[], ${sql.param(added)}::int[], ${sql.param(ends)}::timestamptz[])
             as batch(key, window_start, count, expires_at)
        order by key, window_start
      on conflict (key, window_start) do update set count = ${rateLimitCounters}.count + excluded.count
      returning key, extract(epoch from window_start) * 1000 as window_start, count`)) as unknown as { rows: { key: string; window_start: string | number; count: number }[] };
    const newTotals = new Map(result.rows.map((row) => [`${Math.round(Number(row.window_start))}\u0000${row.key}`, Number(row.count)]));
    // The requests of the batch take the numbers up to the new total, in the order they came.
    const next = new Map<string, number>();
    for (const row of rows) next.set(slot(row), newTotals.get(slot(row))! - row.added + 1);
    this.sweepNowAndThen();
    return increments.map((increment) => {
      const number = next.get(slot(increment))!;
      next.set(slot(increment), number + 1);
      return number;
    });
  }

  /** Deletes the rows of ended windows, at most once a minute per process, after the batch. */
  private sweepNowAndThen(): void {
    const now = this.clock.now();
    if (now.getTime() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now.getTime();
    void this.db
      .delete(rateLimitCounters)
      .where(lt(rateLimitCounters.expiresAt, now))
      .catch(() => undefined);
  }
}

interface RouteInfo {
  method?: string | string[];
  url?: string;
}

/**
 * The store class @fastify/rate-limit builds: each route with a limit gets a child whose keys are
 * the route's method and path followed by the client's key (its address), as the default store
 * keeps one count per route and client.
 */
export function databaseRateLimitStore(db: Database, clock: Clock): FastifyRateLimitStoreCtor {
  const counter = new SharedCounter(db, clock);
  // The plugin passes `child` its merged options for the route, with `routeInfo` (the types say otherwise).
  class DatabaseRateLimitStore {
    private readonly prefix: string;
    constructor(options: { routeInfo?: RouteInfo } = {}) {
      const route = options.routeInfo ?? {};
      this.prefix = route.url ? `${[route.method ?? ''].flat().join(',')} ${route.url}` : 'global';
    }
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      counter.increment(`${this.prefix} ${key}`, timeWindow).then(
        (result) => callback(null, result),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }
    child(routeOptions: { routeInfo?: RouteInfo }): DatabaseRateLimitStore {
      return new DatabaseRateLimitStore(routeOptions);
    }
  }
  return DatabaseRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}
