import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import { checkReReviewHolder, decideReReviewHolder, importReReviewHolders, issueReReviewCertificates, listReReviewHolders } from './re-review.ts';
import { cancelReReviewNotice, currentReReviewNotices, listReReviewNotices, previewReReviewNotice, startReReviewNotice } from './re-review-notices.ts';
import {
  CurrentReReviewNoticesSchema,
  ReReviewNoticeCancelSchema,
  ReReviewNoticeListSchema,
  ReReviewNoticePreviewQuerySchema,
  ReReviewNoticePreviewSchema,
  ReReviewNoticeSchema,
  ReReviewNoticeStartSchema,
} from './re-review-schemas.ts';
import { PlanIdParamsSchema, ReReviewCheckSchema, ReReviewDecisionSchema, ReReviewHolderSchema, ReReviewImportResultSchema, ReReviewImportSchema, ReReviewIssueSchema, ReReviewListQuerySchema, ReReviewListSchema } from './re-review-schemas.ts';
import { IdParamsSchema, IssueBatchSchema } from './schemas.ts';

const tags = ['复核确认 / Re-review and confirmation'];

/** 复核确认 (section 六(三)): import the holders evaluated before the notice, review them, issue to the confirmed ones. */
export const reReviewRoutes: FastifyPluginAsyncZod = async (app) => {
  const origin = (request: { protocol: string; host: string }) => app.config.publicBaseUrl ?? `${request.protocol}://${request.host}`;

  app.post(
    '/re-review/holders/import',
    { schema: { tags, summary: '导入复核确认人员（Excel）/ Import holders to re-review', body: ReReviewImportSchema, response: { 201: ReReviewImportResultSchema } } },
    async (request, reply) => reply.status(201).send(await importReReviewHolders(app.db, requestContext(request), request.body)),
  );
  app.get('/re-review/holders', { schema: { tags, summary: '复核确认人员 / Holders of a re-review plan', querystring: ReReviewListQuerySchema, response: { 200: ReReviewListSchema } } }, async (request) =>
    listReReviewHolders(app.db, requestContext(request), request.query),
  );
  app.post(
    '/re-review/holders/:id/check',
    { schema: { tags, summary: '核验基本条件（附证明材料）/ Check the basic conditions with evidence', params: IdParamsSchema, body: ReReviewCheckSchema, response: { 200: ReReviewHolderSchema } } },
    async (request) => checkReReviewHolder(app.db, requestContext(request), request.params.id, request.body),
  );
  app.post(
    '/re-review/holders/:id/decision',
    { schema: { tags, summary: '确认、不予确认或撤回决定 / Confirm, reject or reconsider', params: IdParamsSchema, body: ReReviewDecisionSchema, response: { 200: ReReviewHolderSchema } } },
    async (request) => decideReReviewHolder(app.db, requestContext(request), request.params.id, request.body),
  );
  app.get(
    '/re-review/plans/:planId/notices',
    { schema: { tags, summary: '复核确认名单公示 / The notices of a re-review plan', params: PlanIdParamsSchema, response: { 200: ReReviewNoticeListSchema } } },
    async (request) => listReReviewNotices(app.db, requestContext(request), request.params.planId),
  );
  app.get(
    '/re-review/plans/:planId/notices/preview',
    {
      schema: { tags, summary: '公示期预览（按工作日计算结束日期）/ The end date of a notice starting on a day', params: PlanIdParamsSchema, querystring: ReReviewNoticePreviewQuerySchema, response: { 200: ReReviewNoticePreviewSchema } },
    },
    async (request) => previewReReviewNotice(app.db, requestContext(request), request.params.planId, request.query.startDate),
  );
  app.post(
    '/re-review/plans/:planId/notices',
    { schema: { tags, summary: '发布复核确认名单公示 / Publish the confirmed holders', params: PlanIdParamsSchema, body: ReReviewNoticeStartSchema, response: { 201: ReReviewNoticeSchema } } },
    async (request, reply) => reply.status(201).send(await startReReviewNotice(app.db, requestContext(request), request.params.planId, request.body)),
  );
  app.post(
    '/re-review/notices/:id/cancel',
    { schema: { tags, summary: '撤销未期满的公示 / Cancel a notice not yet ended', params: IdParamsSchema, body: ReReviewNoticeCancelSchema, response: { 200: ReReviewNoticeSchema } } },
    async (request) => cancelReReviewNotice(app.db, requestContext(request), request.params.id, request.body),
  );
  app.get(
    '/re-review/notices/current',
    { schema: { tags, summary: '本单位正在公示的复核确认名单 / The re-review notices of the own enterprise now', response: { 200: CurrentReReviewNoticesSchema } } },
    async (request) => currentReReviewNotices(app.db, requestContext(request)),
  );
  app.post(
    '/re-review/plans/:planId/issue',
    { schema: { tags, summary: '为复核确认通过人员发证（任务执行）/ Issue to the confirmed holders (a job)', params: PlanIdParamsSchema, body: ReReviewIssueSchema, response: { 200: IssueBatchSchema, 202: IssueBatchSchema } } },
    async (request, reply) => {
      const { batch, created } = await issueReReviewCertificates(app.db, requestContext(request), request.params.planId, { ...request.body, verifyBaseUrl: origin(request) });
      return reply.status(created ? 202 : 200).send(batch);
    },
  );
};
