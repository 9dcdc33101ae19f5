import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import { decideEvidenceFlagSide, getEvidenceFlag, listEvidenceFlags } from './evidence-flags.ts';
import { EvidenceFlagDecisionSchema, EvidenceFlagListQuerySchema, EvidenceFlagListSchema, EvidenceFlagParamsSchema, EvidenceFlagSchema, EvidenceFlagSideParamsSchema } from './schemas.ts';

/**
 * 证明材料疑点 (六(四)): the same evidence file or certificate number claimed by two applicants. Read by
 * HR, departments and the ministry in scope (the other organisation's applicant masked); each side
 * cleared or reopened by its own HR or a department above it. Fraud is found on the application.
 */
export const evidenceRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['evidence'];
  app.get('/evidence-flags', { schema: { tags, summary: '证明材料疑点 / Evidence flags in scope', querystring: EvidenceFlagListQuerySchema, response: { 200: EvidenceFlagListSchema } } }, async (request) => ({
    items: await listEvidenceFlags(app.db, requestContext(request), request.query),
  }));
  app.get('/evidence-flags/:id', { schema: { tags, summary: '查看证明材料疑点 / Read an evidence flag', params: EvidenceFlagParamsSchema, response: { 200: EvidenceFlagSchema } } }, async (request) =>
    getEvidenceFlag(app.db, requestContext(request), request.params.id),
  );
  app.post(
    '/evidence-flags/:id/sides/:applicationId/clear',
    { schema: { tags, summary: '排除本方疑点（写明理由）/ Clear one side, with the explanation', params: EvidenceFlagSideParamsSchema, body: EvidenceFlagDecisionSchema, response: { 200: EvidenceFlagSchema } } },
    async (request) => decideEvidenceFlagSide(app.db, requestContext(request), request.params.id, request.params.applicationId, 'clear', request.body.note),
  );
  app.post(
    '/evidence-flags/:id/sides/:applicationId/reopen',
    { schema: { tags, summary: '重新核查本方疑点 / Reopen one side, with the reason', params: EvidenceFlagSideParamsSchema, body: EvidenceFlagDecisionSchema, response: { 200: EvidenceFlagSchema } } },
    async (request) => decideEvidenceFlagSide(app.db, requestContext(request), request.params.id, request.params.applicationId, 'reopen', request.body.note),
  );
};
