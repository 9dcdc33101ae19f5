import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { resolveSession } from '../modules/auth/service.ts';
import type { Config } from './config.ts';
import { AppError } from './errors.ts';

export const SESSION_COOKIE = 'ptech_session';
export const CSRF_COOKIE = 'ptech_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * A cookie's lifetime as Max-Age (seconds from now by the app's clock), never an absolute Expires:
 * the browser's clock need not agree with the app's (PTECH_NOW, a skewed server).
 */
function maxAgeUntil(expires: Date, now: Date): number {
  return Math.max(0, Math.floor((expires.getTime() - now.getTime()) / 1000));
}

export function sessionCookieOptions(config: Config, expires: Date, now: Date): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies, signed: true, maxAge: maxAgeUntil(expires, now) };
}

/** Readable by the page's script, which echoes it in the x-csrf-token header of every write. */
export function csrfCookieOptions(config: Config, expires: Date, now: Date): CookieSerializeOptions {
  return { path: '/', httpOnly: false, sameSite: 'strict', secure: config.secureCookies, maxAge: maxAgeUntil(expires, now) };
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the session of every request, then enforces, before any handler runs:
 * - a session for every route not marked `config.public`;
 * - the CSRF token on every write made with a session;
 * - the change of a one-time password before anything else.
 */
export function installAuthentication(app: FastifyInstance) {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);

  app.addHook('onRequest', async (request) => {
    const raw = request.cookies[SESSION_COOKIE];
    if (!raw) return;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || !unsigned.value) return;
    const session = await resolveSession(app.db, app.config, unsigned.value, app.clock);
    if (!session) return;
    request.actor = session.actor;
    request.sessionToken = unsigned.value;
    request.csrfToken = session.csrfToken;
  });

  // Before validation, so that nobody without a session learns anything from validation errors.
  app.addHook('preValidation', async (request) => {
    const routeConfig = request.routeOptions.config as { public?: boolean; allowPendingPasswordChange?: boolean } | undefined;
    if (routeConfig?.public) return;
    // Only the API needs a session: the web app's files are public (its pages ask /api/v1/me).
    if (!request.routeOptions.url?.startsWith('/api/')) return;
    if (!request.actor) throw new AppError('UNAUTHENTICATED');
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !request.csrfToken || !sameToken(header, request.csrfToken)) {
        throw new AppError('CSRF_INVALID');
      }
    }
    if (request.actor.mustChangePassword && !routeConfig?.allowPendingPasswordChange) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED');
    }
  });
}
