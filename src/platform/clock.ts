// The one clock. Business code asks it for "now" and "today in China" instead of reading the
// system clock: `buildApp` receives it (the system clock by default, or the instant that
// PTECH_NOW names), every request context and job context carries it, and tests choose their day.
//
// This is the only file under src/modules, src/platform and src/demo that may call `new Date()`
// without an argument or `Date.now()` (eslint's no-restricted-syntax enforces it). Durations that
// are not business time (progress throttling, benchmarks) use `performance.now()`.
import { AsyncLocalStorage } from 'node:async_hooks';
import { calendarDateInChina, type CalendarDate } from '../domain/calendar-date.ts';

export interface Clock {
  /** The current instant. */
  now(): Date;
  /** Today's calendar date in China (Asia/Shanghai, UTC+8). */
  today(): CalendarDate;
  /** The instant PTECH_NOW (or a test) fixed the clock at, or null for the system clock. */
  readonly fixedAt: Date | null;
}

class SystemClock implements Clock {
  readonly fixedAt = null;
  now(): Date {
    return new Date();
  }
  today(): CalendarDate {
    return calendarDateInChina(new Date());
  }
}

/** The machine's clock. */
export const systemClock: Clock = new SystemClock();

/**
 * A clock set to `start` that runs on at the normal rate from the moment it is made, as `faketime`
 * does: the day stays the one chosen, while sessions, lock-outs and the order of audit entries
 * behave as on a real clock.
 */
export function clockStartingAt(start: Date | string): Clock {
  const startAt = typeof start === 'string' ? parseInstant(start) : new Date(start.getTime());
  const origin = performance.now();
  return {
    fixedAt: startAt,
    now: () => new Date(startAt.getTime() + Math.floor(performance.now() - origin)),
    today() {
      return calendarDateInChina(this.now());
    },
  };
}

/**
 * A clock that stands at `instant` until it is moved (tests, the demo). With `tickMs`, every
 * reading moves it on by that much, so that successive acts get distinct, ordered instants while
 * the run stays deterministic.
 */
export class ManualClock implements Clock {
  private instant: Date;
  constructor(
    instant: Date | string,
    private readonly tickMs = 0,
  ) {
    this.instant = typeof instant === 'string' ? parseInstant(instant) : new Date(instant.getTime());
  }
  get fixedAt(): Date {
    return new Date(this.instant.getTime());
  }
  now(): Date {
    const reading = new Date(this.instant.getTime());
    if (this.tickMs) this.instant = new Date(this.instant.getTime() + this.tickMs);
    return reading;
  }
  today(): CalendarDate {
    return calendarDateInChina(this.instant);
  }
  /** Moves the clock to an instant (or to 09:00 China time of a calendar date). */
  set(instant: Date | string): void {
    this.instant = typeof instant === 'string' ? parseInstant(/^\d{4}-\d{2}-\d{2}$/.test(instant) ? `${instant}T09:00:00+08:00` : instant) : new Date(instant.getTime());
  }
  /** Moves the clock forward by milliseconds. */
  advance(milliseconds: number): void {
    this.instant = new Date(this.instant.getTime() + milliseconds);
  }
}

// The clock of the instants the database fills in itself (created_at, published_at, cast_at…, when
// an insert leaves them out): the columns take `clockNow` as their default, so that they agree with
// the app's clock (PTECH_NOW, a test's day, the demo's year) instead of the database server's.
interface ClockScope {
  clock: Clock;
}
const clockScopes = new AsyncLocalStorage<ClockScope>();
let installedClock: Clock = systemClock;

/** The clock of the app this process serves: buildApp installs it, and so do the CLI's commands. */
export function installClock(clock: Clock): void {
  installedClock = clock;
}

/**
 * Runs work whose default instants come from the scope's clock (the demo plays its year on its
 * own); the work may replace `scope.clock` as it goes.
 */
export function withClockScope<T>(scope: ClockScope, work: () => Promise<T>): Promise<T> {
  return clockScopes.run(scope, work);
}

/** The clock default instants come from: the scope's, else the installed app's, else the machine's. */
export function currentClock(): Clock {
  return clockScopes.getStore()?.clock ?? installedClock;
}

/** The default of every business instant column: the current clock's "now". */
export const clockNow = (): Date => currentClock().now();

/** An ISO 8601 date-time with an explicit offset (`Z` or `±hh:mm`), as PTECH_NOW takes it. */
export const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseInstant(text: string): Date {
  if (!INSTANT_WITH_OFFSET.test(text)) throw new Error(`not an ISO date-time with an offset: ${text}`);
  const instant = new Date(text);
  if (Number.isNaN(instant.getTime())) throw new Error(`not a real date-time: ${text}`);
  return instant;
}

/** The clock of a process: PTECH_NOW's instant when it is set, otherwise the system clock. */
export function processClock(fixedNow: string | undefined): Clock {
  return fixedNow ? clockStartingAt(fixedNow) : systemClock;
}

/** "2026-12-28 10:00 (UTC+8)": how the banner and the start-up warning write a fixed instant. */
export function describeInstantInChina(instant: Date): string {
  const shifted = new Date(instant.getTime() + 8 * 3_600_000);
  return `${shifted.toISOString().slice(0, 16).replace('T', ' ')} (UTC+8)`;
}
