import type { Database } from '../db/client.ts';
import type { Config } from './config.ts';
import type { Actor } from './policy.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    config: Config;
    routeTable: { method: string; url: string; public: boolean }[];
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
    csrfToken?: string;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (log-in, public verification, health). */
    public?: boolean;
    /** Reachable while a one-time password still has to be changed. */
    allowPendingPasswordChange?: boolean;
  }
}

export {};
