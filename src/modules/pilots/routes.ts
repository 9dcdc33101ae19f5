import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import {
  IdParamsSchema,
  JurisdictionSettingListSchema,
  JurisdictionSettingSchema,
  JurisdictionSettingSetSchema,
  PilotAcceptSchema,
  PilotAmendSchema,
  PilotApplicationCreateSchema,
  PilotApplicationListQuerySchema,
  PilotApplicationListSchema,
  PilotApplicationSchema,
  PilotApplicationUpdateSchema,
  PilotCandidateListSchema,
  PilotEnterpriseListQuerySchema,
  PilotEnterpriseListSchema,
  PilotReturnSchema,
} from './schemas.ts';
import {
  acceptPilotApplication,
  amendPilotEnterprises,
  createPilotApplication,
  getPilotApplication,
  listPilotApplications,
  listPilotCandidates,
  listPilotEnterprises,
  listJurisdictionSettings,
  returnPilotApplication,
  setJurisdictionSetting,
  submitPilotApplication,
  updatePilotApplication,
} from './service.ts';

/** 评聘工作设置 and 试点申报 (sections 二 and 六(一)): each jurisdiction's settings, pilot applications, and the pilot enterprises they make. */
export const pilotRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['pilots'];

  app.get(
    '/jurisdiction-settings',
    { schema: { tags, summary: '评聘工作设置（按地区和年度）/ Jurisdiction settings by year', response: { 200: JurisdictionSettingListSchema } } },
    async (request) => listJurisdictionSettings(app.db, requestContext(request)),
  );
  app.post(
    '/jurisdiction-settings',
    { schema: { tags, summary: '设置本地区某年度的评聘模式、截止日期与评审委员会限制 / Set a year’s model, deadline and committee limits', body: JurisdictionSettingSetSchema, response: { 200: JurisdictionSettingSchema } } },
    async (request) => setJurisdictionSetting(app.db, requestContext(request), request.body),
  );

  app.get(
    '/pilot-applications',
    { schema: { tags, summary: '试点申请列表 / Pilot applications in scope', querystring: PilotApplicationListQuerySchema, response: { 200: PilotApplicationListSchema } } },
    async (request) => ({ items: await listPilotApplications(app.db, requestContext(request), request.query) }),
  );
  app.get(
    '/pilot-applications/candidates',
    { schema: { tags, summary: '可申报的企业 / Enterprises the department may put forward', response: { 200: PilotCandidateListSchema } } },
    async (request) => ({ items: await listPilotCandidates(app.db, requestContext(request)) }),
  );
  app.post(
    '/pilot-applications',
    { schema: { tags, summary: '新建试点申请 / Create a pilot application', body: PilotApplicationCreateSchema, response: { 201: PilotApplicationSchema } } },
    async (request, reply) => reply.status(201).send(await createPilotApplication(app.db, requestContext(request), request.body)),
  );
  app.get('/pilot-applications/:id', { schema: { tags, params: IdParamsSchema, response: { 200: PilotApplicationSchema } } }, async (request) =>
    getPilotApplication(app.db, requestContext(request), request.params.id),
  );
  app.patch(
    '/pilot-applications/:id',
    { schema: { tags, params: IdParamsSchema, body: PilotApplicationUpdateSchema, response: { 200: PilotApplicationSchema } } },
    async (request) => updatePilotApplication(app.db, requestContext(request), request.params.id, request.body),
  );
  app.post(
    '/pilot-applications/:id/submit',
    { schema: { tags, summary: '报送人社部 / Submit to the ministry', params: IdParamsSchema, response: { 200: PilotApplicationSchema } } },
    async (request) => submitPilotApplication(app.db, requestContext(request), request.params.id),
  );
  app.post(
    '/pilot-applications/:id/accept',
    { schema: { tags, summary: '备案 / Accept', params: IdParamsSchema, body: PilotAcceptSchema, response: { 200: PilotApplicationSchema } } },
    async (request) => acceptPilotApplication(app.db, requestContext(request), request.params.id, request.body.note),
  );
  app.post(
    '/pilot-applications/:id/amend',
    { schema: { tags, summary: '调整已备案的试点企业名单 / Amend an accepted enterprise list', params: IdParamsSchema, body: PilotAmendSchema, response: { 200: PilotApplicationSchema } } },
    async (request) => amendPilotEnterprises(app.db, requestContext(request), request.params.id, request.body),
  );
  app.post(
    '/pilot-applications/:id/return',
    { schema: { tags, summary: '退回 / Return with a reason', params: IdParamsSchema, body: PilotReturnSchema, response: { 200: PilotApplicationSchema } } },
    async (request) => returnPilotApplication(app.db, requestContext(request), request.params.id, request.body.reason),
  );

  app.get(
    '/pilot-enterprises',
    { schema: { tags, summary: '试点企业 / Pilot enterprises', querystring: PilotEnterpriseListQuerySchema, response: { 200: PilotEnterpriseListSchema } } },
    async (request) => ({ items: await listPilotEnterprises(app.db, requestContext(request), request.query) }),
  );
};
