// The system's time as its clock has it: the page takes "now" and "today" from here (not from the
// browser's clock), and shows a banner when PTECH_NOW has fixed it.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

export const SystemTimeSchema = z.object({
  /** The clock's instant (ISO 8601, UTC). */
  now: z.string(),
  /** Today's date in China (Asia/Shanghai), 'YYYY-MM-DD'. */
  today: z.string(),
  /** The instant PTECH_NOW fixed this process's clock at (it runs on from there), or null. */
  fixedAt: z.string().nullable(),
});

export const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/public/time',
    {
      config: { public: true, rateLimit: { max: app.config.publicRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: { tags: ['public'], summary: '系统时间（页面据此判断“今天”）/ The system time (the pages take "today" from it)', response: { 200: SystemTimeSchema } },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { now: app.clock.now().toISOString(), today: app.clock.today(), fixedAt: app.config.fixedNow ? new Date(app.config.fixedNow).toISOString() : null };
    },
  );
};
