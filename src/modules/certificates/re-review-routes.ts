import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import { checkReReviewHolder, decideReReviewHolder, importReReviewHolders, issueReReviewCertificates, listReReviewHolders } from './re-review.ts';
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
  app.post(
    '/re-review/plans/:planId/issue',
    { schema: { tags, summary: '为复核确认通过人员发证（任务执行）/ Issue to the confirmed holders (a job)', params: PlanIdParamsSchema, body: ReReviewIssueSchema, response: { 200: IssueBatchSchema, 202: IssueBatchSchema } } },
    async (request, reply) => {
      const { batch, created } = await issueReReviewCertificates(app.db, requestContext(request), request.params.planId, { ...request.body, verifyBaseUrl: origin(request) });
      return reply.status(created ? 202 : 200).send(batch);
    },
  );
};
