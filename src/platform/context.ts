import type { FastifyRequest } from 'fastify';
import type { Clock } from './clock.ts';
import type { Actor } from './policy.ts';
import { AppError } from './errors.ts';

/** What a use case knows of who asks and from where: written into every audit entry. */
export interface RequestContext {
  actor: Actor;
  ip: string | null;
  userAgent: string | null;
  /** Where the act takes "now" and "today" from (the app's clock; the demo's own). */
  clock: Clock;
}

/** A context for acts with nobody logged in: the system itself (start-up, CLI) or an anonymous client. */
export interface SystemContext {
  actor: null;
  ip: string | null;
  userAgent: string | null;
  clock: Clock;
}

export type AuditContext = RequestContext | SystemContext;

export function systemContext(clock: Clock, userAgent = 'system'): SystemContext {
  return { actor: null, ip: null, userAgent, clock };
}

/** The context of an anonymous client of a public route (no session): its address and browser. */
export function anonymousContext(request: FastifyRequest): SystemContext {
  return {
    actor: null,
    ip: request.ip ?? null,
    userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'].slice(0, 500) : null,
    clock: request.server.clock,
  };
}

export function requestContext(request: FastifyRequest): RequestContext {
  const actor = request.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  return {
    actor,
    ip: request.ip ?? null,
    userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'].slice(0, 500) : null,
    clock: request.server.clock,
  };
}
