// `ptech backup` / `ptech restore` round trips on the engine of this run (TEST_DB): every table's
// row count and content hash, and every uploaded file's SHA-256, are the same after a restore.
import { testClock } from '../support/clock.ts';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Command } from 'commander';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBackupCommands } from '../../src/cli/backup-commands.ts';
import { runCli } from '../../src/cli/output.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts';
import { createBackup, databaseDigest, restoreBackup, type SqlRunner, type TableDigest } from '../../src/platform/backup.ts';
import { bootstrap } from '../../src/platform/bootstrap.ts';
import type { Config } from '../../src/platform/config.ts';
import { settings, signingKeys } from '../../src/db/schema.ts';
import { and, eq } from 'drizzle-orm';
import { clearPrivateKeyCache, currentKeys, ed25519Signer, privateKeyOf, verifyEd25519 } from '../../src/modules/signing/keys.ts';
import { encryptPersonalData, installPersonalDataKey, personalDataKeyFile, resolvePersonalDataKey } from '../../src/platform/personal-data.ts';
import { buildApp } from '../../src/server.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { listFiles, samplePdf, samplePng, sha256, upload } from '../support/files.ts';
import { ADMIN_PASSWORD, TestClient, testConfig } from '../support/test-app.ts';
import { testEngine } from '../support/test-db.ts';

const engine = testEngine();
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ptech-backup-test-'));
const createdDatabases: string[] = [];
const KEY_HEX = randomBytes(32).toString('hex');

