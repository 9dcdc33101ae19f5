// Starts a throw-away PostgreSQL server for the integration suite's second pass (TEST_DB=postgres).
//
//   const pg = await startPostgres();   // pg.url = postgres://postgres@127.0.0.1:PORT/postgres
//   …
//   await pg.stop();                    // stops the server and removes its temporary folder
//
// The binaries come from Debian's `postgresql` package (/usr/lib/postgresql/<highest>/bin).
// initdb refuses to run as root, so as root every server command runs as the `postgres` user
// through `runuser`, in a temporary folder owned by that user. The server listens on 127.0.0.1
// only (and on a unix socket inside the temporary folder), with fsync and friends off: its data
// is disposable. It is stopped when the process exits, and on SIGINT/SIGTERM/SIGHUP; a detached
// watchdog stops it when the process dies any other way (SIGKILL), and a server still left behind
// is reaped the next time a server is started.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust auth, superuser `postgres`). */
  url: string;
  port: number;
  /** Folder holding the data directory, the socket and the log; removed by stop(). */
  dir: string;
  /** Stops the server (fast shutdown) and removes the temporary folder. Safe to call twice. */
  stop(): Promise<void>;
}

const DIR_PREFIX = 'ptech-pg-';
const OWNER_FILE = 'owner.pid';

/** The bin directory of the highest PostgreSQL major version installed by Debian. */
export function findPostgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb). Install them: ' +
        'apt-get update && apt-get install -y --no-install-recommends postgresql ' +
        '(or run `bash scripts/ensure-system-deps.sh`).',
    );
  }
  return path.join(root, versions[0], 'bin');
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Runs a server binary, as `postgres` when we are root. Resolves with its output; rejects with it. */
function runPg(
  bin: string,
  args: string[],
  cwd: string,
  timeoutMs = 60_000,
): Promise<string> {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, {
      cwd,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} failed to start: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else
        reject(
          new Error(
            `${path.basename(bin)} ${args.join(' ')} exited with ${code ?? signal}:\n${out.trim()}`,
          ),
        );
    });
  });
}

