import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import { IdParamsSchema } from '../organisations/schemas.ts';
import {
  PasswordResetSchema,
  UserCreatedSchema,
  UserCreateSchema,
  UserListQuerySchema,
  UserListSchema,
  UserSchema,
  UserUpdateSchema,
} from './schemas.ts';
import { createUser, listUsers, resetUserPassword, updateUser } from './service.ts';

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['users'];
  app.get('/users', { schema: { tags, querystring: UserListQuerySchema, response: { 200: UserListSchema } } }, async (request) => ({
    items: await listUsers(app.db, requestContext(request), request.query),
  }));

  app.post('/users', { schema: { tags, body: UserCreateSchema, response: { 201: UserCreatedSchema } } }, async (request, reply) =>
    reply.status(201).send(await createUser(app.db, requestContext(request), request.body)),
  );

  app.patch('/users/:id', { schema: { tags, params: IdParamsSchema, body: UserUpdateSchema, response: { 200: UserSchema } } }, async (request) =>
    updateUser(app.db, requestContext(request), request.params.id, request.body),
  );

  app.post('/users/:id/reset-password', { schema: { tags, params: IdParamsSchema, response: { 200: PasswordResetSchema } } }, async (request) =>
    resetUserPassword(app.db, requestContext(request), request.params.id),
  );
};
