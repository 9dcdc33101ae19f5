import { z } from 'zod';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const CalendarSummarySchema = z.object({
  year: z.number(),
  holidays: z.number(),
  workdays: z.number(),
  source: z.string(),
});
export const CalendarListSchema = z.object({ years: z.array(CalendarSummarySchema) });

export const CalendarYearSchema = z.object({
  year: z.number(),
  holidays: z.array(z.string()),
  workdays: z.array(z.string()),
  source: z.string(),
});

export const YearParamsSchema = z.object({ year: z.coerce.number().int().min(1949).max(2999) });

export const CalendarPutSchema = z
  .object({
    holidays: z.array(date).max(366),
    workdays: z.array(date).max(366),
    source: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export const CalendarImportSchema = z
  .object({
    /** The text of a JSON or ICS file. */
    content: z.string().min(1).max(2_000_000),
    source: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export const CalendarImportResultSchema = z.object({ loaded: z.array(CalendarSummarySchema) });

export const NoticeEndQuerySchema = z.object({ start: date, days: z.coerce.number().int().min(1).max(100).default(5) }).strict();
export const NoticeEndSchema = z.object({ start: z.string(), days: z.number(), end: z.string() });
export const WorkdayCountQuerySchema = z.object({ from: date, to: date }).strict();
export const WorkdayCountSchema = z.object({ from: z.string(), to: z.string(), count: z.number() });
