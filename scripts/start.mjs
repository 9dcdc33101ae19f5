// `npm start`: builds the web app when its sources are newer than the build, then starts the server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const index = path.join(root, 'web/dist/index.html');
const sources = Math.max(newestMtime(path.join(root, 'web/src')), fs.existsSync('web/index.html') ? fs.statSync('web/index.html').mtimeMs : 0);
if (process.env.PTECH_SKIP_WEB_BUILD !== '1' && (!fs.existsSync(index) || fs.statSync(index).mtimeMs < sources)) {
  console.log('正在构建网页 / building the web app…');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const { register } = await import('tsx/esm/api');
register();
await import('../src/main.ts');
