// `npm run bench`: the performance benchmarks of issue 12 and the load soak of issue 11, each
// measured on this machine against a baseline run in the same process, one line each:
//
//   BENCH <name> <value> <unit> baseline=<value> ratio=<x> target=<y> PASS|FAIL
//   # <name> <more figures: p99, RSS, data set size…>
//
// and a summary line at the end. Exit code 0 only when every benchmark passed.
//
//   npm run bench                        every benchmark at full size (≈ 30 min; run it rarely)
//   npm run bench -- --quick             every benchmark briefly on small data (so they cannot rot)
//   npm run bench -- verify-pg soak      only these
//   npm run bench -- --seed 7            another data set (the default seed is 20211)
//   npm run bench -- --scale 0.1 NAME    a tenth of the full data sets (while working on one)
//
// PostgreSQL: a throw-away server (test/support/postgres-server.ts) is started on first use and
// stopped at the end. Benchmarks are not tests: `npm test` does not run them.
import { performance } from 'node:perf_hooks';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server.ts';
import { formatResult, type BenchContext, type BenchResult, type Benchmark } from './lib.ts';
import { importRegisterBench, screenRegister } from './register.ts';
import { issueCertificatesBench } from './issue.ts';
import { signPdfBench } from './sign-pdf.ts';
import { listApplicationsBench } from './list-applications.ts';
import { soak } from './soak.ts';
import { startBench } from './start.ts';
import { statisticsNationalBench } from './statistics-national.ts';
import { verifyPg, verifyPglite } from './verify.ts';
import { verifyCredentialBench } from './verify-credential.ts';
import { webFirstLoad } from './web-first-load.ts';

const benchmarks: Benchmark[] = [verifyPg, verifyPglite, verifyCredentialBench, screenRegister, importRegisterBench, issueCertificatesBench, signPdfBench, listApplicationsBench, statisticsNationalBench, startBench, webFirstLoad, soak];

function usage(): string {
  return `usage: npm run bench [-- [--quick] [--seed N] [--scale F] [NAME…]]\nbenchmarks:\n${benchmarks.map((b) => `  ${b.name.padEnd(20)} ${b.describe}`).join('\n')}`;
}

const argv = process.argv.slice(2).filter((arg) => arg !== '--');
let quick = false;
let seed = 20211;
let scale = 1;
const names: string[] = [];
for (let index = 0; index < argv.length; index += 1) {
  const arg = argv[index];
  if (arg === '--quick') quick = true;
  else if (arg === '--seed') seed = Number(argv[++index]);
  else if (arg.startsWith('--seed=')) seed = Number(arg.slice('--seed='.length));
  else if (arg === '--scale') scale = Number(argv[++index]);
  else if (arg.startsWith('--scale=')) scale = Number(arg.slice('--scale='.length));
  else if (arg === '-h' || arg === '--help') {
    console.log(usage());
    process.exit(0);
  } else if (arg.startsWith('-')) {
    console.error(`unknown option ${arg}\n${usage()}`);
    process.exit(2);
  } else names.push(arg);
}
const unknown = names.filter((name) => !benchmarks.some((b) => b.name === name));
if (unknown.length || !Number.isInteger(seed) || !(scale > 0 && scale <= 1)) {
  console.error(`${unknown.length ? `unknown benchmark ${unknown.join(', ')}` : !Number.isInteger(seed) ? 'the seed is an integer' : 'the scale is a number above 0 and at most 1'}\n${usage()}`);
  process.exit(2);
}
const selected = names.length ? benchmarks.filter((b) => names.includes(b.name)) : benchmarks;

let server = null as Promise<PostgresServer> | null;
const ctx: BenchContext = {
  quick,
  seed,
  scale,
  postgres: () => (server ??= startPostgres()),
  log: (message) => console.log(`  … ${message}`),
};

const results: BenchResult[] = [];
const crashed: string[] = [];
const started = performance.now();
console.log(`benchmarks ${quick ? '(quick: small data, short runs) ' : ''}${!quick && scale !== 1 ? `(scale ${scale}: NOT the issue's data sizes) ` : ''}seed ${seed}: ${selected.map((b) => b.name).join(', ')}`);
for (const benchmark of selected) {
  console.log(`\n━━ ${benchmark.name}: ${benchmark.describe}`);
  const t0 = performance.now();
  try {
    for (const result of await benchmark.run(ctx)) {
      results.push(result);
      console.log(formatResult(result));
      if (result.details) console.log(`# ${result.name} ${Object.entries(result.details).map(([key, value]) => `${key}=${value}`).join(' ')}`);
    }
  } catch (error) {
    crashed.push(benchmark.name);
    console.error(error);
    console.log(`BENCH ${benchmark.name} - - baseline=- ratio=- target=- FAIL (crashed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  console.log(`   (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
if (server) await (await server).stop();

const passed = results.filter((r) => r.pass).length;
const failed = results.length - passed + crashed.length;
console.log(
  `\nSUMMARY ${passed} passed, ${failed} failed${failed ? ` (${[...results.filter((r) => !r.pass).map((r) => r.name), ...crashed].join(', ')})` : ''} in ${((performance.now() - started) / 1000).toFixed(0)} s${quick ? ' (quick)' : ''}`,
);
process.exit(failed ? 1 : 0);
