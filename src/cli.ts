import path from 'node:path';
import { Command } from 'commander';
import type { DatabaseHandle } from './db/client.ts';
import { EXIT_REFUSED, printJson, runProgram, setExitCode, writeErr, writeOut } from './cli/output.ts';
import { registerRulesCommands } from './cli/rules-commands.ts';
import { registerBackupCommands } from './cli/backup-commands.ts';
import { registerDemoCommand } from './cli/demo-command.ts';
import fs from 'node:fs';
import type { ChainVerification } from './platform/audit.ts';
import { AppError } from './platform/errors.ts';
import { restrictUmask } from './platform/file-modes.ts';
import { ConfigError, loadClock, loadConfig } from './platform/config.ts';
import { systemContext } from './platform/context.ts';

// The database, the audit chain and the stored calendars are loaded by the commands that use them
// (`import()` below): `ptech --help` and the pure rules (code, id, workdays, calendar parse,
// eligibility) start in well under a second instead of loading PGlite, drizzle and every table.
const calendarStore = () => import('./platform/calendar-store.ts');

/**
 * `npx ptech …`: the command line. Pure rules run without a database; the commands that need one
 * open it as `npm start` does (DATABASE_URL, or PGlite under DATA_DIR). Do not point it at a PGlite
 * folder that a running server holds: PGlite allows one process at a time.
 */
// What this process creates (a PGlite folder, a key, a backup, a restored data folder, a checkpoint
// file) is readable by its own account only: 0700 / 0600.
restrictUmask();

let handle: DatabaseHandle | null = null;
async function database(): Promise<DatabaseHandle> {
  if (!handle) {
    const config = loadConfig();
    const [{ openDatabase }, { installPersonalDataKey, resolvePersonalDataKey }, { seedCalendars }] = await Promise.all([
      import('./db/client.ts'),
      import('./platform/personal-data.ts'),
      calendarStore(),
    ]);
    // The audit chain is keyed by the personal data key: every entry the CLI writes or checks needs it
    // (on PostgreSQL, PERSONAL_DATA_KEY as for the server; on PGlite, the data folder's key).
    installPersonalDataKey(resolvePersonalDataKey(config).key);
    handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
    await seedCalendars(handle.db, loadClock());
  }
  return handle;
}
async function closeDatabase() {
  if (handle) await handle.close();
  handle = null;
}

const program = new Command();
program.name('ptech').description('特级技师评聘管理系统命令行 / Principal Technician command line');

registerRulesCommands(program, {
  loadCalendars: async () =>
    (await (await calendarStore()).listStoredCalendars((await database()).db)).map(({ loadedAt, loadedBy, sourceDetail, ...calendar }) => ({
      ...calendar,
      ...(sourceDetail === null ? {} : { sourceDetail }),
      loadedAt: loadedAt.toISOString(),
      loadedBy: loadedBy?.username ?? null,
    })),
  saveCalendar: async (calendar) => (await calendarStore()).saveCalendar((await database()).db, systemContext(loadClock(), 'cli'), calendar),
  today: () => loadClock().today(),
  close: closeDatabase,
});

registerBackupCommands(program, { config: () => loadConfig() });
registerDemoCommand(program, { config: () => loadConfig(), database: async () => (await database()).db });

const audit = program.command('audit').description('审计日志 / the audit log');

/** The verdict in both languages, for the commands' human output. */
function describeVerification(result: ChainVerification & { rejectedCheckpoints?: unknown[] }): string {
  const matched = result.checkpoints.filter((checkpoint) => checkpoint.status === 'matched').length;
  const against = result.checkpoints.length ? `，与 ${matched}/${result.checkpoints.length} 个检查点一致` : '';
  const againstEn = result.checkpoints.length ? `; ${matched} of ${result.checkpoints.length} checkpoints match` : '';
  const unkeyed = result.keyed || result.checked === 0 ? '' : '\n注意：审计链尚未启用密钥保护（启动服务或运行 ptech audit checkpoint 时自动完成）。/ Note: the chain is not keyed yet (starting the server or ptech audit checkpoint does it).';
  if (result.intact) return `审计链完整，共校验 ${result.checked} 条记录${against}。\nThe audit chain is intact: ${result.checked} entries checked${againstEn}.${unkeyed}`;
  const broken = result.firstBroken!;
  const [en, zh] = broken.reason.includes(' / ') ? broken.reason.split(' / ') : [broken.reason, broken.reason];
  return `审计链已被破坏：第一条异常记录 seq=${broken.seq}${broken.id ? `（${broken.id}）` : ''}：${zh}\nThe audit chain is broken at seq ${broken.seq}${broken.id ? ` (${broken.id})` : ''}: ${en}`;
}

