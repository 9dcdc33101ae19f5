import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import {
  CalendarImportResultSchema,
  CalendarImportSchema,
  CalendarListSchema,
  CalendarPutSchema,
  CalendarYearSchema,
  NoticeEndQuerySchema,
  NoticeEndSchema,
  WorkdayCountQuerySchema,
  WorkdayCountSchema,
  YearParamsSchema,
} from './schemas.ts';
import { computeNoticeEnd, computeWorkdayCount, getCalendar, importCalendars, listCalendars, putCalendar } from './service.ts';

/** The State Council calendars the working-day rules count with, and the counts themselves. */
export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['calendars'];
  app.get('/calendars', { schema: { tags, summary: '节假日日历 / Holiday calendars held', response: { 200: CalendarListSchema } } }, async () =>
    listCalendars(app.db),
  );
  app.get('/calendars/:year', { schema: { tags, params: YearParamsSchema, response: { 200: CalendarYearSchema } } }, async (request) =>
    getCalendar(app.db, request.params.year),
  );
  app.put(
    '/calendars/:year',
    { schema: { tags, summary: '导入或更正一年的日历 / Load or correct a year', params: YearParamsSchema, body: CalendarPutSchema, response: { 200: CalendarYearSchema } } },
    async (request) => putCalendar(app.db, requestContext(request), request.params.year, request.body),
  );
  app.post(
    '/calendars/import',
    { schema: { tags, summary: '从 JSON 或 ICS 文件导入 / Import from a JSON or ICS file', body: CalendarImportSchema, response: { 200: CalendarImportResultSchema } } },
    async (request) => importCalendars(app.db, requestContext(request), request.body),
  );
  app.get('/workdays/notice-end', { schema: { tags, summary: '公示期结束日 / End of a notice', querystring: NoticeEndQuerySchema, response: { 200: NoticeEndSchema } } }, async (request) =>
    computeNoticeEnd(app.db, request.query.start, request.query.days),
  );
  app.get('/workdays/count', { schema: { tags, summary: '工作日天数 / Working days in a range', querystring: WorkdayCountQuerySchema, response: { 200: WorkdayCountSchema } } }, async (request) =>
    computeWorkdayCount(app.db, request.query.from, request.query.to),
  );
};
