import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import {
  BanCorrectionSchema,
  BanIdParamsSchema,
  BanLiftSchema,
  BanListQuerySchema,
  BanListSchema,
  BanSchema,
  SuspensionCreateSchema,
  SuspensionListQuerySchema,
  SuspensionListSchema,
  SuspensionLiftSchema,
  SuspensionSchema,
} from './schemas.ts';
import { correctBan, liftBan, listBans } from './service.ts';
import { liftSuspension, listSuspensions, suspendEvaluation } from './suspensions.ts';

/**
 * 禁入名单 and 暂停评审 (section 六(四)): bans are created by the acts that find fraud (createBan) and
 * lifted or corrected by the supervising department; a department suspends an enterprise's evaluation.
 */
export const banRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['bans'];
  app.get('/bans', { schema: { tags, summary: '禁入名单 / Bans in scope', querystring: BanListQuerySchema, response: { 200: BanListSchema } } }, async (request) => ({
    items: await listBans(app.db, requestContext(request), request.query),
  }));
  app.post('/bans/:id/lift', { schema: { tags, summary: '撤销禁入 / Lift a ban (supervising department)', params: BanIdParamsSchema, body: BanLiftSchema, response: { 200: BanSchema } } }, async (request) =>
    liftBan(app.db, requestContext(request), request.params.id, request.body),
  );
  app.post('/bans/:id/correct', { schema: { tags, summary: '更正禁入 / Correct a ban (supervising department)', params: BanIdParamsSchema, body: BanCorrectionSchema, response: { 200: BanSchema } } }, async (request) =>
    correctBan(app.db, requestContext(request), request.params.id, request.body),
  );
  app.get('/suspensions', { schema: { tags, summary: '暂停评审 / Suspensions in scope or covering one', querystring: SuspensionListQuerySchema, response: { 200: SuspensionListSchema } } }, async (request) => ({
    items: await listSuspensions(app.db, requestContext(request), request.query),
  }));
  app.post('/suspensions', { schema: { tags, summary: '暂停企业评审 / Suspend an enterprise’s evaluation', body: SuspensionCreateSchema, response: { 201: SuspensionSchema } } }, async (request, reply) =>
    reply.status(201).send(await suspendEvaluation(app.db, requestContext(request), request.body)),
  );
  app.post('/suspensions/:id/lift', { schema: { tags, summary: '解除暂停 / Lift a suspension', params: BanIdParamsSchema, body: SuspensionLiftSchema, response: { 200: SuspensionSchema } } }, async (request) =>
    liftSuspension(app.db, requestContext(request), request.params.id, request.body),
  );
};
