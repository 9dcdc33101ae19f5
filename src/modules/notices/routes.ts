import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestContext } from '../../platform/context.ts';
import { contentDisposition } from '../../platform/files.ts';
import { renderNoticePdf } from './notice-pdf.ts';
import { publicNoticeRoutes } from './public-routes.ts';
import {
  ConfirmResultSchema,
  FindingSchema,
  InvestigationSchema,
  NoticeCancelSchema,
  NoticeListSchema,
  NoticeParamsSchema,
  NoticePreviewQuerySchema,
  NoticePreviewSchema,
  NoticeSchema,
  NoticeStartSchema,
  ObjectionCreateSchema,
  ObjectionParamsSchema,
  ObjectionSchema,
  PlanParamsSchema,
  PublicLinkSchema,
} from './schemas.ts';
import { cancelNotice, confirmNotice, decideObjection, getNotice, investigateObjection, listNotices, noticeForPrint, previewNotice, raiseObjection, setPublicLink, startNotice } from './service.ts';

/** 公示与核准 (section 四(三)). */
export const noticeRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['notices'];
  app.get(
    '/notices',
    { schema: { tags, summary: '公示列表 / Notices I may see', querystring: z.object({ planId: z.uuid().optional() }), response: { 200: NoticeListSchema } } },
    async (request) => ({ items: await listNotices(app.db, requestContext(request), request.query) }),
  );
  app.get(
    '/notice-plans/:planId/preview',
    { schema: { tags, summary: '公示起止日期与拟推荐人选 / Computed dates and candidates of a notice', params: PlanParamsSchema, querystring: NoticePreviewQuerySchema, response: { 200: NoticePreviewSchema } } },
    async (request) => previewNotice(app.db, requestContext(request), request.params.planId, request.query.start),
  );
  app.post('/notices', { schema: { tags, summary: '启动公示 / Start the notice', body: NoticeStartSchema, response: { 201: NoticeSchema } } }, async (request, reply) =>
    reply.status(201).send(await startNotice(app.db, requestContext(request), request.body)),
  );
  app.get('/notices/:id', { schema: { tags, summary: '公示详情 / A notice', params: NoticeParamsSchema, response: { 200: NoticeSchema } } }, async (request) =>
    getNotice(app.db, requestContext(request), request.params.id),
  );
  app.put(
    '/notices/:id/public-link',
    { schema: { tags, summary: '公开链接开关 / Public link on or off', params: NoticeParamsSchema, body: PublicLinkSchema, response: { 200: NoticeSchema } } },
    async (request) => setPublicLink(app.db, requestContext(request), request.params.id, request.body.enabled),
  );
  app.get('/notices/:id/pdf', { schema: { tags, summary: '打印公示（PDF）/ Printable notice', params: NoticeParamsSchema } }, async (request, reply) => {
    const { notice, enterpriseName, candidates } = await noticeForPrint(app.db, requestContext(request), request.params.id);
    const bytes = await renderNoticePdf({ enterpriseName, planYear: notice.planYear, planTitle: notice.planTitle, startDate: notice.startDate, endDate: notice.endDate, workingDays: notice.workingDays, contact: notice.contact, candidates });
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', contentDisposition('inline', `特级技师拟推荐人选公示-${notice.startDate}.pdf`))
      .header('cache-control', 'no-store')
      .send(bytes);
  });
  app.post(
    '/notices/:id/objections',
    { schema: { tags, summary: '提出异议（实名）/ Raise an objection in one’s real name', params: NoticeParamsSchema, body: ObjectionCreateSchema, response: { 201: ObjectionSchema } } },
    async (request, reply) => reply.status(201).send(await raiseObjection(app.db, requestContext(request), request.params.id, request.body)),
  );
  app.post(
    '/notices/:id/objections/:objectionId/investigation',
    { schema: { tags, summary: '记录调查核实情况 / Record an investigation step', params: ObjectionParamsSchema, body: InvestigationSchema, response: { 200: NoticeSchema } } },
    async (request) => investigateObjection(app.db, requestContext(request), request.params.id, request.params.objectionId, request.body.note),
  );
  app.post(
    '/notices/:id/objections/:objectionId/finding',
    { schema: { tags, summary: '作出异议结论 / Record the finding', params: ObjectionParamsSchema, body: FindingSchema, response: { 200: NoticeSchema } } },
    async (request) => decideObjection(app.db, requestContext(request), request.params.id, request.params.objectionId, request.body),
  );
  app.post('/notices/:id/confirm', { schema: { tags, summary: '核准名单 / Confirm the list', params: NoticeParamsSchema, response: { 200: ConfirmResultSchema } } }, async (request) =>
    confirmNotice(app.db, requestContext(request), request.params.id),
  );
  app.post(
    '/notices/:id/cancel',
    { schema: { tags, summary: '撤销公示（公示期届满前）/ Cancel a notice before its end', params: NoticeParamsSchema, body: NoticeCancelSchema, response: { 200: NoticeSchema } } },
    async (request) => cancelNotice(app.db, requestContext(request), request.params.id, request.body),
  );
  await app.register(publicNoticeRoutes);
};
