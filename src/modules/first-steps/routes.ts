import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestContext } from '../../platform/context.ts';
import { firstSteps } from './service.ts';

export const FirstStepsSchema = z.object({
  audience: z.enum(['administrator', 'enterprise']).nullable(),
  year: z.number().int(),
  steps: z.array(
    z.object({
      id: z.enum(['organisations', 'users', 'calendar', 'catalogue', 'certificate-code', 'register', 'plan']),
      done: z.boolean(),
      link: z.string().nullable(),
    }),
  ),
});

export const firstStepsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/me/first-steps',
    { schema: { tags: ['auth'], summary: '入门清单（按数据自动勾选）/ First steps, ticked by the data', response: { 200: FirstStepsSchema } } },
    async (request) => firstSteps(app.db, requestContext(request)),
  );
};
