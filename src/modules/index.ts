import type { FastifyPluginAsync } from 'fastify';

/**
 * The capability modules beyond the foundation, each a Fastify plugin registered under /api/v1.
 * A new module adds its routes here.
 */
export const apiModules: FastifyPluginAsync[] = [];
