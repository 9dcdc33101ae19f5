import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { registerFingerprintBackfillJob } from './fingerprint-backfill.ts';
import { requestContext } from '../../platform/context.ts';
import { contentDisposition, mediaTypes } from '../../platform/files.ts';
import { exportScreenedList, handOver, inviteEmployees, listCandidates, planOverview } from './plan-screening.ts';
import {
  ApplicationCreateSchema,
  ApplicationListQuerySchema,
  ApplicationListSchema,
  ApplicationSchema,
  ApplicationSubmitSchema,
  ApplicationUpdateSchema,
  ApplicationVersionSchema,
  CandidateListSchema,
  CandidateQuerySchema,
  ConditionParamsSchema,
  ConditionReviewSchema,
  FactCorrectionCreateSchema,
  HandoverSchema,
  IdParamsSchema,
  InvitationResultSchema,
  InvitationsSchema,
  MarkEligibleSchema,
  MyPlansSchema,
  PlanOverviewSchema,
  PlanParamsSchema,
  RejectSchema,
  ReturnSchema,
  VersionParamsSchema,
} from './schemas.ts';
import { correctFacts, markEligible, rejectApplication, returnApplication, reviewCondition } from './screening.ts';
import {
  createApplication,
  getApplication,
  getApplicationVersion,
  listApplications,
  listMyApplications,
  listMyPlans,
  saveApplication,
  submitApplication,
} from './service.ts';

/** 申报与资格审核 (section 三): employees apply under a published plan; HR screens. */
export const applicationRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['applications'];
  // Fingerprints for applications submitted before they existed (queued once by migration 0019).
  registerFingerprintBackfillJob();

  // The applicant's side.
  app.get('/my/plans', { schema: { tags, summary: '可申报的工作方案及我的申报 / Plans I may apply under, with my application', response: { 200: MyPlansSchema } } }, async (request) => ({
    items: await listMyPlans(app.db, requestContext(request)),
  }));
  app.get('/my/applications', { schema: { tags, summary: '我的申报 / My applications', response: { 200: ApplicationListSchema } } }, async (request) => ({
    items: await listMyApplications(app.db, requestContext(request)),
  }));
  app.post('/applications', { schema: { tags, summary: '新建申报（草稿）/ Start an application', body: ApplicationCreateSchema, response: { 201: ApplicationSchema } } }, async (request, reply) =>
    reply.status(201).send(await createApplication(app.db, requestContext(request), request.body)),
  );
  app.get('/applications/:id', { schema: { tags, summary: '查看申报 / Read an application', params: IdParamsSchema, response: { 200: ApplicationSchema } } }, async (request) =>
    getApplication(app.db, requestContext(request), request.params.id),
  );
  app.patch('/applications/:id', { schema: { tags, summary: '保存草稿 / Save the draft', params: IdParamsSchema, body: ApplicationUpdateSchema, response: { 200: ApplicationSchema } } }, async (request) =>
    saveApplication(app.db, requestContext(request), request.params.id, request.body),
  );
  app.post('/applications/:id/submit', { schema: { tags, summary: '提交申报 / Submit', params: IdParamsSchema, body: ApplicationSubmitSchema, response: { 200: ApplicationSchema } } }, async (request) =>
    submitApplication(app.db, requestContext(request), request.params.id, request.body),
  );
  app.get('/applications/:id/versions/:version', { schema: { tags, summary: '已提交的版本 / A submitted version', params: VersionParamsSchema, response: { 200: ApplicationVersionSchema } } }, async (request) =>
    getApplicationVersion(app.db, requestContext(request), request.params.id, request.params.version),
  );

  // HR's screening.
  app.get('/applications', { schema: { tags, summary: '申报审核列表 / Applications in scope', querystring: ApplicationListQuerySchema, response: { 200: ApplicationListSchema } } }, async (request) => ({
    items: await listApplications(app.db, requestContext(request), request.query),
  }));
  app.post(
    '/applications/:id/conditions/:conditionId/review',
    { schema: { tags, summary: '逐项审核条件 / Review one condition', params: ConditionParamsSchema, body: ConditionReviewSchema, response: { 200: ApplicationSchema } } },
    async (request) => reviewCondition(app.db, requestContext(request), request.params.id, request.params.conditionId, request.body),
  );
  app.post(
    '/applications/:id/fact-corrections',
    { schema: { tags, summary: '更正事实（附证明材料，系统重新判断）/ Correct a fact with evidence (the rules run again)', params: IdParamsSchema, body: FactCorrectionCreateSchema, response: { 200: ApplicationSchema } } },
    async (request) => correctFacts(app.db, requestContext(request), request.params.id, request.body),
  );
  app.post('/applications/:id/return', { schema: { tags, summary: '退回修改 / Return for correction', params: IdParamsSchema, body: ReturnSchema, response: { 200: ApplicationSchema } } }, async (request) =>
    returnApplication(app.db, requestContext(request), request.params.id, request.body.comment),
  );
  app.post('/applications/:id/reject', { schema: { tags, summary: '不符合条件 / Find ineligible', params: IdParamsSchema, body: RejectSchema, response: { 200: ApplicationSchema } } }, async (request) =>
    rejectApplication(app.db, requestContext(request), request.params.id, request.body.reason),
  );
  app.post(
    '/applications/:id/mark-eligible',
    { schema: { tags, summary: '资格审核通过 / Find eligible', params: IdParamsSchema, body: MarkEligibleSchema, response: { 200: ApplicationSchema } } },
    async (request) => markEligible(app.db, requestContext(request), request.params.id, request.body.comment),
  );

  // A whole plan.
  app.get('/application-plans/:planId', { schema: { tags, summary: '方案申报概况与结构比例 / Counts, quotas and handovers of a plan', params: PlanParamsSchema, response: { 200: PlanOverviewSchema } } }, async (request) =>
    planOverview(app.db, requestContext(request), request.params.planId),
  );
  app.get(
    '/application-plans/:planId/candidates',
    { schema: { tags, summary: '资格初筛（职工名册对照方案）/ The register against the plan', params: PlanParamsSchema, querystring: CandidateQuerySchema, response: { 200: CandidateListSchema } } },
    async (request) => listCandidates(app.db, requestContext(request), request.params.planId, request.query),
  );
  app.post(
    '/application-plans/:planId/invitations',
    { schema: { tags, summary: '邀请申报 / Invite register employees', params: PlanParamsSchema, body: InvitationsSchema, response: { 200: InvitationResultSchema } } },
    async (request) => inviteEmployees(app.db, requestContext(request), request.params.planId, request.body.employeeIds),
  );
  app.get('/application-plans/:planId/export', { schema: { tags, summary: '导出资格审核名单 / Export the screened list (xlsx)', params: PlanParamsSchema } }, async (request, reply) => {
    const { bytes, fileName } = await exportScreenedList(app.db, requestContext(request), request.params.planId);
    return reply
      .header('content-type', mediaTypes.xlsx.mediaType)
      .header('content-disposition', contentDisposition('attachment', fileName))
      .header('cache-control', 'private, no-store')
      .send(bytes);
  });
  app.post(
    '/application-plans/:planId/handover',
    { schema: { tags, summary: '移交考评机构 / Hand the screened list over', params: PlanParamsSchema, body: HandoverSchema, response: { 200: PlanOverviewSchema } } },
    async (request) => handOver(app.db, requestContext(request), request.params.planId, request.body.note),
  );
};
