// Runs a command against a throw-away PostgreSQL server:
//
//   npx tsx scripts/with-postgres.ts npx vitest run --project integration
//
// starts the server (test/support/postgres-server.ts), runs the command with TEST_DB=postgres and
// TEST_DATABASE_URL set, stops the server, and exits with the command's exit code. The server is
// stopped too when the command crashes or this process gets SIGINT/SIGTERM.
import { spawn } from 'node:child_process';
import { startPostgres } from '../test/support/postgres-server.ts';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: tsx scripts/with-postgres.ts <command> [args…]');
  process.exit(2);
}

const server = await startPostgres();
console.error(`with-postgres: ${server.url}`);

const child = spawn(cmd, args, {
  stdio: 'inherit',
  env: { ...process.env, TEST_DB: 'postgres', TEST_DATABASE_URL: server.url },
});

let signalled: NodeJS.Signals | undefined;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    signalled = sig;
    child.kill(sig);
  });
}

const code = await new Promise<number>((resolve) => {
  child.on('error', (err) => {
    console.error(`with-postgres: cannot run ${cmd}: ${err.message}`);
    resolve(127);
  });
  child.on('close', (c, s) => resolve(c ?? (s === 'SIGINT' ? 130 : s === 'SIGTERM' ? 143 : 1)));
});

await server.stop();
process.exit(signalled ? (signalled === 'SIGINT' ? 130 : 143) : code);
