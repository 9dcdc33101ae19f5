import type { FastifyRequest } from 'fastify';
import type { Actor } from './policy.ts';
import { AppError } from './errors.ts';

/** What a use case knows of who asks and from where: written into every audit entry. */
export interface RequestContext {
  actor: Actor;
  ip: string | null;
  userAgent: string | null;
}

/** A context for acts with nobody logged in: the system itself (start-up, CLI) or an anonymous client. */
export interface SystemContext {
  actor: null;
  ip: string | null;
  userAgent: string | null;
}

export type AuditContext = RequestContext | SystemContext;

export function systemContext(userAgent = 'system'): SystemContext {
  return { actor: null, ip: null, userAgent };
}

export function requestContext(request: FastifyRequest): RequestContext {
  const actor = request.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  return {
    actor,
    ip: request.ip ?? null,
    userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'].slice(0, 500) : null,
  };
}
