import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import { contentDisposition } from '../../platform/files.ts';
import { AuditCheckpointSchema, AuditListSchema, AuditQuerySchema, AuditVerificationSchema, AuditVerifyWithCheckpointsSchema } from './schemas.ts';
import { listAuditEntries, makeCheckpoint, verifyAudit, verifyAuditWithCheckpoints } from './service.ts';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['audit'];
  app.get('/audit', { schema: { tags, summary: '审计日志 / List audit entries', querystring: AuditQuerySchema, response: { 200: AuditListSchema } } }, async (request) =>
    listAuditEntries(app.db, requestContext(request), request.query),
  );
  app.get('/audit/verify', { schema: { tags, summary: '校验审计链 / Verify the audit chain', response: { 200: AuditVerificationSchema } } }, async (request) =>
    verifyAudit(app.db, requestContext(request)),
  );
  app.post(
    '/audit/verify',
    {
      schema: {
        tags,
        summary: '用检查点校验审计链 / Verify the audit chain against kept checkpoints',
        body: AuditVerifyWithCheckpointsSchema,
        response: { 200: AuditVerificationSchema },
      },
      // A checkpoint file of many lines: larger than the usual body limit.
      bodyLimit: 21 * 1024 * 1024,
    },
    async (request) => verifyAuditWithCheckpoints(app.db, requestContext(request), request.body),
  );
  app.get('/audit/checkpoint', { schema: { tags, summary: '生成审计链检查点（已签名）/ A signed checkpoint of the audit chain', response: { 200: AuditCheckpointSchema } } }, async (request, reply) => {
    const checkpoint = await makeCheckpoint(app.db, requestContext(request));
    const date = checkpoint.at.slice(0, 10);
    reply.header('content-disposition', contentDisposition('attachment', `审计检查点-${date}-${checkpoint.count}.json`)).header('cache-control', 'no-store');
    return checkpoint;
  });
};
