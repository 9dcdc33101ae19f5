// Issue 22, item 5: files holding personal data are encrypted at rest with the personal data key,
// every download writes an audit entry, and what the system writes into its data folder is private
// (0700 / 0600). Runs on both engines: PGlite keeps the encrypted blobs in DATA_DIR/files, PostgreSQL
// in the database (file_blobs / file_blob_chunks, 1 MiB a row).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, files } from '../../src/db/schema.ts';
import { blobPath, encryptLegacyFiles, fileStorage } from '../../src/platform/files.ts';
import { secureDataDir } from '../../src/platform/file-modes.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { listFiles, samplePdf, sha256, storedBlob, upload } from '../support/files.ts';

// A full identity number as a batch print PDF or a register import holds it.
const ID_NUMBER = '11010519491231002X';

let t: TestApp;
let dataDir: string;
let filesDir: string;
let admin: TestClient;
let enterpriseAdmin: TestClient;
let outsider: TestClient;
let enterprise: { id: string; path?: string };

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptech-at-rest-'));
  filesDir = path.join(dataDir, 'files');
  t = await createTestApp({ dataDir, filesDir, jobs: false });
  admin = await t.admin();
  const province = await buildProvince(admin);
  enterprise = await buildEnterprise(admin, province.id);
  const other = await buildEnterprise(admin, province.id, { institution: { category: 'Y', institutionCode: '0000', provinceCode: '21', siteCode: '000078' } });
  enterpriseAdmin = await t.login(...(await credentials(enterprise.id, 'enterprise-admin')));
  outsider = await t.login(...(await credentials(other.id, 'enterprise-admin')));
}, 120_000);
afterAll(async () => {
  await t?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function credentials(organisationId: string, role: string): Promise<[string, string]> {
  const user = await buildUser(admin, organisationId, [role]);
  return [user.username, user.password];
}

/** Every place the stored bytes of files could be: the files folder, and (PostgreSQL) the chunk rows. */
async function storedPlacesContaining(needle: string): Promise<string[]> {
  const found = listFiles(filesDir).filter((file) => fs.readFileSync(path.join(filesDir, file)).includes(Buffer.from(needle, 'latin1')));
  if (fileStorage().store.kind === 'database') {
    const rows = (await t.handle.db.execute(
      sql`select blob_name, seq from file_blob_chunks where position(convert_to(${needle}, 'LATIN1') in data) > 0`,
    )) as unknown as { rows: { blob_name: string; seq: number }[] };
    found.push(...rows.rows.map((row) => `file_blob_chunks ${row.blob_name}/${row.seq}`));
  }
  return found;
}

async function downloadEntries(fileId: string) {
  return t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'file.downloaded'), eq(auditLog.targetId, fileId)));
}

