import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import { candidatesOf, loadCommittee } from '../review/access.ts';
import { findFraudInApplication, findFraudInReview, findFraudOnCertificate, listFraudFindings } from './find-fraud.ts';
import { CandidateParamsSchema, FraudFindingCreateSchema, FraudFindingListQuerySchema, FraudFindingListSchema, FraudFindingSchema, IdParamsSchema } from './schemas.ts';

/**
 * 取消本年度评审资格（弄虚作假）(section 六(四)): the one act, reached from where the fraud comes to light —
 * the application (HR's screening and notice, the department at any step), the committee (its
 * chair, in review), the certificate (HR and the department, after certification).
 */
export const fraudRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['fraud'];
  const created = { 201: FraudFindingSchema };
  app.get('/fraud-findings', { schema: { tags, summary: '弄虚作假认定记录 / Findings of fraud in scope', querystring: FraudFindingListQuerySchema, response: { 200: FraudFindingListSchema } } }, async (request) => ({
    items: await listFraudFindings(app.db, requestContext(request), request.query),
  }));
  app.post(
    '/applications/:id/fraud',
    { schema: { tags, summary: '取消本年度评审资格（弄虚作假）/ Disqualify for fraud (HR, department)', params: IdParamsSchema, body: FraudFindingCreateSchema, response: created } },
    async (request, reply) => reply.status(201).send(await findFraudInApplication(app.db, requestContext(request), request.params.id, request.body)),
  );
  app.post(
    '/certificates/:id/fraud',
    { schema: { tags, summary: '认定弄虚作假并撤销证书 / Find fraud after certification: revoke and ban', params: IdParamsSchema, body: FraudFindingCreateSchema, response: created } },
    async (request, reply) => reply.status(201).send(await findFraudOnCertificate(app.db, requestContext(request), request.params.id, request.body)),
  );
  app.post(
    '/review/committees/:id/candidates/:applicationId/fraud',
    { schema: { tags, summary: '评审中认定弄虚作假（主任委员）/ The chair finds fraud in review', params: CandidateParamsSchema, body: FraudFindingCreateSchema, response: created } },
    async (request, reply) => {
      const context = requestContext(request);
      const { committee } = await loadCommittee(app.db, context, request.params.id, ['chair']);
      const candidateIds = (await candidatesOf(app.db, committee.id)).map((candidate) => candidate.applicationId);
      return reply.status(201).send(await findFraudInReview(app.db, context, { id: committee.id, status: committee.status, candidateIds }, request.params.applicationId, request.body));
    },
  );
};
