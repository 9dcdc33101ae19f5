import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { requestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { permissionsOf, type Actor } from '../../platform/policy.ts';
import { CSRF_COOKIE, SESSION_COOKIE, sessionCookieOptions, csrfCookieOptions } from '../../platform/http-auth.ts';
import { loadOrganisation, toOrganisationDto } from '../organisations/service.ts';
import { LoginResultSchema, LoginSchema, MeSchema, PasswordChangeSchema, type MeDto } from './schemas.ts';
import { login } from './login.ts';
import { changePassword, logout } from './service.ts';

async function describeActor(db: Database, actor: Actor): Promise<MeDto> {
  const organisation = await loadOrganisation(db, actor.organisationId);
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    mustChangePassword: actor.mustChangePassword,
    roles: actor.roles,
    organisation: toOrganisationDto(organisation),
    permissions: permissionsOf(actor.roles),
  };
}

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['auth'];
  app.post(
    '/auth/login',
    {
      schema: { tags, summary: '登录 / Log in', body: LoginSchema, response: { 200: LoginResultSchema } },
      config: { public: true, rateLimit: { max: app.config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const result = await login(app.db, app.config, request.body, {
        ip: request.ip,
        userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'].slice(0, 500) : null,
        clock: app.clock,
      });
      const now = app.clock.now();
      // The cookies live until the session's absolute end; the server ends an idle session sooner.
      reply.setCookie(SESSION_COOKIE, result.token, sessionCookieOptions(app.config, result.absoluteExpiresAt, now));
      reply.setCookie(CSRF_COOKIE, result.csrfToken, csrfCookieOptions(app.config, result.absoluteExpiresAt, now));
      return { user: await describeActor(app.db, result.actor) };
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags, summary: '退出登录 / Log out', response: { 204: z.null() } }, config: { allowPendingPasswordChange: true } },
    async (request, reply) => {
      await logout(app.db, requestContext(request), request.sessionToken!);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/password',
    { schema: { tags, summary: '修改密码 / Change password', body: PasswordChangeSchema, response: { 204: z.null() } }, config: { allowPendingPasswordChange: true } },
    async (request, reply) => {
      await changePassword(app.db, requestContext(request), request.body, request.sessionToken!);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    { schema: { tags, summary: '当前用户 / The current user', response: { 200: MeSchema } }, config: { allowPendingPasswordChange: true } },
    async (request) => {
      if (!request.actor) throw new AppError('UNAUTHENTICATED');
      return describeActor(app.db, request.actor);
    },
  );
};
