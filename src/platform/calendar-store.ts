import { asc, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { calendarYears } from '../db/schema.ts';
import type { CalendarYear } from '../domain/working-days.ts';
import { writeAudit } from './audit.ts';
import type { Clock } from './clock.ts';
import { systemContext, type AuditContext } from './context.ts';
import { builtInCalendars } from './calendar-sources.ts';

/** Every calendar year the system holds. */
export async function loadCalendars(db: Database): Promise<CalendarYear[]> {
  const rows = await db.select().from(calendarYears).orderBy(asc(calendarYears.year));
  return rows.map((row) => ({ year: row.year, holidays: row.holidays, workdays: row.workdays, source: row.source }));
}

/** Loads or corrects one year, replacing what was held for it, with an audit entry. */
export async function saveCalendar(db: Database, context: AuditContext, calendar: CalendarYear): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendarYears).where(sql`${calendarYears.year} = ${calendar.year}`);
    const values = {
      year: calendar.year,
      holidays: [...calendar.holidays].sort(),
      workdays: [...calendar.workdays].sort(),
      source: calendar.source ?? 'manual',
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
      before: before ? { holidays: before.holidays.length, workdays: before.workdays.length, source: before.source } : null,
      after: { holidays: values.holidays.length, workdays: values.workdays.length, source: values.source },
    });
  });
}

/** On a new database, loads the State Council calendars that the chinese-days package holds. */
export async function seedCalendars(db: Database, clock: Clock): Promise<number> {
  const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(calendarYears);
  if (count > 0) return 0;
  const years = builtInCalendars();
  await db.transaction(async (tx) => {
    for (const year of years) {
      await tx
        .insert(calendarYears)
        .values({ year: year.year, holidays: year.holidays, workdays: year.workdays, source: year.source ?? 'chinese-days' })
        .onConflictDoNothing();
    }
    await writeAudit(tx, systemContext(clock, 'seed'), {
      action: 'calendar.loaded',
      targetType: 'calendar',
      targetId: `${years[0]?.year}-${years.at(-1)?.year}`,
      after: { years: years.map((year) => year.year), source: 'chinese-days' },
    });
  });
  return years.length;
}
