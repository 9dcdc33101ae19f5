// verify-pg / verify-pglite: the public verification GET /api/v1/public/certificates/{code} over
// HTTP under autocannon, against a bare Fastify route answering the same JSON from memory.
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { verifyCertificate } from '../src/modules/certificates/verification.ts';
import type { PublicCertificateDto } from '../src/modules/certificates/schemas.ts';
import { benchApp, seedCertificates, type Engine } from './data.ts';
import { httpLoad, listen, ratioOf, sizeOf, seededRandom, since, type BenchContext, type BenchResult, type Benchmark } from './lib.ts';
import { performance } from 'node:perf_hooks';

interface VerifyOptions {
  name: string;
  engine: Engine;
  certificates: number;
  minRatio: number;
  maxP99Ms?: number;
}

async function runVerify(ctx: BenchContext, options: VerifyOptions): Promise<BenchResult[]> {
  const count = sizeOf(ctx, 2000, options.certificates);
  const seconds = ctx.quick ? 2 : 10;
  const t = await benchApp(ctx, options.engine);
  try {
    const admin = await t.admin();
    const start = performance.now();
    const set = await seedCertificates(t, admin, { seed: ctx.seed, count, perEnterprise: 200_000, sample: 5000, concurrency: options.engine === 'postgres' ? 2 : 1, log: ctx.log });
    ctx.log(`${options.name}: ${count} certificates issued in ${(since(start) / 1000).toFixed(1)} s`);
    // Measured on a settled database, as a server's would be after autovacuum's pass: not while
    // PostgreSQL's own autovacuum works through the rows just written on the same two cores.
    if (options.engine === 'postgres') await t.handle.db.execute(sql`vacuum (analyze)`);
    const answers = new Map<string, PublicCertificateDto>();
    for (const code of set.codes) answers.set(code, await verifyCertificate(t.handle.db, code));

    const bare = Fastify({ logger: false });
    bare.get<{ Params: { code: string } }>('/api/v1/public/certificates/:code', async (request, reply) => {
      const answer = answers.get(request.params.code);
      reply.header('cache-control', 'no-store');
      if (!answer) return reply.status(404).send({ code: 'NOT_FOUND' });
      return answer;
    });
    // The codes in a seeded random order: consecutive requests do not read neighbouring rows.
    const random = seededRandom(ctx.seed);
    const codes = [...set.codes];
    for (let index = codes.length - 1; index > 0; index -= 1) {
      const other = Math.floor(random() * (index + 1));
      [codes[index], codes[other]] = [codes[other], codes[index]];
    }
    const requests = codes.map((code) => ({ method: 'GET' as const, path: `/api/v1/public/certificates/${code}` }));
    const load = { connections: 50, seconds, requests, warmupSeconds: ctx.quick ? 1 : 3 };

    const productUrl = await listen(t.app);
    const product = await httpLoad({ ...load, url: productUrl });
    const bareUrl = await listen(bare);
    const baseline = await httpLoad({ ...load, url: bareUrl });
    await bare.close();

    const ratio = ratioOf(product.requestsPerSecond, baseline.requestsPerSecond);
    const pass = ratio >= options.minRatio && product.errors === 0 && (options.maxP99Ms === undefined || product.p99 <= options.maxP99Ms);
    return [
      {
        name: options.name,
        value: Math.round(product.requestsPerSecond),
        unit: 'req/s',
        baseline: Math.round(baseline.requestsPerSecond),
        ratio,
        target: `ratio>=${options.minRatio}${options.maxP99Ms !== undefined ? `,p99<=${options.maxP99Ms}ms` : ''},errors=0`,
        pass,
        details: {
          certificates: count,
          p50_ms: product.p50,
          p99_ms: product.p99,
          baseline_p99_ms: baseline.p99,
          requests: product.total,
          errors: product.errors,
          seed_s: Number((set.issueMs / 1000).toFixed(1)),
        },
      },
    ];
  } finally {
    await t.close();
  }
}

export const verifyPg: Benchmark = {
  name: 'verify-pg',
  describe: 'public verification by code over HTTP, PostgreSQL, 1,000,000 certificates, 50 connections, 10 s, vs a bare route from memory',
  run: (ctx) => runVerify(ctx, { name: 'verify-pg', engine: 'postgres', certificates: 1_000_000, minRatio: 0.5, maxP99Ms: 25 }),
};

export const verifyPglite: Benchmark = {
  name: 'verify-pglite',
  describe: 'the same on the embedded database (PGlite), 100,000 certificates',
  run: (ctx) => runVerify(ctx, { name: 'verify-pglite', engine: 'pglite', certificates: 100_000, minRatio: 0.25 }),
};