/** A refusal (a broken chain asked for a checkpoint, an unreadable checkpoint file, a missing key): both languages, exit 1. */
function reportAppError(command: Command, json: boolean, error: unknown): void {
  let code: string;
  let messages: { 'zh-CN': string; en: string };
  if (error instanceof AppError) ({ code, messages } = error);
  else if (error instanceof ConfigError) {
    const [zh, ...en] = error.message.split('\n');
    code = 'CONFIG';
    messages = { 'zh-CN': zh, en: en.join('\n') || zh };
  } else throw error;
  if (json) printJson(command, { ok: false, error: { code, message: messages['zh-CN'], messages } });
  else writeErr(command, `${messages['zh-CN']}\n${messages.en}`);
  setExitCode(command, EXIT_REFUSED);
}

audit
  .command('verify')
  .description('校验审计链是否完整；加 --checkpoint 时还与保存的检查点核对（发现末尾被删除或整条链被重算）/ verify that the audit chain is intact; with --checkpoint, against kept checkpoints (finds deleted tail entries and a recomputed chain)')
  .option('--checkpoint <file>', '由 ptech audit checkpoint 或服务写出的检查点文件 / a checkpoint file written by ptech audit checkpoint or the server')
  .option('--json', 'print one JSON object')
  .action(async (options: { json?: boolean; checkpoint?: string }, command: Command) => {
    try {
      let text: string | null = null;
      if (options.checkpoint) {
        try {
          text = fs.readFileSync(options.checkpoint, 'utf8');
        } catch {
          throw new AppError('AUDIT_CHECKPOINT_INVALID', { reasonZh: `无法读取 ${options.checkpoint}`, reasonEn: `cannot read ${options.checkpoint}` });
        }
      }
      const { db } = await database();
      const [{ verifyAuditChain }, { parseCheckpoints, verifyAuditChainWithCheckpoints }] = await Promise.all([import('./platform/audit.ts'), import('./platform/audit-checkpoints.ts')]);
      const result = text === null ? await verifyAuditChain(db) : await verifyAuditChainWithCheckpoints(db, parseCheckpoints(text));
      await closeDatabase();
      if (options.json) printJson(command, result);
      else writeOut(command, describeVerification(result));
      setExitCode(command, result.intact ? 0 : 1);
    } catch (error) {
      reportAppError(command, Boolean(options.json), error);
    }
  });

audit
  .command('checkpoint')
  .description('校验整条审计链后生成一个签名检查点（链头哈希、条数、时间）并打印；加 --out 时追加到该文件。请把文件保存在本系统之外 / verify the whole chain, then print a signed checkpoint (head hash, count, time); with --out, append it to that file. Keep the file outside this system')
  .option('--out <file>', '追加到此文件（每行一个检查点，权限 0600）/ append to this file (one checkpoint a line, mode 0600)')
  .option('--json', 'print one JSON object')
  .action(async (options: { json?: boolean; out?: string }, command: Command) => {
    try {
      const { db } = await database();
      const [{ ensureAuditChainKeyed }, { appendCheckpoint, makeAuditCheckpoint }] = await Promise.all([import('./platform/audit.ts'), import('./platform/audit-checkpoints.ts')]);
      const clock = loadClock();
      // A chain written by an older release is keyed first (once, with an audit entry saying so).
      await ensureAuditChainKeyed(db, clock);
      const { checkpoint } = await makeAuditCheckpoint(db, clock);
      await closeDatabase();
      if (options.out) appendCheckpoint(options.out, checkpoint);
      if (options.json) printJson(command, checkpoint);
      else {
        writeOut(
          command,
          `${JSON.stringify(checkpoint)}\n` +
            `审计链完整，已签名检查点：${checkpoint.count} 条，链头 seq=${checkpoint.seq}${options.out ? `，已追加到 ${options.out}` : ''}。请将检查点保存在本系统之外。\n` +
            `The audit chain is intact; signed checkpoint: ${checkpoint.count} entries, head at seq ${checkpoint.seq}${options.out ? `, appended to ${options.out}` : ''}. Keep it outside this system.`,
        );
      }
      setExitCode(command, 0);
    } catch (error) {
      reportAppError(command, Boolean(options.json), error);
    }
  });

try {
  process.exitCode = await runProgram(program, process.argv.slice(2));
} finally {
  await closeDatabase();
}
