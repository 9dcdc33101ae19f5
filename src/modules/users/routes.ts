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
  app.get('/users', { schema: { tags, summary: '用户列表 / List users', querystring: UserListQuerySchema, response: { 200: UserListSchema } } }, async (request) => ({
    items: await listUsers(app.db, requestContext(request), request.query),
  }));

  app.post('/users', { schema: { tags, summary: '新建用户 / Create a user', body: UserCreateSchema, response: { 201: UserCreatedSchema } } }, async (request, reply) =>
    reply.status(201).send(await createUser(app.db, requestContext(request), request.body)),
  );

  app.patch('/users/:id', { schema: { tags, summary: '修改用户 / Update a user', params: IdParamsSchema, body: UserUpdateSchema, response: { 200: UserSchema } } }, async (request) =>
    updateUser(app.db, requestContext(request), request.params.id, request.body),
  );

  app.post('/users/:id/reset-password', { schema: { tags, summary: '重置密码（生成一次性密码）/ Reset a password (one-time password)', params: IdParamsSchema, response: { 200: PasswordResetSchema } } }, async (request) =>
    resetUserPassword(app.db, requestContext(request), request.params.id),
  );
};
