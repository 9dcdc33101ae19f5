// `npm start` as a user runs it, for the tests that need real processes: a real port, the printed
// one-time password, the fixed test day (PTECH_NOW). Every process started is killed after the file.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll } from 'vitest';
import { TEST_NOW } from './clock.ts';

export interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** A starter for one test file; its processes are stopped when the file ends. */
export function serverProcesses(startTimeoutMs: number) {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGTERM');
  });
  const start = (env: Record<string, string>): Promise<Started> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['scripts/start.mjs'], {
        env: { ...process.env, PTECH_NOW: TEST_NOW, PORT: '0', LOG_LEVEL: 'warn', PTECH_SKIP_WEB_BUILD: '1', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let output = '';
      const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), startTimeoutMs);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = output.match(/is running: (http:\/\/[^\s/]+:\d+)\//);
        if (match) {
          clearTimeout(timer);
          resolve({ child, url: match[1].replace('localhost', '127.0.0.1'), output: () => output });
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}:\n${output}`));
      });
    });
  return { start, stop: stopServer };
}

export function stopServer(started: Started): Promise<void> {
  return new Promise((resolve) => {
    if (started.child.exitCode !== null) return resolve();
    started.child.removeAllListeners('exit');
    started.child.on('exit', () => resolve());
    started.child.kill('SIGTERM');
  });
}
