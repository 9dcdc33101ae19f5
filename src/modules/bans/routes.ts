import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import { BanListQuerySchema, BanListSchema } from './schemas.ts';
import { listBans } from './service.ts';

/** 禁入名单 (section 六(四)): bans are created by the acts that find fraud (createBan); here they are listed. */
export const banRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/bans',
    { schema: { tags: ['bans'], summary: '禁入名单 / Bans in scope', querystring: BanListQuerySchema, response: { 200: BanListSchema } } },
    async (request) => ({ items: await listBans(app.db, requestContext(request), request.query) }),
  );
};
