#!/usr/bin/env node
// `npm test`: the whole suite, in this order, each stage with a heading and its duration:
//
//   deps                  scripts/ensure-system-deps.sh (postgresql, chromium, fonts-wqy-microhei)
//   typecheck             npm run typecheck
//   lint                  npm run lint
//   unit                  vitest --project unit
//   integration-pglite    vitest --project integration   TEST_DB=pglite
//   integration-postgres  vitest --project integration   TEST_DB=postgres TEST_DATABASE_URL=<server>
//                         (a throw-away PostgreSQL server this script starts and stops)
//   build                 npm run build (the web app, for the browser tests)
//   e2e                   vitest --project e2e           TEST_DB=pglite
//
// A failed stage does not stop the run (so the summary is complete), except missing system
// packages that cannot be installed, which stop it at once. The last line printed is always
// `N passed, N failed`: the tests counted by Vitest (its json reporter) in every run, plus one per
// typecheck/lint/build check. Exit code 0 only when nothing failed.
//
// For developers:
//   npm test -- --only unit,integration          only these stages (integration = both engines)
//   npm test -- --only e2e test/e2e/login.test.ts  extra arguments go to every Vitest run
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);
const TMP = path.join(ROOT, '.tmp');
const VITEST = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

const STAGES = [
  'deps',
  'typecheck',
  'lint',
  'unit',
  'integration-pglite',
  'integration-postgres',
  'build',
  'e2e',
];
const ALIASES = {
  integration: ['integration-pglite', 'integration-postgres'],
  pglite: ['integration-pglite'],
  postgres: ['integration-postgres'],
  pg: ['integration-postgres'],
  types: ['typecheck'],
  browser: ['e2e'],
};

// ---------------------------------------------------------------------------------------- args
function usage() {
  console.log(`usage: npm test [-- [--only STAGE[,STAGE…]] [vitest args…]]
stages: ${STAGES.join(', ')}
aliases: ${Object.entries(ALIASES)
    .map(([k, v]) => `${k}=${v.join('+')}`)
    .join(', ')}`);
}

let only = null;
const vitestArgs = [];
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') continue;
    if (a === '-h' || a === '--help') {
      usage();
      process.exit(0);
    }
    let list = null;
    if (a === '--only') list = argv[++i] ?? '';
    else if (a.startsWith('--only=')) list = a.slice('--only='.length);
    if (list === null) {
      vitestArgs.push(a);
      continue;
    }
    only ??= new Set();
    for (const name of list.split(',').map((s) => s.trim()).filter(Boolean)) {
      const names = ALIASES[name] ?? [name];
      for (const n of names) {
        if (!STAGES.includes(n)) {
          console.error(`unknown stage "${name}"`);
          usage();
          process.exit(2);
        }
        only.add(n);
      }
    }
  }
}

const selected = STAGES.filter((s) => {
  if (!only) return true;
  if (s === 'deps') {
    // The system packages matter only to the stages that use them.
    return only.has('deps') || only.has('integration-postgres') || only.has('e2e');
  }
  return only.has(s);
});

// ------------------------------------------------------------------------- children & signals
let currentChild = null;
let interrupted = null;

function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    currentChild = child;
    child.on('error', (err) => {
      console.error(`cannot run ${cmd}: ${err.message}`);
      currentChild = null;
      resolve({ code: 127 });
    });
    child.on('close', (code, signal) => {
      currentChild = null;
      resolve({ code: code ?? 1, signal });
    });
  });
}

const SIGNAL_EXIT = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
for (const sig of Object.keys(SIGNAL_EXIT)) {
  process.on(sig, () => {
    if (interrupted) {
      // Second signal: give up at once (the postgres helper's exit handler still stops its server).
      process.exit(SIGNAL_EXIT[sig]);
    }
    interrupted = sig;
    console.error(`\n${sig}: stopping after the current stage is ended`);
    if (currentChild && currentChild.exitCode === null) currentChild.kill(sig);
    for (const child of aheadChildren) child.kill(sig);
    setTimeout(() => process.exit(SIGNAL_EXIT[sig]), 20_000).unref();
  });
}

// ------------------------------------------------------------------------------------- stages
const fmtSecs = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** A check that is not a test runner: counts as one passed or one failed check. */
async function checkStage(cmd, args) {
  const { code } = await run(cmd, args);
  return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1, note: `exit code ${code}` };
}

/**
 * The same check started ahead, beside the stage before it, its output held until its turn: lint
 * runs while typecheck does (each on one core of the 2-core CI machine: about 30 s less).
 */
const ahead = new Map();
const aheadChildren = new Set();
function startAhead(name, cmd, args) {
  ahead.set(
    name,
    new Promise((resolve) => {
      const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
      aheadChildren.add(child);
      const output = [];
      child.stdout.on('data', (chunk) => output.push(chunk));
      child.stderr.on('data', (chunk) => output.push(chunk));
      child.on('error', (err) => resolve({ code: 127, output: [Buffer.from(`cannot run ${cmd}: ${err.message}\n`)] }));
      child.on('close', (code) => {
        aheadChildren.delete(child);
        resolve({ code: code ?? 1, output });
      });
    }),
  );
}
async function checkStageAhead(name, cmd, args) {
  const started = ahead.get(name);
  if (!started) return checkStage(cmd, args);
  const { code, output } = await started;
  process.stdout.write(Buffer.concat(output));
  return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1, note: `exit code ${code}` };
}

