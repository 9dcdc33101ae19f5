import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { databaseEngine, type Database } from './db/client.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { authRoutes } from './modules/auth/routes.ts';
import { organisationRoutes } from './modules/organisations/routes.ts';
import { userRoutes } from './modules/users/routes.ts';
import { installClock, type Clock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import type { RouteRecord } from './platform/fastify-types.ts';
import { AppError, installErrorHandler, sendProblem } from './platform/errors.ts';
import './platform/fastify-types.ts';
import { installAuthentication } from './platform/http-auth.ts';
import { cookieSecret } from './platform/settings.ts';
import { configureFileStorage } from './platform/files.ts';
import { configureJobs, startJobRunner, type JobRunner } from './platform/jobs.ts';
import { installPersonalDataKey, resolvePersonalDataKey } from './platform/personal-data.ts';
import { configurePasswords } from './platform/passwords.ts';
import { databaseRateLimitStore } from './platform/rate-limit.ts';
import { installInputHygiene } from './platform/input-hygiene.ts';
import { errorForLog, REDACTED_LOG_PATHS, requestForLog } from './platform/log-redaction.ts';
import { configureWorkbookImports } from './platform/xlsx/limits.ts';
import { apiModules } from './modules/index.ts';
import { completeOpenApiDocument, type MultipartBody } from './platform/openapi.ts';
import type { OpenAPIV3 } from 'openapi-types';

export interface BuildAppOptions {
  db: Database;
  logger?: boolean;
  /** Where the log lines go instead of standard output (tests read them). */
  logStream?: { write(line: string): void };
  /** The clock of every use case: `processClock(config.fixedNow)` in a server (PTECH_NOW or the system clock); tests choose theirs. */
  clock: Clock;
}

/** Builds the whole application on a database that is open and migrated. */
export async function buildApp(config: Config, options: BuildAppOptions): Promise<FastifyInstance> {
  // Process-wide services the use cases call: where files live, the personal data key (refuses to
  // start without PERSONAL_DATA_KEY on PostgreSQL), the jobs' defaults.
  configureFileStorage(config, databaseEngine(options.db));
  installPersonalDataKey(resolvePersonalDataKey(config).key);
  configureJobs(config);
  configurePasswords(config);
  configureWorkbookImports(config);

  const app = Fastify({
    // No query parameters, cookies or passwords in the logs (src/platform/log-redaction.ts).
    logger:
      options.logger === false || config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            serializers: { err: errorForLog, error: errorForLog, req: requestForLog },
            redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
            ...(options.logStream ? { stream: options.logStream } : {}),
          },
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('db', options.db);
  app.decorate('config', config);
  const clock = options.clock;
  app.decorate('clock', clock);
  // The instants the database fills in (created_at…) come from this clock too.
  installClock(clock);
  // Every route, as registered: the authorization test walks this list.
  const routeTable: RouteRecord[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    // The OpenAPI document and its viewer are public, and so is the web app outside /api (its page
    // and its assets: the log-in page must load before anyone has a session).
    if (route.url.startsWith('/api/docs') || !route.url.startsWith('/api/')) route.config = { ...(route.config ?? {}), public: true } as typeof route.config;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routeTable.push({ method, url: route.url, public: Boolean((route.config as { public?: boolean } | undefined)?.public), body: route.schema?.body, multipart: ((route.schema?.consumes as string[] | undefined) ?? []).some((type) => type.startsWith('multipart/')), multipartBody: (route.config as { multipartBody?: MultipartBody } | undefined)?.multipartBody, bodyLimit: route.bodyLimit });
    }
  });
  installErrorHandler(app);

  // The security headers (helmet), built once: @fastify/helmet built helmet's middleware again on
  // every request, parsing the content security policy each time (5% of a public request's CPU).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: config.secureCookies,
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)));
  await app.register(cookie, { secret: await cookieSecret(options.db) });
  // Counted in the database, so that every app process behind the same address shares one count.
  await app.register(rateLimit, {
    global: false,
    store: databaseRateLimitStore(options.db, clock),
    errorResponseBuilder: () => new AppError('RATE_LIMITED'),
  });
  installAuthentication(app);
  installInputHygiene(app);

  await app.register(swagger, {
    openapi: {
      info: { title: '特级技师评聘管理系统 API / Principal Technician API', version: '1' },
    },
    transform: jsonSchemaTransform,
    // Security, problem answers, operationIds and upload bodies for every operation (src/platform/openapi.ts).
    transformObject: (input) => completeOpenApiDocument((input as { openapiObject: OpenAPIV3.Document }).openapiObject, routeTable),
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' }, staticCSP: true });

  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));

  await app.register(
    async (api) => {
      await api.register(authRoutes);
      await api.register(organisationRoutes);
      await api.register(userRoutes);
      await api.register(auditRoutes);
      for (const module of apiModules) await api.register(module);
    },
    { prefix: '/api/v1' },
  );

  // The job runner of this process: starts when the app is ready, hands its jobs back on close.
  if (config.jobs !== false) {
    let runner: JobRunner | null = null;
    app.addHook('onReady', async () => {
      runner = startJobRunner(options.db, config, app.log, clock);
    });
    app.addHook('onClose', async () => {
      await runner?.stop();
    });
  }

  const webDir = config.webDir;
  if (webDir && fs.existsSync(path.join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      wildcard: false,
      preCompressed: true,
      index: ['index.html'],
      setHeaders: (response, filePath) => {
        if (filePath.includes(`${path.sep}assets${path.sep}`)) response.header('cache-control', 'public, max-age=31536000, immutable');
        else response.header('cache-control', 'no-cache');
      },
    });
  }
  const indexHtml = webDir && fs.existsSync(path.join(webDir, 'index.html')) ? fs.readFileSync(path.join(webDir, 'index.html')) : null;
  // Client-side routes: every other GET outside /api answers the app's page.
  app.setNotFoundHandler((request, reply) => {
    if (indexHtml && request.method === 'GET' && !request.url.startsWith('/api/') && !path.extname(request.url.split('?')[0])) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
    }
    return sendProblem(request, reply, new AppError('ROUTE_NOT_FOUND'));
  });

  return app;
}
