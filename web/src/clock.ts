// The page's clock is the server's: "now" and "today" come from GET /api/v1/public/time (read once
// before the app renders, then kept as an offset from the browser's clock), so that a browser whose
// clock is wrong, or a server whose clock PTECH_NOW has fixed (tests, demos), still agree on the day.
// The only file of the web app that may read the browser's clock (eslint's no-restricted-syntax).
import dayjs, { type Dayjs } from 'dayjs';

interface ServerTime {
  now: string;
  today: string;
  fixedAt: string | null;
}

let offsetMs = 0;
let fixedAt: string | null = null;

/** Reads the server's time; on failure the browser's clock stands in (the page still works). */
export async function loadServerTime(): Promise<void> {
  try {
    const sent = Date.now();
    const response = await fetch('/api/v1/public/time', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (!response.ok) return;
    const time = (await response.json()) as ServerTime;
    const received = Date.now();
    offsetMs = Date.parse(time.now) - (sent + received) / 2;
    fixedAt = time.fixedAt;
  } catch {
    // Offline or the server is down: the API calls will say so.
  }
}

/** The server's "now". */
export function serverNow(): Date {
  return new Date(Date.now() + offsetMs);
}

/** China's offset from UTC: eight hours, all year (no daylight time since 1991). */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Today in China (UTC+8) by the server's clock, 'YYYY-MM-DD'. */
export function serverToday(): string {
  return chinaTime(serverNow(), 'YYYY-MM-DD');
}

/**
 * An instant as a clock in China shows it, whatever the browser's time zone: the system's dates
 * (a notice's days, a deadline, "today") are China's, so a user abroad reads the same date and
 * time as the documents and as everyone else. 'YYYY-MM-DD HH:mm' unless another pattern is asked.
 * A calendar date ('YYYY-MM-DD') is the same day everywhere and comes back as it is; no value is '—'.
 */
export function chinaTime(value: string | Date | null | undefined, pattern: 'YYYY-MM-DD' | 'YYYY-MM-DD HH:mm' | 'YYYY-MM-DD HH:mm:ss' = 'YYYY-MM-DD HH:mm'): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' && CALENDAR_DATE.test(value)) return value;
  const ms = typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (Number.isNaN(ms)) return String(value);
  // The ISO text of the instant eight hours later, read in UTC, is China's wall clock.
  const wall = new Date(ms + CHINA_OFFSET_MS).toISOString();
  if (pattern === 'YYYY-MM-DD') return wall.slice(0, 10);
  return wall.slice(0, pattern === 'YYYY-MM-DD HH:mm' ? 16 : 19).replace('T', ' ');
}

/** The date in China that an instant falls on, 'YYYY-MM-DD'. */
export function chinaDate(value: string | Date | null | undefined): string {
  return chinaTime(value, 'YYYY-MM-DD');
}

/** Today (China) as a dayjs date, for date pickers' defaults and limits. */
export function serverDayjs(): Dayjs {
  return dayjs(serverToday());
}

/** The year of today in China by the server's clock. */
export function serverYear(): number {
  return Number(serverToday().slice(0, 4));
}

/** The instant PTECH_NOW fixed the server's clock at (ISO), or null. */
export function fixedClockAt(): string | null {
  return fixedAt;
}
