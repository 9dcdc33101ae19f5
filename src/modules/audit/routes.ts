import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import { AuditListSchema, AuditQuerySchema, AuditVerificationSchema } from './schemas.ts';
import { listAuditEntries, verifyAudit } from './service.ts';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['audit'];
  app.get('/audit', { schema: { tags, summary: '审计日志 / List audit entries', querystring: AuditQuerySchema, response: { 200: AuditListSchema } } }, async (request) =>
    listAuditEntries(app.db, requestContext(request), request.query),
  );
  app.get('/audit/verify', { schema: { tags, summary: '校验审计链 / Verify the audit chain', response: { 200: AuditVerificationSchema } } }, async (request) =>
    verifyAudit(app.db, requestContext(request)),
  );
};