afterAll(async () => {
  if (engine === 'postgres') {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    for (const name of createdDatabases) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  fs.rmSync(root, { recursive: true, force: true });
});

/** A fresh installation: its own DATA_DIR and, on PostgreSQL, its own (empty) database. */
async function installation(name: string): Promise<Config> {
  const dataDir = path.join(root, name);
  fs.mkdirSync(dataDir, { recursive: true });
  if (engine === 'pglite') return testConfig({ dataDir, filesDir: path.join(dataDir, 'files'), jobs: false });
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const database = `ptech_backup_${name.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();
  createdDatabases.push(database);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return testConfig({ dataDir, filesDir: path.join(dataDir, 'files'), databaseUrl: url.toString(), personalDataKey: KEY_HEX, jobs: false });
}

async function open(config: Config, migrate = true): Promise<DatabaseHandle> {
  return openDatabase({ databaseUrl: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite'), migrate });
}

/** Every table's digest, read with the engine's own client (no migrations run). */
async function digest(config: Config): Promise<Record<string, TableDigest>> {
  if (engine === 'pglite') {
    const database = await PGlite.create({ dataDir: path.join(config.dataDir, 'pglite') });
    try {
      return await databaseDigest({ query: async (text) => (await database.query(text)).rows } as SqlRunner);
    } finally {
      await database.close();
    }
  }
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    return await databaseDigest({ query: async (text) => (await client.query(text)).rows } as SqlRunner);
  } finally {
    await client.end();
  }
}

/** Each blob's path and the SHA-256 of its content. */
function fileHashes(config: Config): Record<string, string> {
  return Object.fromEntries(listFiles(config.filesDir).map((file) => [file, sha256(fs.readFileSync(path.join(config.filesDir, file)))]));
}

/** Runs the app on an installation, does `work` as the administrator, closes it. */
async function withApp(config: Config, work: (client: TestClient, handle: DatabaseHandle) => Promise<void>): Promise<void> {
  const handle = await open(config);
  try {
    installPersonalDataKey(resolvePersonalDataKey(config).key); // the audit chain's key, before bootstrap's entry
    await bootstrap(handle.db, { adminPassword: ADMIN_PASSWORD, clock: testClock() });
    const app = await buildApp(config, { db: handle.db, logger: false, clock: testClock() });
    try {
      await app.ready();
      await work(await TestClient.login(app, 'admin', ADMIN_PASSWORD), handle);
    } finally {
      await app.close();
    }
  } finally {
    await handle.close();
  }
}

describe(`ptech backup and ptech restore (${engine})`, () => {
  let source: Config;
  let archive: string;
  let before: Record<string, TableDigest>;
  let filesBefore: Record<string, string>;
  let uploadedId: string;
  let enterpriseId: string;
  /** The enterprise's signing keys before the backup (one rotation: two current, two retired), and a signature of the retired Ed25519 key. */
  let publishedKeys: unknown;
  let oldSignature: { kid: string; signature: string };

  beforeAll(async () => {
    source = await installation('source');
    await withApp(source, async (admin, handle) => {
      const province = await buildProvince(admin);
      const enterprise = await buildEnterprise(admin, province.id);
      await buildUser(admin, enterprise.id, ['enterprise-admin']);
      enterpriseId = enterprise.id;
      // Signing keys (issue 20): created, one signature made, then rotated; the private keys are stored encrypted.
      expect((await admin.post('/api/v1/signing-keys/rotate', { organisationId: enterprise.id })).statusCode).toBe(200);
      const [current] = (await handle.db.select().from(signingKeys).where(and(eq(signingKeys.organisationId, enterprise.id), eq(signingKeys.kind, 'ed25519'))));
      oldSignature = ed25519Signer(current)(Buffer.from('backup signature'));
      expect((await admin.post('/api/v1/signing-keys/rotate', { organisationId: enterprise.id })).statusCode).toBe(200);
      publishedKeys = (await admin.get(`/api/v1/public/organisations/${enterprise.id}/keys`)).json();
      uploadedId = (await upload(admin, { name: '职业资格证书.pdf', bytes: samplePdf('backup') })).json().id;
      await upload(admin, { name: '照片.png', bytes: samplePng() });
      await upload(admin, { name: '同一文件.pdf', bytes: samplePdf('backup') });
      // A row holding personal data encrypted under this installation's key.
      await handle.db.insert(settings).values({ key: 'backup-test', value: { id: encryptPersonalData('11010519491231002X') } });
    });
    before = await digest(source);
    filesBefore = fileHashes(source);
    archive = path.join(root, 'backup.tar.gz');
  }, 180_000);

  it('writes one archive holding the database, every file and (on PGlite) the generated key', async () => {
    const summary = await createBackup(source, archive);
    expect(summary.file).toBe(archive);
    expect(summary.bytes).toBe(fs.statSync(archive).size);
    expect(summary.damagedFiles).toEqual([]);
    // PGlite: two encrypted blobs in the files folder; PostgreSQL: the blobs are rows, in the dump.
    expect(summary.manifest).toMatchObject({ format: 'ptech-backup', version: 1, engine, files: { count: engine === 'pglite' ? 2 : 0 } });
    if (engine === 'postgres') expect(summary.manifest.tables.file_blobs).toBe(2);
    // The archive holds the database (and on PGlite the key): readable by its owner only.
    expect(fs.statSync(archive).mode & 0o777).toBe(0o600);
    expect(summary.manifest.tables.files).toBe(3);
    expect(summary.manifest.tables.users).toBe(2);
    expect(summary.manifest.includesKey).toBe(engine === 'pglite');
    expect(summary.manifest.personalDataKeyId).toMatch(/^[0-9a-f]{16}$/);
    expect(fs.readdirSync(root).filter((name) => name.includes('.partial-'))).toEqual([]);
    // The source is untouched.
    expect(await digest(source)).toEqual(before);
    await expect(createBackup(source, archive)).rejects.toMatchObject({ code: 'BACKUP_EXISTS' });
  }, 120_000);

  it('restores into an empty installation: every table and every file the same', async () => {
    const target = await installation('target');
    const summary = await restoreBackup(target, archive);
    expect(summary.files).toBe(engine === 'pglite' ? 2 : 0);
    // Everything restored into the data folder is private, whatever the umask of the process.
    for (const file of listFiles(target.dataDir)) expect(fs.statSync(path.join(target.dataDir, file)).mode & 0o777, file).toBe(0o600);
    expect(fs.statSync(target.dataDir).mode & 0o777).toBe(0o700);
    expect(summary.keyInstalled).toBe(engine === 'pglite');
    expect(await digest(target)).toEqual(before);
    expect(fileHashes(target)).toEqual(filesBefore);
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(8);
    if (engine === 'pglite') {
      expect(fs.readFileSync(personalDataKeyFile(target.dataDir))).toEqual(fs.readFileSync(personalDataKeyFile(source.dataDir)));
      expect(fs.statSync(personalDataKeyFile(target.dataDir)).mode & 0o777).toBe(0o600);
    }
    // The restored installation runs: log-in, the uploaded file, the encrypted data.
    await withApp(target, async (admin) => {
      const download = await admin.get(`/api/v1/files/${uploadedId}`);
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.equals(samplePdf('backup'))).toBe(true);
    });
    // The signing keys came back: the same public keys, the retired key still verifies what it
    // signed, and the current private keys still decrypt and sign.
    clearPrivateKeyCache();
    await withApp(target, async (admin, handle) => {
      const keys = await admin.get(`/api/v1/public/organisations/${enterpriseId}/keys`);
      expect(keys.json()).toEqual(publishedKeys);
      expect(keys.json().keys.map((key: { status: string }) => key.status).sort()).toEqual(['current', 'current', 'retired', 'retired']);
      expect(await verifyEd25519(handle.db, enterpriseId, oldSignature.kid, Buffer.from('backup signature'), oldSignature.signature)).toBe(true);
      const current = await currentKeys(handle.db, enterpriseId);
      const fresh = ed25519Signer(current.ed25519!)(Buffer.from('after restore'));
      expect(fresh.kid).not.toBe(oldSignature.kid);
      expect(await verifyEd25519(handle.db, enterpriseId, fresh.kid, Buffer.from('after restore'), fresh.signature)).toBe(true);
      expect(privateKeyOf(current.x509!).asymmetricKeyType).toBe('ec');
    });
  }, 180_000);

  it('refuses to overwrite data without --force, changes nothing, and replaces it with --force', async () => {
    const target = await installation('overwrite');
    await restoreBackup(target, archive);
    await withApp(target, async (admin) => {
      await buildProvince(admin, { name: '恢复后新增的部门' });
      await upload(admin, { name: '恢复后新增.pdf', bytes: samplePdf('later') });
    });
    const changed = await digest(target);
    const changedFiles = fileHashes(target);
    expect(changed).not.toEqual(before);

    await expect(restoreBackup(target, archive)).rejects.toMatchObject({ code: 'RESTORE_TARGET_NOT_EMPTY' });
    expect(await digest(target)).toEqual(changed);
    expect(fileHashes(target)).toEqual(changedFiles);
    expect(fs.readdirSync(target.dataDir).filter((name) => name.startsWith('.restore-'))).toEqual([]);

    await restoreBackup(target, archive, { force: true });
    expect(await digest(target)).toEqual(before);
    expect(fileHashes(target)).toEqual(filesBefore);
  }, 180_000);

  it('refuses a damaged archive and leaves the target as it was', async () => {
    const target = await installation('damaged');
    const truncated = path.join(root, 'truncated.tar.gz');
    const bytes = fs.readFileSync(archive);
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expect(restoreBackup(target, truncated)).rejects.toThrow();
    expect(fs.existsSync(path.join(target.dataDir, 'pglite'))).toBe(false);
    expect(listFiles(target.filesDir)).toEqual([]);
    expect(fs.readdirSync(target.dataDir).filter((name) => name.startsWith('.restore-'))).toEqual([]);
    if (engine === 'pglite') {
      // A PGlite folder held by a running server is neither backed up nor replaced.
      const lock = path.join(source.dataDir, 'pglite', 'postmaster.pid');
      fs.writeFileSync(lock, '4242\n');
      try {
        await expect(createBackup(source, path.join(root, 'in-use.tar.gz'))).rejects.toMatchObject({ code: 'DATABASE_IN_USE' });
        await expect(restoreBackup(source, archive, { force: false })).rejects.toMatchObject({ code: 'DATABASE_IN_USE' });
      } finally {
        fs.rmSync(lock);
      }
      expect(fs.existsSync(path.join(root, 'in-use.tar.gz'))).toBe(false);
    }
    const notOurs = path.join(root, 'not-ours.tar.gz');
    fs.writeFileSync(notOurs, 'hello');
    await expect(restoreBackup(target, notOurs)).rejects.toThrow();
  }, 120_000);

  it('refuses a key that cannot read the backed-up data, and the other engine', async () => {
    const target = await installation('key');
    if (engine === 'pglite') {
      // This installation already has a key of its own.
      fs.mkdirSync(path.dirname(personalDataKeyFile(target.dataDir)), { recursive: true });
      fs.writeFileSync(personalDataKeyFile(target.dataDir), `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
      await expect(restoreBackup(target, archive)).rejects.toMatchObject({ code: 'KEY_MISMATCH' });
      expect(fs.existsSync(path.join(target.dataDir, 'pglite'))).toBe(false);
      const summary = await restoreBackup(target, archive, { force: true });
      expect(summary.keyInstalled).toBe(true);
      expect(fs.readFileSync(personalDataKeyFile(target.dataDir))).toEqual(fs.readFileSync(personalDataKeyFile(source.dataDir)));
      expect(fs.readdirSync(path.dirname(personalDataKeyFile(target.dataDir))).some((name) => name.includes('.replaced-'))).toBe(true);
      await expect(restoreBackup({ ...target, databaseUrl: 'postgres://127.0.0.1:1/none', personalDataKey: KEY_HEX }, archive)).rejects.toMatchObject({
        code: 'ENGINE_MISMATCH',
      });
    } else {
      const otherKey = { ...target, personalDataKey: randomBytes(32).toString('hex') };
      await expect(restoreBackup(otherKey, archive)).rejects.toMatchObject({ code: 'KEY_MISMATCH' });
      const pgliteTarget = { ...target, databaseUrl: undefined, personalDataKey: undefined };
      await expect(restoreBackup(pgliteTarget, archive)).rejects.toMatchObject({ code: 'ENGINE_MISMATCH' });
      const client = new pg.Client({ connectionString: target.databaseUrl });
      await client.connect();
      const { rows } = await client.query(`select count(*)::int as n from information_schema.tables where table_schema = 'public'`);
      await client.end();
      expect(rows[0].n).toBe(0);
    }
  }, 120_000);

  it('runs as `ptech backup` and `ptech restore`, answering in both languages or in JSON, asking nothing', async () => {
    const target = await installation('cli');
    const file = path.join(root, 'cli.tar.gz');
    const configure = (config: Config) => (program: Command) => registerBackupCommands(program, { config: () => config });
    const backup = await runCli(['backup', file, '--json'], configure(source));
    expect(backup.exitCode).toBe(0);
    expect(JSON.parse(backup.stdout)).toMatchObject({ ok: true, file, manifest: { engine } });
    const again = await runCli(['backup', file], configure(source));
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain('文件已存在');
    expect(again.stderr).toContain('The file exists');

    const restored = await runCli(['restore', file], configure(target));
    expect(restored.exitCode).toBe(0);
    expect(restored.stdout).toMatch(/^已从 .* 恢复/);
    expect(restored.stdout).toContain('Restored from');
    const refused = await runCli(['restore', file, '--json'], configure(target));
    expect(refused.exitCode).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, error: { code: 'RESTORE_TARGET_NOT_EMPTY' } });
    expect(await digest(target)).toEqual(before);
    const usage = await runCli(['restore'], configure(target));
    expect(usage.exitCode).toBe(2);
  }, 180_000);
});
