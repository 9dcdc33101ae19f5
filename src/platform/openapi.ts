// The OpenAPI document as clients need it (issue 23): @fastify/swagger builds it from the routes'
// schemas; what the routes cannot say one by one is completed here from what the server knows of
// every route (src/server.ts's route table):
//
// - security: a public route needs nothing; every other one the session cookie, and a write the
//   CSRF header too (src/platform/http-auth.ts: the header echoes the ptech_csrf cookie);
// - the problem+json answers each operation can give (400 invalid input, 401 no session, 403 not
//   allowed, 404 not found, 409 refused by the state of things, 429 rate limited);
// - an operationId from the method and the path, where the route names none;
// - the multipart/form-data body of an upload, from the route's `multipartBody`.
// `npx @redocly/cli lint` with its recommended rules runs on the result in the test suite
// (test/integration/openapi.test.ts).
import type { OpenAPIV3 } from 'openapi-types';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from './http-auth.ts';

/** What the document needs to know of a route beyond its schema. */
export interface OpenApiRouteInfo {
  method: string;
  url: string;
  public: boolean;
  multipartBody?: MultipartBody;
}

/** The fields of a multipart/form-data upload, as a route declares them in `config.multipartBody`. */
export interface MultipartBody {
  required: string[];
  properties: Record<string, { type: 'string' | 'array'; format?: 'binary' | 'uuid'; description: string; items?: { type: 'string'; format: 'binary' } }>;
}

/** One uploaded file, for `multipartBody`. */
export function fileField(description: string) {
  return { type: 'string' as const, format: 'binary' as const, description };
}
/** A text field, for `multipartBody`. */
export function textField(description: string, format?: 'uuid') {
  return { type: 'string' as const, ...(format ? { format } : {}), description };
}

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** `/api/v1/plans/:id/versions/:version` → `/api/v1/plans/{id}/versions/{version}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** `get /api/v1/plans/{id}/versions/{version}` → `getPlansByIdVersionsByVersion`. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/api\/v1\//, '/')
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const parameter = /^\{(.+)\}$/.exec(segment);
      const text = parameter ? `by-${parameter[1]}` : segment;
      return text
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((word) => word[0]!.toUpperCase() + word.slice(1))
        .join('');
    });
  return method.toLowerCase() + words.join('');
}

const problemSchema: OpenAPIV3.SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details; `detail` in the language of Accept-Language, `messages` in both.',
  required: ['type', 'title', 'status', 'code', 'detail', 'messages'],
  properties: {
    type: { type: 'string', example: 'urn:ptech:error:VALIDATION_FAILED' },
    title: { type: 'string', description: 'English title' },
    status: { type: 'integer' },
    code: { type: 'string', description: 'Stable error code (src/platform/errors.ts)' },
    detail: { type: 'string' },
    messages: {
      type: 'object',
      required: ['zh-CN', 'en'],
      properties: { 'zh-CN': { type: 'string' }, en: { type: 'string' } },
    },
    errors: {
      type: 'array',
      description: 'Field errors of invalid input',
      items: {
        type: 'object',
        properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

const problemResponses: Record<string, string> = {
  '400': '输入无效 / Invalid input',
  '401': '未登录或会话已过期 / No session, or it has ended',
  '403': '无权限、超出本机构范围或 CSRF 令牌无效 / Not allowed, out of scope, or the CSRF token is missing',
  '404': '不存在或不在本机构范围内 / Not found, or not in scope',
  '409': '当前状态不允许此操作 / Refused by the current state',
  '429': '请求过于频繁 / Rate limited',
};

/** Completes the document @fastify/swagger built; `routes` is the server's route table. */
export function completeOpenApiDocument(document: OpenAPIV3.Document, routes: readonly OpenApiRouteInfo[], serverUrl = '/'): OpenAPIV3.Document {
  const byOperation = new Map(routes.map((route) => [`${route.method.toLowerCase()} ${openApiPath(route.url)}`, route]));
  document.servers = [{ url: serverUrl }];
  document.components ??= {};
  document.components.securitySchemes = {
    session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: '会话 Cookie，由 POST /api/v1/auth/login 设置 / The session cookie set by POST /api/v1/auth/login' },
    csrf: {
      type: 'apiKey',
      in: 'header',
      name: CSRF_HEADER,
      description: `写操作须在此请求头中回传 ${CSRF_COOKIE} Cookie 的值 / Every write echoes the ${CSRF_COOKIE} cookie in this header`,
    },
  };
  document.components.schemas = { ...(document.components.schemas ?? {}), Problem: problemSchema };
  document.components.responses = {
    ...(document.components.responses ?? {}),
    ...Object.fromEntries(
      Object.entries(problemResponses).map(([status, description]) => [
        `Problem${status}`,
        { description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      ]),
    ),
  };

  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (!item) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const route = byOperation.get(`${method} ${path}`);
      const isPublic = route?.public ?? false;
      const write = WRITE_METHODS.has(method);
      operation.operationId ??= operationIdOf(method, path);
      operation.security = isPublic ? [] : write ? [{ session: [], csrf: [] }] : [{ session: [] }];

      const statuses = ['400'];
      if (!isPublic) statuses.push('401', '403');
      if (path.includes('{') || !isPublic) statuses.push('404');
      if (write) statuses.push('409');
      statuses.push('429');
      for (const status of statuses) {
        if (!operation.responses[status]) operation.responses[status] = { $ref: `#/components/responses/Problem${status}` };
      }
      // A route with no success schema (a file, a redirect) still documents its answer.
      if (!Object.keys(operation.responses).some((status) => status.startsWith('2') || status.startsWith('3'))) {
        operation.responses['200'] = { description: 'OK' };
      }

      if (route?.multipartBody) {
        operation.requestBody = {
          required: true,
          content: {
            'multipart/form-data': {
              schema: { type: 'object', required: route.multipartBody.required, properties: route.multipartBody.properties as Record<string, OpenAPIV3.SchemaObject> },
            },
          },
        };
      }
    }
  }
  return document;
}
