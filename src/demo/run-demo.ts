// What `ptech demo` and `npm start -- --demo` share: the process-wide set-up the use cases need
// (file storage, the personal data key, the jobs' defaults), the check that no server holds a
// PGlite folder, and the log-ins printed as a table.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../platform/config.ts';
import { configureFileStorage } from '../platform/files.ts';
import { configureJobs } from '../platform/jobs.ts';
import { installPersonalDataKey, resolvePersonalDataKey } from '../platform/personal-data.ts';
import { configureWorkbookImports } from '../platform/xlsx/limits.ts';
import { DemoRefusal, type DemoResult } from './seed-demo.ts';

/** The process-wide services the use cases call, as buildApp sets them. */
export function configureForDemo(config: Config): void {
  configureFileStorage(config);
  installPersonalDataKey(resolvePersonalDataKey(config).key);
  configureJobs(config);
  configureWorkbookImports(config);
}

/** PGlite allows one process: a running server leaves postmaster.pid in its data folder. */
export function assertPgliteFolderFree(config: Config): void {
  if (config.databaseUrl) return;
  const dataDir = path.join(config.dataDir, 'pglite');
  if (fs.existsSync(path.join(dataDir, 'postmaster.pid'))) {
    throw new DemoRefusal(
      'DATABASE_IN_USE',
      `PGlite 数据目录正在被使用（${dataDir}）：请先停止服务（npm start）再生成演示数据，或用 npm start -- --demo 在启动时生成。`,
      `The PGlite data folder is in use (${dataDir}): stop the server (npm start) before seeding the demo, or seed it at start-up with npm start -- --demo.`,
    );
  }
}

/** Display width of a string in a terminal: CJK characters take two columns. */
function width(text: string): number {
  let columns = 0;
  for (const character of text) columns += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(character) ? 2 : 1;
  return columns;
}

function pad(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - width(text)));
}

/** The log-ins and certificates as a table in Chinese (English headings beside). */
export function formatDemoResult(result: DemoResult): string {
  const header = ['角色 / role', '用户名 / user', '密码 / password', '单位 / organisation'];
  const rows = result.logins.map((login) => [login.roleName, login.username, login.password, login.organisation]);
  const widths = header.map((title, index) => Math.max(width(title), ...rows.map((row) => width(row[index]))));
  const line = (cells: string[]) => cells.map((cell, index) => pad(cell, widths[index])).join('  ').trimEnd();
  return [
    `演示数据已生成：${result.year}年度（${result.from} 至 ${result.to}），${result.counts.employees}名职工，${result.counts.applications}份申报，覆盖试点申报到退出的全过程。`,
    `Demo data seeded: the ${result.year} year (${result.from} to ${result.to}), ${result.counts.employees} employees and ${result.counts.applications} applications, from the pilot filing to an exit.`,
    ...(result.note ? [result.note['zh-CN'], result.note.en] : []),
    '',
    line(header),
    line(widths.map((columns) => '-'.repeat(columns))),
    ...rows.map(line),
    '',
    `有效证书 / valid certificates: ${result.certificates.valid.join(', ')}`,
    `已撤销证书 / revoked: ${result.certificates.revoked.join(', ')}`,
    '证书可在 /verify 页面查询。/ Verify them at /verify.',
  ].join('\n');
}

/** The JSON the `--json` option prints. */
export function demoJson(result: DemoResult) {
  return {
    logins: result.logins.map((login) => ({ role: login.role, username: login.username, password: login.password })),
    certificates: result.certificates,
  };
}
