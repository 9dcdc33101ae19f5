import type { Database } from '../db/client.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { MultipartBody } from './openapi.ts';
import type { Actor } from './policy.ts';

/** A registered route, as the authorization and fuzz tests walk them. */
export interface RouteRecord {
  method: string;
  url: string;
  public: boolean;
  /** The zod schema of the body, when the route has one. */
  body?: unknown;
  /** Takes multipart/form-data (uploads) instead of JSON. */
  multipart?: boolean;
  /** The fields of its multipart body, for the OpenAPI document. */
  multipartBody?: MultipartBody;
  /** Its own body limit in bytes, where it has one (the server's is 1 MiB). */
  bodyLimit?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    config: Config;
    /** The clock every use case asks for now and today (PTECH_NOW or the system clock; tests inject one). */
    clock: Clock;
    routeTable: RouteRecord[];
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
    /** The fields of a multipart/form-data upload, for the OpenAPI document (src/platform/openapi.ts). */
    multipartBody?: MultipartBody;
  }
}

export {};
