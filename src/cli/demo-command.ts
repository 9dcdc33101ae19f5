// `ptech demo`: fills the database the environment names with the demo data set (a whole pilot
// year made through the use cases), then prints one log-in per role. Refused, changing nothing,
// when the database already holds the demo or a server holds the PGlite folder.
import type { Command } from 'commander';
import type { Database } from '../db/client.ts';
import type { Config } from '../platform/config.ts';
import { ConfigError } from '../platform/config.ts';
import { installClock, processClock } from '../platform/clock.ts';
import { EXIT_REFUSED, errorJson, printJson, setExitCode, writeErr, writeOut } from './output.ts';

export interface DemoCommandDependencies {
  config(): Config;
  /** Opens (and migrates) the database, with the calendars loaded. */
  database(): Promise<Database>;
}

export function registerDemoCommand(program: Command, dependencies: DemoCommandDependencies): void {
  program
    .command('demo')
    .description('生成演示数据（完整的一个试点年度）并列出各角色的登录账号 / seed the demo data set (a whole pilot year) and list a log-in per role')
    .option('--json', '输出一个JSON对象 / print one JSON object')
    .action(async (options: { json?: boolean }, command: Command) => {
      // Loaded when the command runs: the demo reaches every module, and every other command of the
      // CLI (each its own process) would otherwise load it too.
      const [{ bootstrap }, { assertPgliteFolderFree, configureForDemo, demoJson, formatDemoResult }, { DemoRefusal, seedDemo }] = await Promise.all([
        import('../platform/bootstrap.ts'),
        import('../demo/run-demo.ts'),
        import('../demo/seed-demo.ts'),
      ]);
      try {
        const config = dependencies.config();
        assertPgliteFolderFree(config);
        configureForDemo(config);
        const db = await dependencies.database();
        const clock = processClock(config.fixedNow);
        installClock(clock);
        const admin = await bootstrap(db, { adminPassword: config.adminPassword, clock, oneTimePasswordHours: config.oneTimePasswordHours });
        const started = performance.now();
        const result = await seedDemo(db, { clock, progress: (message) => writeErr(command, `[${((performance.now() - started) / 1000).toFixed(1)}s] ${message}`) });
        if (options.json) {
          // The JSON keeps its contract (logins, certificates); the note goes to standard error.
          if (result.note) writeErr(command, `${result.note['zh-CN']}\n${result.note.en}`);
          printJson(command, demoJson(result));
        } else {
          writeOut(command, formatDemoResult(result));
          if (admin.oneTimePassword) writeOut(command, `\n系统管理员 / system administrator: admin，一次性密码 / one-time password: ${admin.oneTimePassword}`);
        }
      } catch (error) {
        let code: string;
        let messages: { 'zh-CN': string; en: string };
        if (error instanceof DemoRefusal) {
          code = error.code;
          messages = { 'zh-CN': error.zh, en: error.en };
        } else if (error instanceof ConfigError) {
          const [zh, ...en] = error.message.split('\n');
          code = 'CONFIG';
          messages = { 'zh-CN': zh, en: en.join('\n') || zh };
        } else {
          throw error;
        }
        if (options.json) printJson(command, errorJson(code, messages));
        else writeErr(command, `${messages['zh-CN']}\n${messages.en}`);
        setExitCode(command, EXIT_REFUSED);
      }
    });
}
