// `ptech backup FILE` and `ptech restore FILE`: the database and the uploaded files in one
// archive (tar + gzip, written by platform/tar.ts):
//
//   manifest.json                    what, when, which engine, how many rows and files
//   database/pglite.tar.gz           PGlite: its data directory dump (pg.dumpDataDir)
//   database/postgres.dump           PostgreSQL: pg_dump -Fc
//   keys/personal-data.key           only a key that PGlite generated itself (never PERSONAL_DATA_KEY)
//   files/ab/cd/<sha256>             every blob, checked against its name when restored
//
// The archive is written aside and renamed into place when complete. A restore checks everything
// before it changes anything: the archive's manifest, engine and migrations, the key, and whether
// the target holds data (then `--force` is needed); it unpacks and verifies into a staging folder,
// then swaps the files folder and the database in (PostgreSQL: pg_restore in one transaction).
// Stop the app servers first: PGlite allows one process, and pg_restore waits for their locks.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { migrationsFolder } from '../db/client.ts';
import type { Config } from './config.ts';
import { secureDataDir } from './file-modes.ts';
import { blobPath } from './files.ts';
import { createPersonalDataCipher, personalDataKeyFile, readKeyFile, resolvePersonalDataKey } from './personal-data.ts';
import { readTar, TarWriter, type TarEntrySink } from './tar.ts';
import { systemClock } from './clock.ts';

export const BACKUP_FORMAT = 'ptech-backup';
export const BACKUP_VERSION = 1;

export type Engine = 'pglite' | 'postgres';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  engine: Engine;
  /** `when` of the last migration applied to the database (drizzle's created_at), or null. */
  lastMigration: number | null;
  tables: Record<string, number>;
  files: { count: number; bytes: number };
  /** Fingerprint of the personal data key the data was encrypted with (not the key). */
  personalDataKeyId: string | null;
  includesKey: boolean;
}

/** A refusal or failure with a message in both languages and a stable code. */
export class BackupError extends Error {
  constructor(
    readonly code: string,
    readonly messages: { 'zh-CN': string; en: string },
  ) {
    super(`${messages['zh-CN']}\n${messages.en}`);
  }
}

function refuse(code: string, zh: string, en: string): never {
  throw new BackupError(code, { 'zh-CN': zh, en });
}

type BackupConfig = Pick<Config, 'dataDir' | 'filesDir' | 'databaseUrl' | 'personalDataKey'>;

export function engineOf(config: Pick<Config, 'databaseUrl'>): Engine {
  return config.databaseUrl ? 'postgres' : 'pglite';
}

/** The PGlite data directory of an installation (as `npm start` opens it). */
export function pgliteDataDir(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'pglite');
}

/** Runs SQL and returns rows: a PGlite instance or a pg client, the same to the code below. */
export interface SqlRunner {
  query<Row>(text: string): Promise<Row[]>;
}

function runnerOf(client: { query(text: string): Promise<{ rows: unknown[] }> }): SqlRunner {
  return { query: async <Row>(text: string) => (await client.query(text)).rows as Row[] };
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The tables of the application (schema public) and of the migrator (schema drizzle). */
async function listTables(sql: SqlRunner): Promise<{ schema: string; name: string }[]> {
  return sql.query<{ schema: string; name: string }>(
    `select table_schema as schema, table_name as name from information_schema.tables
     where table_type = 'BASE TABLE' and table_schema in ('public', 'drizzle') order by 1, 2`,
  );
}

export interface TableDigest {
  rows: number;
  /** MD5 over every row's text form, sorted: equal when the contents are equal. */
  md5: string;
}

/** Row count and a content hash of every table, for comparing a database before and after. */
export async function databaseDigest(sql: SqlRunner): Promise<Record<string, TableDigest>> {
  const digest: Record<string, TableDigest> = {};
  for (const table of await listTables(sql)) {
    const name = `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}`;
    const [row] = await sql.query<{ rows: string | number; md5: string | null }>(
      `select count(*) as rows, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as md5 from ${name} t`,
    );
    digest[`${table.schema}.${table.name}`] = { rows: Number(row.rows), md5: row.md5 ?? '' };
  }
  return digest;
}

async function tableCounts(sql: SqlRunner): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await listTables(sql)) {
    if (table.schema !== 'public') continue;
    const [row] = await sql.query<{ rows: string | number }>(`select count(*) as rows from ${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}`);
    counts[table.name] = Number(row.rows);
  }
  return counts;
}

