import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import {
  CalendarImportResultSchema,
  CalendarImportSchema,
  CalendarListSchema,
  CalendarParseResultSchema,
  CalendarParseSchema,
  CalendarPutSchema,
  CalendarStatusSchema,
  CalendarYearSchema,
  NoticeEndQuerySchema,
  NoticeEndSchema,
  WorkdayCountQuerySchema,
  WorkdayCountSchema,
  YearParamsSchema,
} from './schemas.ts';
import {
  calendarStatus,
  computeNoticeEnd,
  computeWorkdayCount,
  getCalendar,
  importCalendars,
  listCalendars,
  parseNoticeText,
  putCalendar,
} from './service.ts';

/** The State Council calendars the working-day rules count with, and the counts themselves. */
export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['calendars'];
  app.get('/calendars', { schema: { tags, summary: '节假日日历 / Holiday calendars held', response: { 200: CalendarListSchema } } }, async () =>
    listCalendars(app.db),
  );
  app.get(
    '/calendars/status',
    {
      schema: {
        tags,
        summary: '节假日日历是否齐备（当年的，及自11月1日起下一年的）/ Whether the calendar due is held (this year\'s, and next year\'s from 1 November)',
        response: { 200: CalendarStatusSchema },
      },
    },
    async (request) => calendarStatus(app.db, requestContext(request)),
  );
  app.post(
    '/calendars/parse',
    {
      schema: {
        tags,
        summary: '解析国务院办公厅节假日安排通知原文（不保存）/ Read the text of the State Council holiday notice (nothing is saved)',
        body: CalendarParseSchema,
        response: { 200: CalendarParseResultSchema },
      },
    },
    async (request) => parseNoticeText(app.db, requestContext(request), request.body),
  );
  app.get('/calendars/:year', { schema: { tags, summary: '一年的日历及其来源 / One year\'s calendar and its source', params: YearParamsSchema, response: { 200: CalendarYearSchema } } }, async (request) =>
    getCalendar(app.db, request.params.year),
  );
  app.put(
    '/calendars/:year',
    { schema: { tags, summary: '导入或更正一年的日历 / Load or correct a year', params: YearParamsSchema, body: CalendarPutSchema, response: { 200: CalendarYearSchema } } },
    async (request) => putCalendar(app.db, requestContext(request), request.params.year, request.body),
  );
  app.post(
    '/calendars/import',
    { schema: { tags, summary: '导入通知原文、JSON 或 ICS 文件 / Import the State Council notice\'s text, a JSON or an ICS file', body: CalendarImportSchema, response: { 200: CalendarImportResultSchema } } },
    async (request) => importCalendars(app.db, requestContext(request), request.body),
  );
  app.get('/workdays/notice-end', { schema: { tags, summary: '公示期结束日 / End of a notice', querystring: NoticeEndQuerySchema, response: { 200: NoticeEndSchema } } }, async (request) =>
    computeNoticeEnd(app.db, request.query.start, request.query.days),
  );
  app.get('/workdays/count', { schema: { tags, summary: '工作日天数 / Working days in a range', querystring: WorkdayCountQuerySchema, response: { 200: WorkdayCountSchema } } }, async (request) =>
    computeWorkdayCount(app.db, request.query.from, request.query.to),
  );
};
