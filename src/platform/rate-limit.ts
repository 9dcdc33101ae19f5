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
// the verification benchmark's 50 connections a batch holds 10–30 requests. One batch is written at a
// time per process; the requests that arrive meanwhile form the next one.
//
// Reads (GET: the public verification, the busiest route) are counted by leases instead
// (`incrementLeased`): a process takes a few units of the window's allowance at once and hands them
// out without a round trip; no unit past the limit is ever granted, so every process together still
// answers at most the limit. A round trip per request halved verify-pg's rate. Keys are sorted within a
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
    this.loader = new DataLoader<Increment, number, string>((increments) => this.countBatchInTurn(increments), {
      // Not a cache: every request is counted, duplicates included.
      cache: false,
      maxBatchSize: 500,
      // One batch written at a time: while one is in flight, the next stays open and gathers every
      // request that arrives, and is sent when the first is done. Concurrent batches would only queue
      // on the same row's lock in the database (one client's key), each a round trip and a commit.
      batchScheduleFn: (callback) => {
        if (this.writing) this.next.push(callback);
        else setImmediate(callback);
      },
    });
  }

  private writing = false;
  private readonly next: (() => void)[] = [];

  private async countBatchInTurn(increments: readonly Increment[]): Promise<number[]> {
    this.writing = true;
    try {
      return await this.countBatch(increments);
    } finally {
      const following = this.next.shift();
      // Still writing until the following batch has started (so that no third one starts beside it).
      if (following) setImmediate(following);
      else this.writing = false;
    }
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
    const rows = [...totals.values()];
    const newTotals = await this.addCounts(rows);
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

  /** Adds counts to their rows in one statement (rows in key order: no deadlock between processes); the new totals by slot. */
  private async addCounts(rows: { key: string; windowStart: number; windowMs: number; added: number }[]): Promise<Map<string, number>> {
    const sorted = [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.windowStart - b.windowStart));
    const keys = sorted.map((row) => row.key);
    const starts = sorted.map((row) => new Date(row.windowStart).toISOString());
    const added = sorted.map((row) => row.added);
    const ends = sorted.map((row) => new Date(row.windowStart + row.windowMs).toISOString());
    const result = (await this.db.execute(sql`
      insert into ${rateLimitCounters} (key, window_start, count, expires_at)
      select key, window_start, count, expires_at
        from unnest(${sql.param(keys)}::text[], ${sql.param(starts)}::timestamptz[], ${sql.param(added)}::int[], ${sql.param(ends)}::timestamptz[])
             as batch(key, window_start, count, expires_at)
        order by key, window_start
      on conflict (key, window_start) do update set count = ${rateLimitCounters}.count + excluded.count
      returning key, extract(epoch from window_start) * 1000 as window_start, count`)) as unknown as { rows: { key: string; window_start: string | number; count: number }[] };
    return new Map(result.rows.map((row) => [`${Math.round(Number(row.window_start))}\u0000${row.key}`, Number(row.count)]));
  }

  /**
   * Counts one read for `key` against `max` by leases: the process takes several units of the
   * window's allowance from the shared row at once (the total raised by the units asked for, and
   * only the units that fall within `max` granted), then hands them out to its requests without a
   * round trip. The requests waiting while a lease is in flight are served by the next one, which
   * asks for all of them. No process is granted a unit past `max`, so every process together
   * answers at most `max` requests a window, as with `increment`; a process may hold a few
   * units it does not use (at most a twentieth of `max`), which the others then cannot have. Once
   * the row has reached `max`, this process refuses without asking again until the window ends.
   */
  /** The leased count without waiting, when this process holds a unit (or the window is used up); null when a lease must be taken. */
  leasedNow(key: string, windowMs: number, max: number): { current: number; ttl: number } | null {
    const now = this.clock.now().getTime();
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const lease = this.leases.get(`${windowStart}\u0000${key}`);
    if (!lease || lease.inFlight) return null;
    const ttl = Math.max(1, windowStart + windowMs - now);
    if (lease.held > 0) {
      lease.held -= 1;
      return { current: Math.min(max, lease.total - lease.held), ttl };
    }
    return lease.exhausted ? { current: Math.max(max + 1, lease.total), ttl } : null;
  }

  async incrementLeased(key: string, windowMs: number, max: number): Promise<{ current: number; ttl: number }> {
    const now = this.clock.now().getTime();
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const ttl = Math.max(1, windowStart + windowMs - now);
    const slot = `${windowStart}\u0000${key}`;
    let lease = this.leases.get(slot);
    if (!lease) {
      lease = { key, windowStart, windowMs, held: 0, total: 0, exhausted: false, waiting: 0, inFlight: null };
      this.leases.set(slot, lease);
      this.forgetEndedLeases(now);
    }
    for (;;) {
      if (lease.held > 0) {
        lease.held -= 1;
        // Its place in the window as far as this process knows: within `max`.
        return { current: Math.min(max, lease.total - lease.held), ttl };
      }
      if (lease.exhausted) return { current: Math.max(max + 1, lease.total), ttl };
      lease.waiting += 1;
      lease.inFlight ??= this.takeLease(lease, max);
      try {
        await lease.inFlight;
      } finally {
        lease.waiting -= 1;
      }
    }
  }

  private readonly leases = new Map<string, { key: string; windowStart: number; windowMs: number; held: number; total: number; exhausted: boolean; waiting: number; inFlight: Promise<void> | null }>();

  private async takeLease(lease: { key: string; windowStart: number; windowMs: number; held: number; total: number; exhausted: boolean; waiting: number; inFlight: Promise<void> | null }, max: number): Promise<void> {
    // Yield once, so that the requests of this round of input join the lease.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      const asked = Math.max(lease.waiting, Math.min(max, Math.ceil(max / 20)), 1);
      const totals = await this.addCounts([{ key: lease.key, windowStart: lease.windowStart, windowMs: lease.windowMs, added: asked }]);
      const total = totals.get(`${lease.windowStart}\u0000${lease.key}`) ?? asked;
      const granted = Math.max(0, Math.min(asked, max - (total - asked)));
      lease.held += granted;
      lease.total = total - (asked - granted);
      if (total >= max) lease.exhausted = true;
      this.sweepNowAndThen();
    } finally {
      lease.inFlight = null;
    }
  }

  /** This process's leases of ended windows: forgotten. */
  private forgetEndedLeases(now: number): void {
    for (const [slot, lease] of this.leases) if (lease.windowStart + lease.windowMs <= now && !lease.inFlight) this.leases.delete(slot);
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
    private readonly reads: boolean;
    constructor(options: { routeInfo?: RouteInfo } = {}) {
      const route = options.routeInfo ?? {};
      this.prefix = route.url ? `${[route.method ?? ''].flat().join(',')} ${route.url}` : 'global';
      // Reads (the public verification above all) are counted by leases, not a round trip per request.
      this.reads = route.url !== undefined && [route.method ?? ''].flat().every((method) => method === 'GET' || method === 'HEAD');
    }
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number, max?: number): void {
      if (this.reads && max !== undefined) {
        // Most reads are answered from the units this process holds: no promise, no wait.
        const now = counter.leasedNow(`${this.prefix} ${key}`, timeWindow, max);
        if (now) {
          callback(null, now);
          return;
        }
      }
      const counted = this.reads && max !== undefined ? counter.incrementLeased(`${this.prefix} ${key}`, timeWindow, max) : counter.increment(`${this.prefix} ${key}`, timeWindow);
      counted.then(
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