async function lastMigration(sql: SqlRunner): Promise<number | null> {
  const [exists] = await sql.query<{ present: boolean }>(`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (!exists?.present) return null;
  const [row] = await sql.query<{ last: string | number | null }>(`select max(created_at) as last from drizzle.__drizzle_migrations`);
  return row?.last === null || row?.last === undefined ? null : Number(row.last);
}

/** The `when` of the newest migration this code carries. */
function newestKnownMigration(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  return Math.max(0, ...journal.entries.map((entry) => entry.when));
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL client tools

/** The directory of the highest installed PostgreSQL version's client tools (Debian's layout). */
export function postgresToolsDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((version) => fs.existsSync(path.join(root, version, 'bin', 'pg_dump')) && fs.existsSync(path.join(root, version, 'bin', 'pg_restore')))
        .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    : [];
  if (versions.length === 0) {
    refuse(
      'PG_TOOLS_MISSING',
      '找不到 PostgreSQL 客户端工具 pg_dump / pg_restore（/usr/lib/postgresql/*/bin）。请安装：apt-get install -y postgresql-client（版本不低于数据库服务器）。',
      'The PostgreSQL client tools pg_dump / pg_restore were not found (/usr/lib/postgresql/*/bin). Install them: apt-get install -y postgresql-client (at least the server’s version).',
    );
  }
  return path.join(root, versions[0], 'bin');
}

/** The URL without its password (which goes to PGPASSWORD instead, out of the process list). */
function connectionFor(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PG')) env[key] = value;
  if (password) env.PGPASSWORD = password;
  return { url: url.toString(), env };
}

function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 20_000) stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => reject(error));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new BackupError('PG_TOOL_FAILED', {
            'zh-CN': `${path.basename(tool)} 执行失败（${code ?? signal}）：${stderr.trim()}`,
            en: `${path.basename(tool)} failed (${code ?? signal}): ${stderr.trim()}`,
          }),
        );
    });
  });
}

async function withPostgres<T>(databaseUrl: string, work: (sql: SqlRunner) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
  } catch (error) {
    const url = new URL(databaseUrl);
    const where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
    refuse(
      'DATABASE_UNREACHABLE',
      `无法连接 PostgreSQL 数据库 ${where}：${(error as Error).message}`,
      `Cannot connect to the PostgreSQL database ${where}: ${(error as Error).message}`,
    );
  }
  try {
    return await work(runnerOf(client));
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Files

interface Blob {
  sha256: string;
  path: string;
  size: number;
}

function listBlobs(filesDir: string): Blob[] {
  if (!fs.existsSync(filesDir)) return [];
  const blobs: Blob[] = [];
  for (const entry of fs.readdirSync(filesDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/^[0-9a-f]{64}$/.test(entry.name)) continue;
    const full = path.join(entry.parentPath, entry.name);
    if (full !== blobPath(filesDir, entry.name)) continue;
    blobs.push({ sha256: entry.name, path: full, size: fs.statSync(full).size });
  }
  return blobs.sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function isEmptyDir(dir: string): boolean {
  return !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
}

// ---------------------------------------------------------------------------------------------
// Backup

export interface BackupOptions {
  /** Overwrite FILE when it exists; with PGlite, back up although the data directory looks in use. */
  force?: boolean;
}

export interface BackupSummary {
  file: string;
  bytes: number;
  manifest: BackupManifest;
  /** Blobs whose content no longer matches their name: left out of the archive. */
  damagedFiles: string[];
}

function personalDataKeyForBackup(config: BackupConfig): { keyId: string | null; keyFile: string | null } {
  if (config.personalDataKey) return { keyId: createPersonalDataCipher(resolvePersonalDataKey(config).key).keyId, keyFile: null };
  if (config.databaseUrl) return { keyId: null, keyFile: null };
  const file = personalDataKeyFile(config.dataDir);
  const key = readKeyFile(file);
  return key ? { keyId: createPersonalDataCipher(key).keyId, keyFile: file } : { keyId: null, keyFile: null };
}

function assertPgliteIdle(dataDir: string, force: boolean | undefined): void {
  if (!force && fs.existsSync(path.join(dataDir, 'postmaster.pid'))) {
    refuse(
      'DATABASE_IN_USE',
      `PGlite 数据目录正在被使用（${dataDir}）：请先停止服务再操作。若服务并未运行（上次异常退出），可加 --force。`,
      `The PGlite data directory is in use (${dataDir}): stop the server first. If no server runs (it stopped uncleanly), add --force.`,
    );
  }
}

/** Writes the whole installation (database, files, a generated key) into one .tar.gz archive. */
export async function createBackup(config: BackupConfig, file: string, options: BackupOptions = {}): Promise<BackupSummary> {
  const target = path.resolve(file);
  if (fs.existsSync(target) && !options.force) {
    refuse('BACKUP_EXISTS', `文件已存在：${target}（加 --force 覆盖）。`, `The file exists: ${target} (add --force to overwrite it).`);
  }
  const engine = engineOf(config);
  const { keyId, keyFile } = personalDataKeyForBackup(config);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'ptech-backup-'));
  const partial = `${target}.partial-${randomBytes(4).toString('hex')}`;
  try {
    // The database first: every blob its rows name was written before the row committed, and
    // blobs are never changed, so the files copied afterwards cover the dump.
    let databaseEntry: { name: string; path: string };
    let info: { lastMigration: number | null; tables: Record<string, number> };
    if (engine === 'pglite') {
      const dataDir = pgliteDataDir(config);
      if (isEmptyDir(dataDir)) refuse('DATABASE_MISSING', `没有可备份的数据库：${dataDir}`, `There is no database to back up: ${dataDir}`);
      assertPgliteIdle(dataDir, options.force);
      const database = await PGlite.create({ dataDir });
      try {
        const sql = runnerOf(database);
        info = { lastMigration: await lastMigration(sql), tables: await tableCounts(sql) };
        const dump = await database.dumpDataDir('gzip');
        databaseEntry = { name: 'database/pglite.tar.gz', path: path.join(staging, 'pglite.tar.gz') };
        fs.writeFileSync(databaseEntry.path, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
      } finally {
        await database.close();
      }
    } else {
      const tools = postgresToolsDir();
      const connection = connectionFor(config.databaseUrl!);
      databaseEntry = { name: 'database/postgres.dump', path: path.join(staging, 'postgres.dump') };
      // Counted in the same moment as pg_dump's snapshot would be ideal; the counts are information only.
      info = await withPostgres(config.databaseUrl!, async (sql) => ({ lastMigration: await lastMigration(sql), tables: await tableCounts(sql) }));
      await runTool(path.join(tools, 'pg_dump'), ['--format=custom', '--compress=6', `--file=${databaseEntry.path}`, `--dbname=${connection.url}`], connection.env);
    }

    const blobs = listBlobs(config.filesDir);
    const damagedFiles: string[] = [];
    const good: Blob[] = [];
    for (const blob of blobs) {
      if ((await sha256OfFile(blob.path)) === blob.sha256) good.push(blob);
      else damagedFiles.push(blob.sha256);
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: systemClock.now().toISOString(), // when the archive was written: the machine's time
      engine,
      lastMigration: info.lastMigration,
      tables: info.tables,
      files: { count: good.length, bytes: good.reduce((sum, blob) => sum + blob.size, 0) },
      personalDataKeyId: keyId,
      includesKey: keyFile !== null,
    };

    const gzip = createGzip({ level: 6 });
    const output = fs.createWriteStream(partial, { flags: 'wx', mode: 0o600 });
    const written = pipeline(gzip, output);
    const tar = new TarWriter(gzip);
    try {
      await tar.addBuffer('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
      const databaseSize = fs.statSync(databaseEntry.path).size;
      await tar.addStream(databaseEntry.name, databaseSize, fs.createReadStream(databaseEntry.path));
      if (keyFile) await tar.addBuffer('keys/personal-data.key', fs.readFileSync(keyFile));
      for (const blob of good) {
        await tar.addStream(`files/${blob.sha256.slice(0, 2)}/${blob.sha256.slice(2, 4)}/${blob.sha256}`, blob.size, fs.createReadStream(blob.path));
      }
      await tar.finish();
    } catch (error) {
      gzip.destroy(error as Error);
      throw error;
    } finally {
      await written.catch(() => undefined);
    }
    await written;
    const handle = await fs.promises.open(partial, 'r');
    await handle.sync();
    await handle.close();
    fs.renameSync(partial, target);
    return { file: target, bytes: fs.statSync(target).size, manifest, damagedFiles };
  } finally {
    fs.rmSync(partial, { force: true });
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Restore

export interface RestoreOptions {
  /** Replace a database and files folder that hold data, and a key that differs. */
  force?: boolean;
}

export interface RestoreSummary {
  manifest: BackupManifest;
  files: number;
  keyInstalled: boolean;
}

const ENTRY_PATTERNS = [
  /^manifest\.json$/,
  /^database\/(pglite\.tar\.gz|postgres\.dump)$/,
  /^keys\/personal-data\.key$/,
  /^files\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/,
  /^(files|keys|database)(\/[0-9a-f]{2}){0,2}\/$/,
];

function parseManifest(bytes: Buffer): BackupManifest {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(bytes.toString('utf8')) as BackupManifest;
  } catch {
    return refuse('BACKUP_INVALID', '备份文件的清单已损坏。', 'The backup’s manifest is damaged.');
  }
  if (manifest?.format !== BACKUP_FORMAT) refuse('BACKUP_INVALID', '这不是本系统的备份文件。', 'This is not a backup of this system.');
  if (manifest.version !== BACKUP_VERSION) {
    refuse('BACKUP_VERSION', `不支持的备份格式版本 ${manifest.version}。`, `Unsupported backup format version ${manifest.version}.`);
  }
  return manifest;
}

async function targetHasData(config: BackupConfig): Promise<boolean> {
  if (engineOf(config) === 'pglite') return !isEmptyDir(pgliteDataDir(config));
  return withPostgres(config.databaseUrl!, async (sql) => (await listTables(sql)).length > 0);
}

type KeyPlan = { action: 'none' } | { action: 'install'; replacing: boolean };

/** What to do about the personal data key, or a refusal when the restored data would be unreadable. */
function planKey(config: BackupConfig, manifest: BackupManifest, force: boolean | undefined): KeyPlan {
  if (!manifest.personalDataKeyId) return { action: 'none' };
  const fingerprint = manifest.personalDataKeyId;
  let currentId: string | null = null;
  if (config.personalDataKey) currentId = createPersonalDataCipher(resolvePersonalDataKey(config).key).keyId;
  else if (!config.databaseUrl) {
    const key = readKeyFile(personalDataKeyFile(config.dataDir));
    currentId = key ? createPersonalDataCipher(key).keyId : null;
  }
  if (currentId === fingerprint) return { action: 'none' };
  if (manifest.includesKey && !config.personalDataKey && !config.databaseUrl) {
    if (currentId === null) return { action: 'install', replacing: false };
    if (force) return { action: 'install', replacing: true };
    refuse(
      'KEY_MISMATCH',
      `本机的个人数据密钥（指纹 ${currentId}）与备份的（${fingerprint}）不同；加 --force 将以备份中的密钥替换本机密钥。`,
      `This installation’s personal data key (fingerprint ${currentId}) differs from the backup’s (${fingerprint}); add --force to replace it with the key in the backup.`,
    );
  }
  if (force) return { action: 'none' };
  return refuse(
    'KEY_MISMATCH',
    `备份中的个人数据由指纹为 ${fingerprint} 的密钥加密，当前${currentId ? `密钥的指纹为 ${currentId}` : '没有配置密钥'}：请把 PERSONAL_DATA_KEY 设为原密钥后再恢复（或加 --force，恢复后这些数据将无法解密）。`,
    `The backup’s personal data was encrypted with the key of fingerprint ${fingerprint}; ${currentId ? `the current key’s fingerprint is ${currentId}` : 'no key is configured'}. Set PERSONAL_DATA_KEY to the original key and restore again (or add --force; that data will then be unreadable).`,
  );
}

function fileSink(file: string, expectedSha256?: string): TarEntrySink {
  // Private whatever the process umask: the database dump and the (encrypted) file blobs.
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
  const hash = expectedSha256 ? createHash('sha256') : null;
  let failure: Error | null = null;
  out.on('error', (error) => {
    failure = error;
  });
  return {
    write: async (chunk) => {
      if (failure) throw failure;
      hash?.update(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
    },
    close: async () => {
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      if (failure) throw failure;
      if (hash && hash.digest('hex') !== expectedSha256) {
        refuse('BACKUP_DAMAGED', `备份中的文件 ${path.basename(file)} 已损坏。`, `The file ${path.basename(file)} in the backup is damaged.`);
      }
    },
  };
}

function bufferSink(done: (bytes: Buffer) => void, limit: number): TarEntrySink {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    write: async (chunk) => {
      size += chunk.length;
      if (size > limit) refuse('BACKUP_INVALID', '备份文件的结构不正确。', 'The backup’s structure is wrong.');
      chunks.push(Buffer.from(chunk));
    },
    close: async () => done(Buffer.concat(chunks)),
  };
}

/** Moves `from` to `to` (same file system), replacing a `to` that is moved aside to `aside` first. */
function swapIn(from: string, to: string, aside: string): () => void {
  const hadOld = fs.existsSync(to);
  if (hadOld) fs.renameSync(to, aside);
  try {
    fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
    fs.renameSync(from, to);
  } catch (error) {
    if (hadOld) fs.renameSync(aside, to);
    throw error;
  }
  return () => {
    fs.rmSync(to, { recursive: true, force: true });
    if (hadOld) fs.renameSync(aside, to);
  };
}

/** Restores an archive made by createBackup into this installation (same engine). */
export async function restoreBackup(config: BackupConfig, file: string, options: RestoreOptions = {}): Promise<RestoreSummary> {
  const source = path.resolve(file);
  if (!fs.existsSync(source)) refuse('BACKUP_MISSING', `找不到备份文件：${source}`, `The backup file does not exist: ${source}`);
  const engine = engineOf(config);
  if (engine === 'pglite') assertPgliteIdle(pgliteDataDir(config), options.force);

  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const staging = fs.mkdtempSync(path.join(config.dataDir, '.restore-'));
  const undo: (() => void)[] = [];
  try {
    let manifest: BackupManifest | null = null;
    let keyPlan: KeyPlan = { action: 'none' };
    let databaseFile: string | null = null;
    let keyBytes: Buffer | null = null;
    let files = 0;
    let checked = false;
    const seen = new Set<string>();

    const checkManifest = async (found: BackupManifest) => {
      if (found.engine !== engine) {
        refuse(
          'ENGINE_MISMATCH',
          `备份来自 ${found.engine === 'pglite' ? '内置数据库 PGlite' : 'PostgreSQL'}，而当前配置使用 ${engine === 'pglite' ? '内置数据库 PGlite' : 'PostgreSQL'}：只能恢复到同一种数据库。`,
          `The backup comes from ${found.engine === 'pglite' ? 'the embedded PGlite' : 'PostgreSQL'} but this installation uses ${engine === 'pglite' ? 'the embedded PGlite' : 'PostgreSQL'}: restore into the same kind of database.`,
        );
      }
      if (found.lastMigration !== null && found.lastMigration > newestKnownMigration()) {
        refuse(
          'BACKUP_TOO_NEW',
          '备份来自更新版本的系统（含本版本不认识的数据库迁移）：请先升级系统再恢复。',
          'The backup comes from a newer release (its database has migrations this release does not know): upgrade first.',
        );
      }
      keyPlan = planKey(config, found, options.force);
      if (!options.force) {
        if (await targetHasData(config)) {
          refuse(
            'RESTORE_TARGET_NOT_EMPTY',
            `目标数据库已有数据（${engine === 'pglite' ? pgliteDataDir(config) : '由 DATABASE_URL 指定'}）：恢复会覆盖它；确认后加 --force。`,
            `The target database holds data (${engine === 'pglite' ? pgliteDataDir(config) : 'the one DATABASE_URL names'}): restoring replaces it; add --force to confirm.`,
          );
        }
        if (listBlobs(config.filesDir).length > 0) {
          refuse(
            'RESTORE_TARGET_NOT_EMPTY',
            `文件目录已有文件（${config.filesDir}）：恢复会替换它；确认后加 --force。`,
            `The files folder holds files (${config.filesDir}): restoring replaces it; add --force to confirm.`,
          );
        }
      }
    };

    const input = fs.createReadStream(source).pipe(createGunzip());
    try {
      await readTar(input, async (entry) => {
        const match = ENTRY_PATTERNS.map((pattern) => pattern.exec(entry.name)).find(Boolean);
        if (!match || entry.type === 'other' || seen.has(entry.name)) {
          refuse('BACKUP_INVALID', `备份文件含有不应有的内容：${entry.name.slice(0, 120)}`, `The backup holds an unexpected entry: ${entry.name.slice(0, 120)}`);
        }
        seen.add(entry.name);
        if (entry.type === 'directory') return null;
        if (entry.name === 'manifest.json') {
          return bufferSink((bytes) => {
            manifest = parseManifest(bytes);
          }, 1024 * 1024);
        }
        // Nothing is unpacked before the manifest is read and every check on the target passed.
        if (!manifest) refuse('BACKUP_INVALID', '备份文件缺少开头的清单。', 'The backup lacks its manifest at the start.');
        if (!checked) {
          checked = true;
          await checkManifest(manifest);
        }
        if (entry.name.startsWith('database/')) {
          const expected = engine === 'pglite' ? 'database/pglite.tar.gz' : 'database/postgres.dump';
          if (entry.name !== expected) refuse('BACKUP_INVALID', '备份中的数据库与清单不符。', 'The backup’s database does not match its manifest.');
          databaseFile = path.join(staging, path.basename(entry.name));
          return fileSink(databaseFile);
        }
        if (entry.name === 'keys/personal-data.key') return bufferSink((bytes) => (keyBytes = bytes), 1024);
        files += 1;
        return fileSink(blobPath(path.join(staging, 'files'), match[3]), match[3]);
      });
    } finally {
      input.destroy();
    }
    if (!manifest || !databaseFile) refuse('BACKUP_INVALID', '备份文件不完整：缺少数据库。', 'The backup is incomplete: the database is missing.');
    const found = manifest as BackupManifest;
    if (files !== found.files.count) {
      refuse('BACKUP_DAMAGED', `备份中应有 ${found.files.count} 个文件，实有 ${files} 个。`, `The backup should hold ${found.files.count} files but holds ${files}.`);
    }
    const plan = keyPlan as KeyPlan;
    if (plan.action === 'install') {
      if (!keyBytes) refuse('BACKUP_DAMAGED', '备份清单说含有密钥，但找不到密钥。', 'The manifest says the backup holds a key, but it does not.');
      const cipher = createPersonalDataCipher(parseKeyBytes(keyBytes));
      if (cipher.keyId !== found.personalDataKeyId) refuse('BACKUP_DAMAGED', '备份中的密钥与清单不符。', 'The key in the backup does not match its manifest.');
    }

    // Swap in: the files folder first (undone if the database fails), then the database, then the key.
    const stagedFiles = path.join(staging, 'files');
    fs.mkdirSync(stagedFiles, { recursive: true, mode: 0o700 });
    undo.push(swapIn(stagedFiles, config.filesDir, path.join(staging, 'replaced-files')));
    if (engine === 'pglite') {
      const stagedData = path.join(staging, 'pglite');
      const database = await PGlite.create({ dataDir: stagedData, loadDataDir: new Blob([fs.readFileSync(databaseFile)]) });
      try {
        await database.query('select 1');
      } finally {
        await database.close();
      }
      undo.push(swapIn(stagedData, pgliteDataDir(config), path.join(staging, 'replaced-pglite')));
    } else {
      const tools = postgresToolsDir();
      const connection = connectionFor(config.databaseUrl!);
      await runTool(
        path.join(tools, 'pg_restore'),
        ['--clean', '--if-exists', '--single-transaction', '--exit-on-error', '--no-owner', `--dbname=${connection.url}`, databaseFile],
        connection.env,
      );
    }
    if (plan.action === 'install') installKeyFile(config.dataDir, keyBytes!, plan.replacing);
    undo.length = 0;
    // PGlite writes its restored folder with the process umask: everything restored is made 0700 / 0600.
    secureDataDir(config.dataDir);
    return { manifest: found, files, keyInstalled: plan.action === 'install' };
  } catch (error) {
    for (const step of undo.reverse()) {
      try {
        step();
      } catch {
        // Best effort: the message below is what matters.
      }
    }
    throw error;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function parseKeyBytes(bytes: Buffer): Buffer {
  const key = Buffer.from(bytes.toString('utf8').trim(), 'base64');
  if (key.length !== 32) refuse('BACKUP_DAMAGED', '备份中的密钥已损坏。', 'The key in the backup is damaged.');
  return key;
}

function installKeyFile(dataDir: string, bytes: Buffer, replacing: boolean): void {
  const file = personalDataKeyFile(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (replacing && fs.existsSync(file)) fs.renameSync(file, `${file}.replaced-${systemClock.now().toISOString().replace(/[:.]/g, '-')}`);
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, bytes, { mode: 0o600, flag: 'wx' });
  fs.renameSync(temporary, file);
}
