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

/** Today in China (UTC+8) by the server's clock, 'YYYY-MM-DD'. */
export function serverToday(): string {
  return new Date(serverNow().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
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