async function vitestStage(project, key, env) {
  fs.mkdirSync(TMP, { recursive: true });
  // One file per run and stage: several people may run the suite in the same checkout at once.
  const out = path.join(TMP, `vitest-${key}-${process.pid}.json`);
  fs.rmSync(out, { force: true });
  const args = [
    VITEST,
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${out}`,
  ];
  // With a developer's file filter, a project that has no matching file is not a failure.
  if (vitestArgs.length > 0) args.push('--passWithNoTests');
  args.push(...vitestArgs);
  const { code } = await run(process.execPath, args, env);

  let report;
  try {
    report = JSON.parse(fs.readFileSync(out, 'utf8'));
    fs.rmSync(out, { force: true });
  } catch {
    return { passed: 0, failed: 1, note: `vitest exited ${code} without a report (${path.relative(ROOT, out)})` };
  }
  let passed = report.numPassedTests ?? 0;
  let failed = report.numFailedTests ?? 0;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  const notes = [];
  // A file that failed before any of its tests ran (import error, failing beforeAll…).
  const brokenFiles = (report.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  );
  if (brokenFiles.length > 0) {
    failed += brokenFiles.length;
    notes.push(`${brokenFiles.length} file(s) failed outside tests: ${brokenFiles.map((f) => path.relative(ROOT, f.name)).join(', ')}`);
  }
  if (code !== 0 && failed === 0) {
    failed = 1;
    notes.push(`vitest exited ${code} (no tests found, or errors outside tests)`);
  }
  if (passed + failed === 0 && vitestArgs.length === 0) {
    failed = 1;
    notes.push('no tests ran');
  }
  if (skipped > 0) notes.push(`${skipped} skipped`);
  return { passed, failed, note: notes.join('; ') || undefined };
}

const runners = {
  deps: () => checkStage('bash', [path.join(ROOT, 'scripts', 'ensure-system-deps.sh')]),
  typecheck: () => {
    if (selected.includes('lint')) startAhead('lint', 'npm', ['run', 'lint']);
    return checkStage('npm', ['run', 'typecheck']);
  },
  lint: () => checkStageAhead('lint', 'npm', ['run', 'lint']),
  unit: () => vitestStage('unit', 'unit', {}),
  'integration-pglite': () => vitestStage('integration', 'integration-pglite', { TEST_DB: 'pglite' }),
  'integration-postgres': async () => {
    let server;
    try {
      const { tsImport } = await import('tsx/esm/api');
      const mod = await tsImport(
        pathToFileURL(path.join(ROOT, 'test', 'support', 'postgres-server.ts')).href,
        import.meta.url,
      );
      const t0 = Date.now();
      server = await mod.startPostgres();
      console.log(`PostgreSQL ready at ${server.url} in ${Date.now() - t0} ms`);
    } catch (err) {
      console.error(err instanceof Error ? err.message : err);
      return { passed: 0, failed: 1, note: 'could not start PostgreSQL' };
    }
    try {
      return await vitestStage('integration', 'integration-postgres', {
        TEST_DB: 'postgres',
        TEST_DATABASE_URL: server.url,
      });
    } finally {
      await server.stop();
    }
  },
  build: () => checkStage('npm', ['run', 'build']),
  e2e: () => vitestStage('e2e', 'e2e', { TEST_DB: 'pglite' }),
};

// --------------------------------------------------------------------------------------- main
const results = [];
const tStart = Date.now();
let stoppedEarly = false;

for (const [i, name] of selected.entries()) {
  if (interrupted) break;
  console.log(`\n━━━━ [${i + 1}/${selected.length}] ${name} ━━━━`);
  const t0 = Date.now();
  let r;
  try {
    r = await runners[name]();
  } catch (err) {
    console.error(err);
    r = { passed: 0, failed: 1, note: `crashed: ${err instanceof Error ? err.message : err}` };
  }
  r = { name, ms: Date.now() - t0, ...r };
  results.push(r);
  const status = r.failed > 0 ? 'FAILED' : 'ok';
  console.log(
    `──── ${name}: ${status}, ${r.passed} passed, ${r.failed} failed${r.note ? ` (${r.note})` : ''} in ${fmtSecs(r.ms)}`,
  );
  if (name === 'deps' && r.failed > 0) {
    console.error('system packages are missing: stopping here (see the command above)');
    stoppedEarly = true;
    break;
  }
}

if (interrupted) {
  results.push({ name: `interrupted (${interrupted})`, ms: 0, passed: 0, failed: 1 });
}

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);

console.log('\n━━━━ summary ━━━━');
for (const r of results) {
  console.log(
    `${r.failed > 0 ? '✗' : '✓'} ${r.name.padEnd(22)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(4)} failed  ${fmtSecs(r.ms).padStart(8)}${r.note ? `  ${r.note}` : ''}`,
  );
}
const notRun = STAGES.filter((s) => !results.some((r) => r.name === s) && (selected.includes(s) || !only));
if (notRun.length > 0 && (stoppedEarly || interrupted)) console.log(`not run: ${notRun.join(', ')}`);
console.log(`total ${fmtSecs(Date.now() - tStart)}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = interrupted ? SIGNAL_EXIT[interrupted] : failed > 0 ? 1 : 0;