describe('files at rest', () => {
  it('keeps a file holding a full identity number encrypted: the stored bytes never contain the number', async () => {
    const bytes = samplePdf(`批量打印 ${ID_NUMBER} 张三`);
    const response = await upload(enterpriseAdmin, { name: '证书批量打印.pdf', bytes });
    expect(response.statusCode).toBe(201);
    const [row] = await t.handle.db.select().from(files).where(eq(files.id, response.json().id));
    const stored = await storedBlob(t.handle.db, row.blobName!);
    expect(stored!.length).toBeGreaterThan(bytes.length); // header and tag
    expect(stored!.includes(Buffer.from(ID_NUMBER))).toBe(false);
    expect(await storedPlacesContaining(ID_NUMBER)).toEqual([]);
    // …and it reads back whole.
    const download = await enterpriseAdmin.get(`/api/v1/files/${row.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(bytes)).toBe(true);
  });

  it('streams a file of several chunks (64 KiB encrypted chunks; 1 MiB database rows) back byte for byte', async () => {
    const filler = Buffer.alloc(2_600_000);
    for (let index = 0; index < filler.length; index += 1) filler[index] = 0x20 + (index % 90);
    const bytes = Buffer.concat([samplePdf(ID_NUMBER), filler]);
    const response = await upload(enterpriseAdmin, { name: '名册导出.pdf', bytes });
    expect(response.statusCode).toBe(201);
    const [row] = await t.handle.db.select().from(files).where(eq(files.id, response.json().id));
    if (fileStorage().store.kind === 'database') {
      // 2.6 MB encrypted: three rows of at most 1 MiB, read one at a time.
      const blob = (await t.handle.db.execute(sql`select chunks from file_blobs where name = ${row.blobName}`)) as unknown as { rows: { chunks: number }[] };
      expect(blob.rows[0].chunks).toBe(3);
    }
    const download = await enterpriseAdmin.get(`/api/v1/files/${row.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.length).toBe(bytes.length);
    expect(sha256(download.rawPayload)).toBe(sha256(bytes));
    expect(await storedPlacesContaining(ID_NUMBER)).toEqual([]);
  });

  it('writes each blob 0600 in folders 0700, whatever the umask of the process', async () => {
    if (fileStorage().store.kind !== 'folder') {
      // PostgreSQL: no blob touches the disk.
      expect(listFiles(filesDir).filter((file) => !file.startsWith('.tmp'))).toEqual([]);
      return;
    }
    const previous = process.umask(0o000);
    try {
      const response = await upload(enterpriseAdmin, { name: 'umask.pdf', bytes: samplePdf('written under umask 000') });
      expect(response.statusCode).toBe(201);
    } finally {
      process.umask(previous);
    }
    const modes = listFiles(filesDir).map((file) => fs.statSync(path.join(filesDir, file)).mode & 0o777);
    expect(modes.length).toBeGreaterThan(0);
    expect(new Set(modes)).toEqual(new Set([0o600]));
    for (const file of listFiles(filesDir)) {
      for (let dir = path.dirname(path.join(filesDir, file)); dir.startsWith(filesDir) && dir !== filesDir; dir = path.dirname(dir)) {
        expect(fs.statSync(dir).mode & 0o777, dir).toBe(0o700);
      }
    }
  });
});

describe('downloads are audited', () => {
  it('writes file.downloaded (who, which file, which route) for a download and a preview, and nothing for a refusal', async () => {
    const bytes = samplePdf(`导入文件 ${ID_NUMBER}`);
    const id = (await upload(enterpriseAdmin, { name: '职工名册.pdf', bytes })).json().id as string;
    expect(await downloadEntries(id)).toHaveLength(0);
    expect((await admin.get(`/api/v1/files/${id}`)).statusCode).toBe(200);
    expect((await enterpriseAdmin.get(`/api/v1/files/${id}?inline=1`)).statusCode).toBe(200);
    expect((await outsider.get(`/api/v1/files/${id}`)).statusCode).toBe(404);
    const entries = await downloadEntries(id);
    expect(entries.map((entry) => entry.actorId).sort()).toEqual([admin.me.id, enterpriseAdmin.me.id].sort());
    for (const entry of entries) {
      expect(entry).toMatchObject({ targetType: 'file', organisationId: enterprise.id });
      expect(entry.after).toMatchObject({ name: '职工名册.pdf', size: bytes.length, sha256: sha256(bytes), route: 'files' });
    }
    // The enterprise's own administrator sees them in the audit log of the organisation.
    const listed = await enterpriseAdmin.get(`/api/v1/audit?action=file.downloaded&limit=50`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.filter((item: { targetId: string }) => item.targetId === id)).toHaveLength(2);
    const verify = await admin.get('/api/v1/audit/verify');
    expect(verify.json()).toMatchObject({ intact: true, keyed: true });
  });
});

describe('files stored in clear by an earlier release', () => {
  it('still download (read from the folder), then are encrypted into the store and the clear copy removed', async () => {
    const bytes = samplePdf(`旧版本保存的文件 ${ID_NUMBER}`);
    const hash = sha256(bytes);
    // What the release before encryption at rest left: a row without blob, the bytes at files/ab/cd/<sha256>.
    const clear = blobPath(filesDir, hash);
    fs.mkdirSync(path.dirname(clear), { recursive: true });
    fs.writeFileSync(clear, bytes, { mode: 0o644 });
    const [row] = await t.handle.db
      .insert(files)
      .values({ sha256: hash, size: bytes.length, mediaType: 'application/pdf', name: '旧文件.pdf', uploadedBy: enterpriseAdmin.me.id, organisationId: enterprise.id, organisationPath: (await orgPath(enterprise.id))! })
      .returning();
    const before = await enterpriseAdmin.get(`/api/v1/files/${row.id}`);
    expect(before.statusCode).toBe(200);
    expect(before.rawPayload.equals(bytes)).toBe(true);
    expect(await downloadEntries(row.id)).toHaveLength(1);

    const result = await encryptLegacyFiles(t.handle.db);
    expect(result).toMatchObject({ encrypted: 1, damaged: 0 });
    expect(fs.existsSync(clear)).toBe(false);
    const [after] = await t.handle.db.select().from(files).where(eq(files.id, row.id));
    expect(after.blobName).not.toBeNull();
    expect(await storedPlacesContaining(ID_NUMBER)).toEqual([]);
    const again = await enterpriseAdmin.get(`/api/v1/files/${row.id}`);
    expect(again.statusCode).toBe(200);
    expect(again.rawPayload.equals(bytes)).toBe(true);
    // A second run finds nothing left to do.
    expect(await encryptLegacyFiles(t.handle.db)).toEqual({ encrypted: 0, missing: 0, damaged: 0 });
  });
});

describe('the data folder is tightened at start and after a restore', () => {
  it('sets what an older release left 0666 / 0777 to 0600 / 0700, and leaves other things in DATA_DIR alone', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ptech-modes-'));
    try {
      fs.mkdirSync(path.join(folder, 'pglite', 'base', '1'), { recursive: true });
      fs.writeFileSync(path.join(folder, 'pglite', 'base', '1', '1259'), 'x');
      fs.mkdirSync(path.join(folder, 'files', 'ab', 'cd'), { recursive: true });
      fs.writeFileSync(path.join(folder, 'files', 'ab', 'cd', 'a'.repeat(64)), 'x');
      fs.writeFileSync(path.join(folder, 'notes.txt'), 'the administrator’s own file');
      for (const file of listFiles(folder)) fs.chmodSync(path.join(folder, file), 0o666);
      for (const dir of ['pglite', 'pglite/base', 'pglite/base/1', 'files', 'files/ab', 'files/ab/cd']) fs.chmodSync(path.join(folder, dir), 0o777);
      fs.chmodSync(folder, 0o777);
      expect(secureDataDir(folder)).toBe(9);
      expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(folder, 'pglite', 'base', '1')).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(folder, 'pglite', 'base', '1', '1259')).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.join(folder, 'files', 'ab', 'cd', 'a'.repeat(64))).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.join(folder, 'notes.txt')).mode & 0o777).toBe(0o666);
      expect(secureDataDir(folder)).toBe(0);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

async function orgPath(id: string): Promise<string | undefined> {
  const result = (await t.handle.db.execute(sql`select path from organisations where id = ${id}`)) as unknown as { rows: { path: string }[] };
  return result.rows[0]?.path;
}
