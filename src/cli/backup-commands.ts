// `ptech backup FILE` and `ptech restore FILE`: the whole installation (database, uploaded files,
// a generated personal data key) to and from one archive. Nothing is asked interactively: a restore
// over data needs --force. Exit 0 on success, 1 when refused or failed (the reason in both languages).
import type { Command } from 'commander';
import { ConfigError, type Config } from '../platform/config.ts';
import { EXIT_OK, EXIT_REFUSED, printJson, setExitCode, writeErr, writeOut } from './output.ts';

export interface BackupCommandDependencies {
  /** The configuration to act on (the environment's, as `npm start` reads it). */
  config(): Config;
}

/** The backup module (archives, the database, the files): loaded by these commands only, so that every other `ptech` command starts without it. */
const backupModule = () => import('../platform/backup.ts');

async function report(command: Command, json: boolean, error: unknown): Promise<void> {
  let code: string;
  let messages: { 'zh-CN': string; en: string };
  if (error instanceof (await backupModule()).BackupError) {
    ({ code, messages } = error);
  } else if (error instanceof ConfigError) {
    // Its message holds both languages, Chinese first.
    const [zh, ...en] = error.message.split('\n');
    code = 'CONFIG';
    messages = { 'zh-CN': zh, en: en.join('\n') || zh };
  } else {
    throw error;
  }
  if (json) printJson(command, { ok: false, error: { code, message: messages['zh-CN'], messages } });
  else writeErr(command, messages['zh-CN'] === messages.en ? messages.en : `${messages['zh-CN']}\n${messages.en}`);
  setExitCode(command, EXIT_REFUSED);
}

export function registerBackupCommands(program: Command, dependencies: BackupCommandDependencies): void {
  program
    .command('backup')
    .description('把数据库和上传的文件备份到一个文件 / back up the database and the uploaded files into one file')
    .argument('<file>', '备份文件（.tar.gz）/ the archive to write (.tar.gz)')
    .option('--force', '覆盖已有文件；PGlite 数据目录看似在用时仍备份 / overwrite FILE; back up although PGlite looks in use')
    .option('--json', '输出一个JSON对象 / print one JSON object')
    .action(async (file: string, options: { force?: boolean; json?: boolean }, command: Command) => {
      try {
        const [{ createBackup }, { formatBytes }] = await Promise.all([backupModule(), import('../platform/files.ts')]);
        const summary = await createBackup(dependencies.config(), file, { force: options.force });
        if (options.json) {
          printJson(command, { ok: true, ...summary });
        } else {
          const { manifest } = summary;
          const rows = Object.values(manifest.tables).reduce((sum, count) => sum + count, 0);
          writeOut(
            command,
            `已备份到 ${summary.file}（${formatBytes(summary.bytes)}）：数据库 ${Object.keys(manifest.tables).length} 张表 ${rows} 行，文件 ${manifest.files.count} 个。\n` +
              `Backed up to ${summary.file} (${formatBytes(summary.bytes)}): ${Object.keys(manifest.tables).length} tables with ${rows} rows, ${manifest.files.count} files.` +
              (manifest.includesKey
                ? '\n备份中含有个人数据密钥，请妥善保管备份文件。/ The archive holds the personal data key: keep it safe.'
                : manifest.personalDataKeyId
                  ? `\n个人数据密钥（指纹 ${manifest.personalDataKeyId}）不在备份中，请另行保管。/ The personal data key (fingerprint ${manifest.personalDataKeyId}) is not in the archive: keep it apart.`
                  : '') +
              (summary.damagedFiles.length
                ? `\n有 ${summary.damagedFiles.length} 个文件内容已损坏，未备份。/ ${summary.damagedFiles.length} damaged files were left out: ${summary.damagedFiles.join(', ')}`
                : ''),
          );
        }
        setExitCode(command, EXIT_OK);
      } catch (error) {
        await report(command, Boolean(options.json), error);
      }
    });

  program
    .command('restore')
    .description('从备份文件恢复数据库和上传的文件 / restore the database and the uploaded files from a backup')
    .argument('<file>', '由 ptech backup 生成的备份文件 / an archive written by ptech backup')
    .option('--force', '替换已有数据（以及不同的个人数据密钥）/ replace the data there is (and a different personal data key)')
    .option('--json', '输出一个JSON对象 / print one JSON object')
    .action(async (file: string, options: { force?: boolean; json?: boolean }, command: Command) => {
      try {
        const { restoreBackup } = await backupModule();
        const summary = await restoreBackup(dependencies.config(), file, { force: options.force });
        if (options.json) {
          printJson(command, { ok: true, ...summary });
        } else {
          writeOut(
            command,
            `已从 ${file} 恢复（备份时间 ${summary.manifest.createdAt}）：文件 ${summary.files} 个${summary.keyInstalled ? '，并恢复了个人数据密钥' : ''}。启动服务时会执行尚未执行的数据库迁移。\n` +
              `Restored from ${file} (made ${summary.manifest.createdAt}): ${summary.files} files${summary.keyInstalled ? ', and the personal data key' : ''}. Pending migrations run when the server starts.`,
          );
        }
        setExitCode(command, EXIT_OK);
      } catch (error) {
        await report(command, Boolean(options.json), error);
      }
    });
}
