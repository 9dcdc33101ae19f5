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

  app.get('/organisations/:id', { schema: { tags, summary: '查看组织机构 / Read an organisation', params: IdParamsSchema, response: { 200: OrganisationSchema } } }, async (request) =>
    getOrganisation(app.db, requestContext(request), request.params.id),
  );

  app.post('/organisations', { schema: { tags, summary: '新建组织机构 / Create an organisation', body: OrganisationCreateSchema, response: { 201: OrganisationSchema } } }, async (request, reply) => {
    const created = await createOrganisation(app.db, requestContext(request), request.body);
    return reply.status(201).send(created);
  });

  app.patch('/organisations/:id', { schema: { tags, summary: '修改组织机构 / Update an organisation', params: IdParamsSchema, body: OrganisationUpdateSchema, response: { 200: OrganisationSchema } } }, async (request) =>
    updateOrganisation(app.db, requestContext(request), request.params.id, request.body),
  );
};