/** The environment without PG* variables that could point the server tools elsewhere. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PG')) env[k] = v;
  env.LC_ALL = 'C.UTF-8';
  return env;
}

function pgCtlStopSync(bin: string, dataDir: string): void {
  const pgCtl = path.join(bin, 'pg_ctl');
  const args = ['stop', '-D', dataDir, '-m', 'immediate', '-w', '-t', '10'];
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', pgCtl, ...args]] : [pgCtl, args];
  try {
    execFileSync(cmd, argv, { stdio: 'ignore', cwd: os.tmpdir(), env: cleanEnv(), timeout: 15_000 });
  } catch {
    // Not running (or already gone): nothing to stop.
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process whose parent has not reaped it yet is a zombie: gone for our purposes.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** Stops and removes servers whose owning process is gone (it was killed without cleaning up). */
function reapOrphans(bin: string): void {
  const tmp = os.tmpdir();
  let entries: string[];
  try {
    entries = fs.readdirSync(tmp).filter((e) => e.startsWith(DIR_PREFIX));
  } catch {
    return;
  }
  for (const e of entries) {
    const dir = path.join(tmp, e);
    try {
      const owner = Number(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8').trim());
      if (!Number.isInteger(owner) || owner <= 0 || pidAlive(owner)) continue;
    } catch {
      continue; // no owner file (yet): another process may be setting it up
    }
    if (fs.existsSync(path.join(dir, 'data', 'postmaster.pid'))) pgCtlStopSync(bin, path.join(dir, 'data'));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function postgresIds(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'Running as root but there is no `postgres` user to run the server as; it comes with ' +
        'Debian\'s postgresql package: apt-get install -y --no-install-recommends postgresql',
    );
  }
}

/**
 * A detached shell that waits for this process to go, however it goes (SIGKILL included), and
 * then stops the server and removes its folder. stop() ends it first on the normal path.
 */
function startWatchdog(bin: string, dir: string): number | undefined {
  const pgCtl = path.join(bin, 'pg_ctl');
  const stop = isRoot() ? `runuser -u postgres -- "${pgCtl}"` : `"${pgCtl}"`;
  const script = [
    'owner=$1; dir=$2',
    // Alive = /proc entry present and not a zombie (state after the "(comm)" field is not Z).
    'alive() { [ -e /proc/$owner ] && [ "$(sed "s/.*) //" /proc/$owner/stat 2>/dev/null | cut -c1)" != Z ]; }',
    'while alive; do sleep 1; done',
    `[ -f "$dir/data/postmaster.pid" ] && ${stop} stop -D "$dir/data" -m immediate -w -t 10 >/dev/null 2>&1`,
    'rm -rf "$dir"',
  ].join('\n');
  try {
    const child = spawn('sh', ['-c', script, 'pg-watchdog', String(process.pid), dir], {
      detached: true,
      stdio: 'ignore',
      cwd: os.tmpdir(),
      env: cleanEnv(),
    });
    child.on('error', () => {});
    child.unref();
    return child.pid;
  } catch {
    return undefined; // the exit handlers and the orphan reaper still cover most cases
  }
}

function killWatchdog(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

// Servers of this process that are still running, for the exit/signal clean-up.
const live = new Map<string, () => void>();
let handlersInstalled = false;

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const cleanupAll = () => {
    for (const stopSync of [...live.values()]) stopSync();
  };
  process.on('exit', cleanupAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      cleanupAll();
      process.removeListener(sig, onSignal);
      // If nobody else handles the signal, die of it as the default action would have.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

/** Starts a fresh PostgreSQL server on a free port and resolves once it accepts connections. */
export async function startPostgres(): Promise<PostgresServer> {
  const t0 = Date.now();
  const bin = findPostgresBinDir();
  reapOrphans(bin);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), DIR_PREFIX));
  fs.writeFileSync(path.join(dir, OWNER_FILE), String(process.pid));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  fs.writeFileSync(logFile, '');
  if (isRoot()) {
    const { uid, gid } = postgresIds();
    fs.chownSync(dir, uid, gid);
    fs.chownSync(logFile, uid, gid);
  }

  let started = false;
  const watchdog = startWatchdog(bin, dir);
  const stopSync = () => {
    live.delete(dir);
    killWatchdog(watchdog);
    if (started) pgCtlStopSync(bin, dataDir);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  live.set(dir, stopSync);
  installExitHandlers();

  try {
    await runPg(
      path.join(bin, 'initdb'),
      ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions'],
      dir,
    );

    let lastErr: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const opts = [
        `-p ${port}`,
        `-c listen_addresses=127.0.0.1`,
        `-c unix_socket_directories=${dir}`,
        '-c fsync=off',
        '-c full_page_writes=off',
        '-c synchronous_commit=off',
        '-c max_connections=200',
      ].join(' ');
      started = true;
      try {
        await runPg(
          path.join(bin, 'pg_ctl'),
          ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '30', '-o', opts],
          dir,
          45_000,
        );
      } catch (err) {
        // Most likely the port was taken between choosing and binding it: try another.
        lastErr = new Error(
          `${(err as Error).message}\n--- server log ---\n${safeRead(logFile).trim()}`,
        );
        pgCtlStopSync(bin, dataDir);
        started = false;
        continue;
      }
      const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
      if (process.env.PTECH_PG_VERBOSE) {
        console.error(`postgres: ${url} ready in ${Date.now() - t0} ms (${dir})`);
      }
      return {
        url,
        port,
        dir,
        stop: async () => {
          if (!live.has(dir)) return;
          live.delete(dir);
          killWatchdog(watchdog);
          try {
            await runPg(path.join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '20'], dir, 30_000);
          } catch {
            pgCtlStopSync(bin, dataDir); // fall back to an immediate stop
          }
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    throw lastErr;
  } catch (err) {
    stopSync();
    throw new Error(`could not start a PostgreSQL server: ${(err as Error).message}`, { cause: err });
  }
}

function safeRead(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
