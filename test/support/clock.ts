// The day the test suite lives on, whatever the machine's date: every in-process app gets a clock
// standing at this instant (moved on 1 ms at each reading, so that acts stay ordered), and every
// process a test starts gets it through PTECH_NOW. A test that needs another day makes its own
// clock (`testClock('2026-12-28T10:00:00+08:00')`) or moves the app's (`t.clock.set(…)`).
import { ManualClock } from '../../src/platform/clock.ts';

/** A Friday late in 2026, a year whose holiday calendar the package holds. */
export const TEST_NOW = '2026-12-04T10:00:00+08:00';

export function testClock(instant: string = TEST_NOW): ManualClock {
  return new ManualClock(instant, 1);
}

/** The environment for a process a test starts: the test's day through PTECH_NOW. */
export function testProcessEnvironment(extra: NodeJS.ProcessEnv = {}, instant: string = TEST_NOW): NodeJS.ProcessEnv {
  return { ...process.env, PTECH_NOW: instant, ...extra };
}

/** The same context on another day: a use case called with it acts on `day` (09:00 China time). */
export function onDay<Context extends { clock: unknown }>(context: Context, day: string): Context {
  return { ...context, clock: testClock(`${day}T09:00:00+08:00`) };
}
