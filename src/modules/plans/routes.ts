import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import {
  IdParamsSchema,
  PlanCloseSchema,
  PlanCreateSchema,
  PlanDiffQuerySchema,
  PlanDiffSchema,
  PlanFileSchema,
  PlanFilingAcceptSchema,
  PlanFilingReturnSchema,
  PlanListQuerySchema,
  PlanListSchema,
  PlanOptionsQuerySchema,
  PlanOptionsSchema,
  PlanPublishSchema,
  PlanSchema,
  PlanUpdateSchema,
  PlanValidateSchema,
  PlanValidationSchema,
  PlanVersionSchema,
  VersionParamsSchema,
} from './schemas.ts';
import { closePlan, createPlan, decidePlanFiling, filePlan, publishPlan, updatePlan, validatePlanContent } from './change-plans.ts';
import {
  getPlan,
  getPlanDiff,
  getPlanPdf,
  getPlanVersion,
  getPublishedPlan,
  getPublishedPlanDiff,
  getPublishedPlanPdf,
  listPlans,
  listPublishedPlans,
  planOptions,
} from './read-plans.ts';

function sendPdf(reply: FastifyReply, file: { pdf: Buffer; fileName: string }) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="plan.pdf"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('cache-control', 'private, no-store')
    .send(file.pdf);
}

/** 工作方案 (section 四(一)): the enterprise's plan, its versions, filing; and what employees read. */
export const planRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['plans'];

  app.get('/plans', { schema: { tags, summary: '工作方案列表 / Work plans in scope', querystring: PlanListQuerySchema, response: { 200: PlanListSchema } } }, async (request) => ({
    items: await listPlans(app.db, requestContext(request), request.query),
  }));
  app.get(
    '/plans/options',
    { schema: { tags, summary: '方案编制选项 / Pilot years, evaluation bodies and defaults for the editor', querystring: PlanOptionsQuerySchema, response: { 200: PlanOptionsSchema } } },
    async (request) => planOptions(app.db, requestContext(request), request.query.enterpriseId),
  );
  app.post('/plans', { schema: { tags, summary: '新建工作方案 / Create a work plan', body: PlanCreateSchema, response: { 201: PlanSchema } } }, async (request, reply) =>
    reply.status(201).send(await createPlan(app.db, requestContext(request), request.body)),
  );
  app.get('/plans/:id', { schema: { tags, params: IdParamsSchema, response: { 200: PlanSchema } } }, async (request) =>
    getPlan(app.db, requestContext(request), request.params.id),
  );
  app.patch('/plans/:id', { schema: { tags, summary: '保存工作方案 / Save the working copy', params: IdParamsSchema, body: PlanUpdateSchema, response: { 200: PlanSchema } } }, async (request) =>
    updatePlan(app.db, requestContext(request), request.params.id, request.body),
  );
  app.post(
    '/plans/:id/validate',
    { schema: { tags, summary: '校验工作方案 / Validate (stores nothing)', params: IdParamsSchema, body: PlanValidateSchema, response: { 200: PlanValidationSchema } } },
    async (request) => validatePlanContent(app.db, requestContext(request), request.params.id, request.body.content),
  );
  app.post(
    '/plans/:id/publish',
    { schema: { tags, summary: '发布（或发布新版本）/ Publish, or publish a new version', params: IdParamsSchema, body: PlanPublishSchema, response: { 200: PlanSchema } } },
    async (request) => publishPlan(app.db, requestContext(request), request.params.id, request.body),
  );
  app.post(
    '/plans/:id/file',
    { schema: { tags, summary: '报送主管部门备案 / File with the supervising department', params: IdParamsSchema, body: PlanFileSchema, response: { 200: PlanSchema } } },
    async (request) => filePlan(app.db, requestContext(request), request.params.id),
  );
  app.post(
    '/plans/:id/filing/accept',
    { schema: { tags, summary: '接受报送备案 / Accept the filing (the department filed with)', params: IdParamsSchema, body: PlanFilingAcceptSchema, response: { 200: PlanSchema } } },
    async (request) => decidePlanFiling(app.db, requestContext(request), request.params.id, 'accept', request.body.note?.trim() || null),
  );
  app.post(
    '/plans/:id/filing/return',
    { schema: { tags, summary: '退回报送备案 / Return the filing with a reason', params: IdParamsSchema, body: PlanFilingReturnSchema, response: { 200: PlanSchema } } },
    async (request) => decidePlanFiling(app.db, requestContext(request), request.params.id, 'return', request.body.reason.trim()),
  );
  app.post('/plans/:id/close', { schema: { tags, summary: '关闭 / Close', params: IdParamsSchema, body: PlanCloseSchema, response: { 200: PlanSchema } } }, async (request) =>
    closePlan(app.db, requestContext(request), request.params.id, request.body.reason),
  );
  app.get('/plans/:id/versions/:version', { schema: { tags, params: VersionParamsSchema, response: { 200: PlanVersionSchema } } }, async (request) =>
    getPlanVersion(app.db, requestContext(request), request.params.id, request.params.version),
  );
  app.get('/plans/:id/versions/:version/pdf', { schema: { tags, summary: 'PDF', params: VersionParamsSchema } }, async (request, reply) =>
    sendPdf(reply, await getPlanPdf(app.db, requestContext(request), request.params.id, request.params.version)),
  );
  app.get('/plans/:id/diff', { schema: { tags, summary: '版本差异 / Changes between versions', params: IdParamsSchema, querystring: PlanDiffQuerySchema, response: { 200: PlanDiffSchema } } }, async (request) =>
    getPlanDiff(app.db, requestContext(request), request.params.id, request.query.from, request.query.to),
  );

  // 方案公示: the published plans that cover the employee's enterprise.
  app.get('/published-plans', { schema: { tags, summary: '本企业公示的工作方案 / Published plans covering my enterprise', response: { 200: PlanListSchema } } }, async (request) => ({
    items: await listPublishedPlans(app.db, requestContext(request)),
  }));
  app.get('/published-plans/:id', { schema: { tags, params: IdParamsSchema, response: { 200: PlanVersionSchema } } }, async (request) =>
    getPublishedPlan(app.db, requestContext(request), request.params.id),
  );
  app.get('/published-plans/:id/versions/:version', { schema: { tags, params: VersionParamsSchema, response: { 200: PlanVersionSchema } } }, async (request) =>
    getPublishedPlan(app.db, requestContext(request), request.params.id, request.params.version),
  );
  app.get('/published-plans/:id/versions/:version/pdf', { schema: { tags, summary: 'PDF', params: VersionParamsSchema } }, async (request, reply) =>
    sendPdf(reply, await getPublishedPlanPdf(app.db, requestContext(request), request.params.id, request.params.version)),
  );
  app.get(
    '/published-plans/:id/diff',
    { schema: { tags, params: IdParamsSchema, querystring: PlanDiffQuerySchema, response: { 200: PlanDiffSchema } } },
    async (request) => getPublishedPlanDiff(app.db, requestContext(request), request.params.id, request.query.from, request.query.to),
  );
};
