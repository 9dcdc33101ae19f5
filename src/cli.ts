import path from 'node:path';
import { Command } from 'commander';
import { openDatabase, type DatabaseHandle } from './db/client.ts';
import { printJson, runProgram, setExitCode, writeOut } from './cli/output.ts';
import { registerRulesCommands } from './cli/rules-commands.ts';
import { registerBackupCommands } from './cli/backup-commands.ts';
import { registerDemoCommand } from './cli/demo-command.ts';
import { verifyAuditChain } from './platform/audit.ts';
import { listStoredCalendars, saveCalendar, seedCalendars } from './platform/calendar-store.ts';
import { loadClock, loadConfig } from './platform/config.ts';
import { systemContext } from './platform/context.ts';

/**
 * `npx ptech …`: the command line. Pure rules run without a database; the commands that need one
 * open it as `npm start` does (DATABASE_URL, or PGlite under DATA_DIR). Do not point it at a PGlite
 * folder that a running server holds: PGlite allows one process at a time.
 */
let handle: DatabaseHandle | null = null;
async function database(): Promise<DatabaseHandle> {
  if (!handle) {
    const config = loadConfig();
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
    (await listStoredCalendars((await database()).db)).map(({ loadedAt, loadedBy, sourceDetail, ...calendar }) => ({
      ...calendar,
      ...(sourceDetail === null ? {} : { sourceDetail }),
      loadedAt: loadedAt.toISOString(),
      loadedBy: loadedBy?.username ?? null,
    })),
  saveCalendar: async (calendar) => saveCalendar((await database()).db, systemContext(loadClock(), 'cli'), calendar),
  today: () => loadClock().today(),
  close: closeDatabase,
});

registerBackupCommands(program, { config: () => loadConfig() });
registerDemoCommand(program, { config: () => loadConfig(), database: async () => (await database()).db });

const audit = program.command('audit').description('审计日志 / the audit log');
audit
  .command('verify')
  .description('校验审计链是否完整 / verify that the audit chain is intact')
  .option('--json', 'print one JSON object')
  .action(async (options: { json?: boolean }, command) => {
    const result = await verifyAuditChain((await database()).db);
    await closeDatabase();
    if (options.json) {
      printJson(command, result);
    } else if (result.intact) {
      writeOut(command, `审计链完整，共校验 ${result.checked} 条记录。\nThe audit chain is intact: ${result.checked} entries checked.`);
    } else {
      writeOut(
        command,
        `审计链已被破坏：第一条异常记录 seq=${result.firstBroken!.seq}（${result.firstBroken!.id}）：${result.firstBroken!.reason}\n` +
          `The audit chain is broken at seq ${result.firstBroken!.seq} (${result.firstBroken!.id}).`,
      );
    }
    setExitCode(command, result.intact ? 0 : 1);
  });

try {
  process.exitCode = await runProgram(program, process.argv.slice(2));
} finally {
  await closeDatabase();
}
