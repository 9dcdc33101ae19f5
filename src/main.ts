import path from 'node:path';
import { openDatabase } from './db/client.ts';
import { describeInstantInChina, installClock, processClock } from './platform/clock.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { restrictUmask, secureDataDir } from './platform/file-modes.ts';
import { installPersonalDataKey, resolvePersonalDataKey } from './platform/personal-data.ts';
import { describeErrorForLog } from './platform/log-redaction.ts';

/** `npm start`: opens the database (PGlite under DATA_DIR, or DATABASE_URL), migrates, serves. */
async function main() {
  // Everything this process creates (the PGlite folder, files, keys, checkpoints) is 0700 / 0600.
  restrictUmask();
  let config;
  let personalDataKey;
  try {
    config = loadConfig(process.env, process.argv.slice(2).includes('--demo') ? { demo: true } : {});
    // Before the database is touched: PostgreSQL without PERSONAL_DATA_KEY is refused here.
    personalDataKey = resolvePersonalDataKey(config).key;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // What an older release (or another tool) left readable by others is tightened before it is opened.
  const tightened = secureDataDir(config.dataDir);
  // The audit chain's key derives from the personal data key: installed before the first audit entry (bootstrap).
  installPersonalDataKey(personalDataKey);
  // The database opens while the application's modules load: a new PGlite folder is created and
  // migrated by a child process (client.ts), on the other core.
  const opening = openDatabase({ databaseUrl: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
  opening.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  const [{ bootstrap }, { seedCalendars }, { buildApp }, { ensureAuditChainKeyed }, { startCheckpointWriter }, { encryptLegacyFiles }] = await Promise.all([
    import('./platform/bootstrap.ts'),
    import('./platform/calendar-store.ts'),
    import('./server.ts'),
    import('./platform/audit.ts'),
    import('./platform/audit-checkpoints.ts'),
    import('./platform/files.ts'),
  ]);
  const handle = await opening;
  const clock = processClock(config.fixedNow);
  // The instants the database fills in (created_at…) come from the same clock (buildApp installs it too).
  installClock(clock);
  const first = await bootstrap(handle.db, { adminPassword: config.adminPassword, clock, oneTimePasswordHours: config.oneTimePasswordHours });
  await seedCalendars(handle.db, clock);
  const app = await buildApp(config, { db: handle.db, clock });
  if (tightened) app.log.warn({ dataDir: config.dataDir, changed: tightened }, 'file modes in the data folder tightened to 0700/0600');
  // One-time steps of an installation made by an older release: the audit chain keyed, files stored in clear encrypted.
  const keyed = await ensureAuditChainKeyed(handle.db, clock);
  if (keyed) app.log.warn({ entries: keyed }, 'audit chain re-keyed (one time): existing entries received their keyed hashes');
  const legacy = await encryptLegacyFiles(handle.db);
  if (legacy.encrypted || legacy.damaged) app.log.warn(legacy, 'files stored in clear were encrypted at rest');
  if (legacy.missing) app.log.warn({ missing: legacy.missing }, 'files stored in clear are not in this folder (another app process holds them)');
  // `npm start -- --demo`: the demo data set, before the server listens (buildApp has set up files
  // and the personal data key); a database that already holds it is left as it is.
  let demo = '';
  if (process.argv.slice(2).includes('--demo')) {
    const [{ formatDemoResult }, { DemoRefusal, seedDemo }] = await Promise.all([import('./demo/run-demo.ts'), import('./demo/seed-demo.ts')]);
    const started = performance.now();
    try {
      const result = await seedDemo(handle.db, { clock, progress: (message) => console.error(`[${((performance.now() - started) / 1000).toFixed(1)}s] 演示数据 / demo: ${message}`) });
      demo = `\n${formatDemoResult(result)}\n`;
    } catch (error) {
      if (!(error instanceof DemoRefusal)) throw error;
      demo = `\n${error.zh}\n${error.en}\n`;
    }
  }

  // Signed checkpoints of the audit chain in a file outside the database (AUDIT_CHECKPOINT_FILE).
  const checkpoints =
    config.auditCheckpointMinutes > 0
      ? startCheckpointWriter(handle.db, { file: config.auditCheckpointFile, minutes: config.auditCheckpointMinutes, clock, log: app.log })
      : null;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    checkpoints?.stop();
    app.log.info({ signal }, 'shutting down');
    await app.close().catch(() => undefined);
    await handle.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  const lines = [
    '',
    `特级技师评聘管理系统已启动 / Principal Technician is running: http://${shownHost}:${port}/`,
    `数据库 / database: ${handle.engine === 'pglite' ? `PGlite (${path.join(config.dataDir, 'pglite')})` : 'PostgreSQL'}`,
  ];
  if (first.created && first.oneTimePassword) {
    lines.push(
      `系统管理员 / system administrator: admin`,
      `一次性密码 / one-time password: ${first.oneTimePassword}`,
      `首次登录后须修改密码；${config.oneTimePasswordHours} 小时内有效。/ Change it at the first log-in; it works for ${config.oneTimePasswordHours} hours.`,
    );
  } else if (first.renewed && first.oneTimePassword) {
    lines.push(
      `系统管理员 admin 的一次性密码已过期，已生成新的一次性密码 / admin's one-time password had expired unused; a new one: ${first.oneTimePassword}`,
      `首次登录后须修改密码；${config.oneTimePasswordHours} 小时内有效。/ Change it at the first log-in; it works for ${config.oneTimePasswordHours} hours.`,
    );
  } else if (first.created) {
    lines.push('系统管理员 admin 的密码取自 ADMIN_PASSWORD。/ The password of admin was taken from ADMIN_PASSWORD.');
  }
  if (clock.fixedAt) {
    const shown = describeInstantInChina(clock.fixedAt);
    app.log.warn({ ptechNow: config.fixedNow }, 'PTECH_NOW fixes the clock: not for production');
    lines.push(`警告：系统时间已固定为 ${shown}（PTECH_NOW），仅用于测试与演示。`, `Warning: the clock is fixed at ${shown} (PTECH_NOW), for tests and demos only.`);
  }
  console.log(lines.join('\n') + '\n' + demo);
}

main().catch((error) => {
  // A configuration refused after parsing (e.g. PostgreSQL without PERSONAL_DATA_KEY): its message, no stack.
  console.error(error instanceof ConfigError ? error.message : describeErrorForLog(error));
  process.exit(1);
});
