import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import {
  IdParamsSchema,
  OrganisationCreateSchema,
  OrganisationListSchema,
  OrganisationSchema,
  OrganisationUpdateSchema,
} from './schemas.ts';
import { createOrganisation, getOrganisation, listOrganisations, updateOrganisation } from './service.ts';

export const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['organisations'];
  app.get('/organisations', { schema: { tags, summary: '组织机构列表 / Organisations in scope', response: { 200: OrganisationListSchema } } }, async (request) => ({
    items: await listOrganisations(app.db, requestContext(request)),
  }));

  app.get('/organisations/:id', { schema: { tags, params: IdParamsSchema, response: { 200: OrganisationSchema } } }, async (request) =>
    getOrganisation(app.db, requestContext(request), request.params.id),
  );

  app.post('/organisations', { schema: { tags, body: OrganisationCreateSchema, response: { 201: OrganisationSchema } } }, async (request, reply) => {
    const created = await createOrganisation(app.db, requestContext(request), request.body);
    return reply.status(201).send(created);
  });

  app.patch('/organisations/:id', { schema: { tags, params: IdParamsSchema, body: OrganisationUpdateSchema, response: { 200: OrganisationSchema } } }, async (request) =>
    updateOrganisation(app.db, requestContext(request), request.params.id, request.body),
  );
};
