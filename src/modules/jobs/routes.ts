import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import { getJob, retryJob } from '../../platform/jobs.ts';
import { JobIdParamsSchema, JobSchema } from './schemas.ts';

export const jobRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['jobs'];
  app.get(
    '/jobs/:id',
    { schema: { tags, summary: '任务进度与结果 / A job’s progress and result', params: JobIdParamsSchema, response: { 200: JobSchema } } },
    async (request) => getJob(app.db, requestContext(request), request.params.id),
  );

  app.post(
    '/jobs/:id/retry',
    { schema: { tags, summary: '重试失败的任务 / Retry a failed job', params: JobIdParamsSchema, response: { 200: JobSchema } } },
    async (request) => retryJob(app.db, requestContext(request), request.params.id),
  );
};
