import { z } from 'zod';
import { CALENDAR_SOURCES } from '../../domain/working-days.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Where a year comes from, and who loaded it when (null: the system at its first start, or the command line). */
const provenance = {
  source: z.enum(CALENDAR_SOURCES),
  sourceDetail: z.string().nullable(),
  loadedAt: z.string(),
  loadedBy: z.object({ id: z.uuid(), username: z.string(), displayName: z.string() }).nullable(),
};

export const CalendarSummarySchema = z.object({
  year: z.number(),
  holidays: z.number(),
  workdays: z.number(),
  ...provenance,
});
export const CalendarListSchema = z.object({ years: z.array(CalendarSummarySchema) });

export const CalendarYearSchema = z.object({
  year: z.number(),
  holidays: z.array(z.string()),
  workdays: z.array(z.string()),
  ...provenance,
});

export const YearParamsSchema = z.object({ year: z.coerce.number().int().min(1949).max(2999) });

export const CalendarPutSchema = z
  .object({
    holidays: z.array(date).max(366),
    workdays: z.array(date).max(366),
    /** A note on where the dates come from (kept as the year's source detail). */
    source: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export const CalendarImportSchema = z
  .object({
    /** The text of the State Council General Office's notice, or of a JSON or ICS file. */
    content: z.string().min(1).max(2_000_000),
    /** A label kept as each year's source detail (default: the notice's title and number, or the file's own). */
    source: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export const CalendarImportResultSchema = z.object({ loaded: z.array(CalendarSummarySchema) });

export const CalendarParseSchema = z
  .object({
    /** The text of 「国务院办公厅关于YYYY年部分节假日安排的通知」 as published. */
    text: z.string().min(1).max(200_000),
  })
  .strict();
export const CalendarParseResultSchema = z.object({
  year: z.number(),
  holidays: z.array(z.string()),
  workdays: z.array(z.string()),
  title: z.string(),
  documentNumber: z.string().nullable(),
  /** Each numbered line: the festival and its dates within the year. */
  festivals: z.array(z.object({ name: z.string(), line: z.number(), holidays: z.array(z.string()), workdays: z.array(z.string()) })),
  /** Dates the text states in another year: checked, not part of this year's calendar. */
  outsideYear: z.object({ holidays: z.array(z.string()), workdays: z.array(z.string()) }),
  /** The working days of the year with these dates. */
  workingDays: z.number(),
  /** What is held for the year now (saving replaces it), or null. */
  held: CalendarSummarySchema.nullable(),
});

export const CalendarStatusSchema = z.object({
  /** Today in China, by the app's clock. */
  today: z.string(),
  /** The year whose calendar is due and missing: this year's, or next year's from 1 November; null when none. */
  missingYear: z.number().nullable(),
  /** The missing year's first day, and the days from today to it (0 or less once it has begun). */
  dueDate: z.string().nullable(),
  daysLeft: z.number().nullable(),
  overdue: z.boolean(),
  /** Whether the caller's roles are reminded (administrators of every level, enterprise HR). */
  remind: z.boolean(),
  /** Whether the caller may load calendars (`calendar:write`). */
  canLoad: z.boolean(),
});

export const NoticeEndQuerySchema = z.object({ start: date, days: z.coerce.number().int().min(1).max(100).default(5) }).strict();
export const NoticeEndSchema = z.object({ start: z.string(), days: z.number(), end: z.string() });
export const WorkdayCountQuerySchema = z.object({ from: date, to: date }).strict();
export const WorkdayCountSchema = z.object({ from: z.string(), to: z.string(), count: z.number() });
