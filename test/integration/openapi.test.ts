// The API document clients read (issue 23): every operation declares its security, its problem
// answers, a summary and an operationId, uploads their multipart bodies; and an independent linter,
// Redocly CLI with its recommended rules, finds no error in it. Redocly runs offline (no telemetry,
// no update check); a missing Redocly fails the test, it does not skip it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const run = promisify(execFile);
const REDOCLY = path.resolve('node_modules/@redocly/cli/bin/cli.js');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Operation {
  summary?: string;
  operationId?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { $ref?: string }>;
  requestBody?: { content: Record<string, { schema: { properties: Record<string, { format?: string; type?: string }> } }> };
}

let t: TestApp;
let document: { paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>; components: { securitySchemes: Record<string, { in: string; name: string }> } };
const operations: { method: string; path: string; operation: Operation }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const response = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
  expect(response.statusCode).toBe(200);
  document = response.json();
  for (const [pathName, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) operations.push({ method, path: pathName, operation });
    }
  }
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the OpenAPI document', () => {
  it('declares security per operation: nothing for public routes, the session, and the CSRF header on writes', () => {
    expect(operations.length).toBeGreaterThan(150);
    expect(document.components.securitySchemes.session).toMatchObject({ in: 'cookie', name: 'ptech_session' });
    expect(document.components.securitySchemes.csrf).toMatchObject({ in: 'header', name: 'x-csrf-token' });
    const publicRoutes = new Set(
      t.app.routeTable.filter((route) => route.public).map((route) => `${route.method.toLowerCase()} ${route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`),
    );
    for (const { method, path: pathName, operation } of operations) {
      const key = `${method} ${pathName}`;
      if (publicRoutes.has(key)) expect(operation.security, key).toEqual([]);
      else if (method === 'get') expect(operation.security, key).toEqual([{ session: [] }]);
      else expect(operation.security, key).toEqual([{ session: [], csrf: [] }]);
    }
    // The log-in and the public check are public; the users list is not.
    expect(document.paths['/api/v1/auth/login']!.post!.security).toEqual([]);
    expect(document.paths['/api/v1/users']!.get!.security).toEqual([{ session: [] }]);
  });

  it('gives every operation a summary, a unique operationId and its problem+json answers', () => {
    const ids = new Set<string>();
    for (const { method, path: pathName, operation } of operations) {
      const key = `${method} ${pathName}`;
      expect(operation.summary, key).toBeTruthy();
      expect(operation.operationId, key).toMatch(/^[a-z][A-Za-z0-9]+$/);
      expect(ids.has(operation.operationId!), `${key}: ${operation.operationId} twice`).toBe(false);
      ids.add(operation.operationId!);
      expect(Object.keys(operation.responses).some((status) => status.startsWith('4')), key).toBe(true);
      expect(operation.responses['400']?.$ref, key).toBe('#/components/responses/Problem400');
      if (operation.security?.length) expect(operation.responses['401']?.$ref, key).toBe('#/components/responses/Problem401');
    }
    expect(document.paths['/api/v1/plans/{id}/versions/{version}']!.get!.operationId).toBe('getPlansByIdVersionsByVersion');
  });

  it('describes the multipart body of every upload', () => {
    const uploads = t.app.routeTable.filter((route) => route.multipart);
    expect(uploads.length).toBeGreaterThanOrEqual(5);
    for (const route of uploads) {
      const operation = document.paths[route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]![route.method.toLowerCase() as 'post']!;
      const schema = operation.requestBody?.content['multipart/form-data']?.schema;
      expect(schema, route.url).toBeDefined();
      const binaries = Object.values(schema!.properties).filter((property) => property.format === 'binary' || property.type === 'array');
      expect(binaries.length, route.url).toBeGreaterThan(0);
    }
    expect(Object.keys(document.paths['/api/v1/public/notices/{token}/objections']!.post!.requestBody!.content['multipart/form-data']!.schema.properties)).toEqual(
      ['candidateId', 'name', 'contact', 'content', 'files'],
    );
  });

  it('passes `redocly lint` with the recommended rules: 0 errors', async () => {
    expect(fs.existsSync(REDOCLY), `Redocly CLI is missing at ${REDOCLY}: run npm install`).toBe(true);
    const dir = fs.mkdtempSync(path.join(path.resolve('.tmp'), 'openapi-'));
    const file = path.join(dir, 'openapi.json');
    fs.writeFileSync(file, JSON.stringify(document));
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
    const result = await run(process.execPath, [REDOCLY, 'lint', '--extends=recommended', '--format=json', '--max-problems=2000', file], { env, maxBuffer: 64 * 1024 * 1024 }).then(
      (ok) => ({ code: 0, stdout: ok.stdout, stderr: ok.stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
    const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[] };
    const errors = report.problems.filter((problem) => problem.severity === 'error').map((problem) => `${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
    expect(result.code, result.stderr).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
