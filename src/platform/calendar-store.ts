import { asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { calendarYears, users } from '../db/schema.ts';
import { isCalendarSource, type CalendarSource, type CalendarYear } from '../domain/working-days.ts';
import { writeAudit } from './audit.ts';
import type { Clock } from './clock.ts';
import { systemContext, type AuditContext } from './context.ts';
import { builtInCalendars } from './calendar-sources.ts';

/** A year as held, with where it comes from and who loaded it when. */
export interface StoredCalendar {
  year: number;
  holidays: string[];
  workdays: string[];
  source: CalendarSource;
  sourceDetail: string | null;
  loadedAt: Date;
  /** Null for the system (the first start) and the command line. */
  loadedBy: { id: string; username: string; displayName: string } | null;
}

/** Every calendar year the system holds. */
export async function loadCalendars(db: Database): Promise<CalendarYear[]> {
  const rows = await db.select().from(calendarYears).orderBy(asc(calendarYears.year));
  return rows.map((row) => ({
    year: row.year,
    holidays: row.holidays,
    workdays: row.workdays,
    source: row.source,
    ...(row.sourceDetail === null ? {} : { sourceDetail: row.sourceDetail }),
  }));
}

/** Every calendar year held, with its source and who loaded it when. */
export async function listStoredCalendars(db: Database): Promise<StoredCalendar[]> {
  const rows = await db
    .select({ calendar: calendarYears, userId: users.id, username: users.username, displayName: users.displayName })
    .from(calendarYears)
    .leftJoin(users, eq(users.id, calendarYears.loadedBy))
    .orderBy(asc(calendarYears.year));
  return rows.map(({ calendar, userId, username, displayName }) => ({
    year: calendar.year,
    holidays: calendar.holidays,
    workdays: calendar.workdays,
    source: isCalendarSource(calendar.source) ? calendar.source : 'manual',
    sourceDetail: calendar.sourceDetail,
    loadedAt: calendar.loadedAt,
    loadedBy: userId && username && displayName ? { id: userId, username, displayName } : null,
  }));
}

/** The years held, in order (without their dates). */
export async function heldCalendarYears(db: Database): Promise<number[]> {
  const rows = await db.select({ year: calendarYears.year }).from(calendarYears).orderBy(asc(calendarYears.year));
  return rows.map((row) => row.year);
}

/**
 * The source a year is stored with: one of CALENDAR_SOURCES; any other text (an older caller's own
 * label) is stored as a hand edit with that text as its detail.
 */
function storedSource(calendar: CalendarYear): { source: CalendarSource; sourceDetail: string | null } {
  if (isCalendarSource(calendar.source)) return { source: calendar.source, sourceDetail: calendar.sourceDetail ?? null };
  return { source: 'manual', sourceDetail: calendar.sourceDetail ?? calendar.source ?? null };
}

/** Loads or corrects one year, replacing what was held for it, with an audit entry. */
export async function saveCalendar(db: Database, context: AuditContext, calendar: CalendarYear): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendarYears).where(sql`${calendarYears.year} = ${calendar.year}`);
    const values = {
      year: calendar.year,
      holidays: [...calendar.holidays].sort(),
      workdays: [...calendar.workdays].sort(),
      ...storedSource(calendar),
      loadedAt: context.clock.now(),
      loadedBy: context.actor?.userId ?? null,
    };
    await tx.insert(calendarYears).values(values).onConflictDoUpdate({ target: calendarYears.year, set: values });
    await writeAudit(tx, context, {
      action: 'calendar.loaded',
      targetType: 'calendar',
      targetId: String(calendar.year),
      organisationId: context.actor?.organisationId ?? null,
      organisationPath: context.actor?.organisationPath ?? null,
      before: before ? { holidays: before.holidays.length, workdays: before.workdays.length, source: before.source, sourceDetail: before.sourceDetail } : null,
      after: { holidays: values.holidays.length, workdays: values.workdays.length, source: values.source, sourceDetail: values.sourceDetail },
    });
  });
}

/** On a new database, loads the State Council calendars that the chinese-days package holds. */
export async function seedCalendars(db: Database, clock: Clock): Promise<number> {
  const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(calendarYears);
  if (count > 0) return 0;
  const years = builtInCalendars();
  const loadedAt = clock.now();
  await db.transaction(async (tx) => {
    for (const year of years) {
      await tx
        .insert(calendarYears)
        .values({ year: year.year, holidays: year.holidays, workdays: year.workdays, source: 'chinese-days', sourceDetail: year.sourceDetail ?? null, loadedAt })
        .onConflictDoNothing();
    }
    await writeAudit(tx, systemContext(clock, 'seed'), {
      action: 'calendar.loaded',
      targetType: 'calendar',
      targetId: `${years[0]?.year}-${years.at(-1)?.year}`,
      after: { years: years.map((year) => year.year), source: 'chinese-days', sourceDetail: years[0]?.sourceDetail ?? null },
    });
  });
  return years.length;
}
