import fastJson from 'fast-json-stringify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CodeParamsSchema, PublicCertificateSchema, PublicSearchResultSchema, PublicSearchSchema } from './schemas.ts';
import { searchPublicCertificates, verifyCertificate } from './verification.ts';

/** 证书查询: no login; limited per client (PUBLIC_RATE_LIMIT_PER_MINUTE, default 60 a minute per endpoint). */
/**
 * The verification answer written by fast-json-stringify from the schema's JSON form (the busiest
 * public route: zod's check and JSON.stringify were ~4% of its CPU). It writes the schema's
 * properties only, so nothing else of a row can slip into the answer.
 */
const writePublicCertificate = fastJson(z.toJSONSchema(PublicCertificateSchema, { target: 'draft-7' }) as Parameters<typeof fastJson>[0]);

export const publicCertificateRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['public'];
  const rateLimit = { max: app.config.publicRateLimitPerMinute, timeWindow: '1 minute' };
  app.get(
    '/public/certificates/:code',
    {
      config: { public: true, rateLimit },
      schema: { tags, summary: '按证书编号查验 / Verify by code', params: CodeParamsSchema, response: { 200: PublicCertificateSchema } },
      serializerCompiler: () => writePublicCertificate,
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return verifyCertificate(app.db, request.params.code);
    },
  );
  app.post(
    '/public/certificates/search',
    { config: { public: true, rateLimit }, schema: { tags, summary: '按姓名和证件号码查询 / Search by name and ID number', body: PublicSearchSchema, response: { 200: PublicSearchResultSchema } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return { items: await searchPublicCertificates(app.db, request.body, app.clock.today()) };
    },
  );
};
