import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, files } from '../../src/db/schema.ts';
import { systemContext } from '../../src/platform/context.ts';
import { blobPath, fileStorage, readFile, readFileUnscoped, removeOrphanBlobs, storeFile } from '../../src/platform/files.ts';
import { contextFor } from '../support/actors.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { damageStoredBlob, listFiles, multipartBody, removeStoredBlob, samplePdf, samplePng, sampleJpeg, sha256, storedBlob, upload } from '../support/files.ts';
import { sql } from 'drizzle-orm';
import { testClock } from '../support/clock.ts';

let t: TestApp;
let dataDir: string;
let filesDir: string;
let admin: TestClient;
let provinceAdmin: TestClient;
let enterpriseAdmin: TestClient;
let employee: TestClient;
let colleague: TestClient;
let foreignAdmin: TestClient;
let enterpriseId: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptech-files-'));
  filesDir = path.join(dataDir, 'files');
  t = await createTestApp({ dataDir, filesDir, jobs: false });
  admin = await t.admin();
  const province = await buildProvince(admin);
  const otherProvince = await buildProvince(admin, { name: '吉林省人力资源和社会保障厅', provinceCode: '22' });
  const enterprise = await buildEnterprise(admin, province.id);
  const otherEnterprise = await buildEnterprise(admin, otherProvince.id, {
    institution: { category: 'Y', institutionCode: '0000', provinceCode: '22', siteCode: '000077' },
  });
  enterpriseId = enterprise.id;
  const login = async (organisationId: string, role: string) => {
    const user = await buildUser(admin, organisationId, [role]);
    return t.login(user.username, user.password);
  };
  provinceAdmin = await login(province.id, 'department-admin');
  enterpriseAdmin = await login(enterprise.id, 'enterprise-admin');
  employee = await login(enterprise.id, 'employee');
  colleague = await login(enterprise.id, 'employee');
  foreignAdmin = await login(otherEnterprise.id, 'enterprise-admin');
}, 120_000);
afterAll(async () => {
  await t?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function fileRows() {
  return t.handle.db.select().from(files);
}

describe('POST /api/v1/files', () => {
  it('stores a PDF encrypted at rest (PGlite: sharded folders; PostgreSQL: the database) and answers its metadata', async () => {
    const bytes = samplePdf('first');
    const response = await upload(employee, { name: '职业资格证书.pdf', bytes, contentType: 'application/pdf' });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(['id', 'mediaType', 'name', 'sha256', 'size']);
    expect(body).toMatchObject({ name: '职业资格证书.pdf', size: bytes.length, mediaType: 'application/pdf', sha256: sha256(bytes) });
    const [row] = await t.handle.db.select().from(files).where(eq(files.id, body.id));
    expect(row).toMatchObject({ uploadedBy: employee.me.id, organisationId: enterpriseId, mediaType: 'application/pdf' });
    const stored = await storedBlob(t.handle.db, row.blobName!);
    expect(stored!.subarray(0, 4).toString('latin1')).toBe('PTF1');
    expect(stored!.includes(Buffer.from('%PDF'))).toBe(false);
    if (fileStorage().store.kind === 'folder') {
      // Named by the SHA-256 of the stored bytes, in sharded folders; nothing named by the content's hash.
      expect(row.blobName).toBe(sha256(stored!));
      expect(fs.existsSync(blobPath(filesDir, row.blobName!))).toBe(true);
      expect(fs.existsSync(blobPath(filesDir, body.sha256))).toBe(false);
    } else {
      expect(listFiles(filesDir).filter((file) => !file.startsWith('.tmp'))).toEqual([]);
    }
    const audit = await t.handle.db.select().from(auditLog).where(eq(auditLog.targetId, body.id));
    expect(audit.map((entry) => entry.action)).toEqual(['file.stored']);
  });

  it('decides the type by content, not by the name or the header, and fixes the extension', async () => {
    const png = await upload(employee, { name: 'photo.pdf', bytes: samplePng(), contentType: 'application/pdf' });
    expect(png.statusCode).toBe(201);
    expect(png.json()).toMatchObject({ mediaType: 'image/png', name: 'photo.pdf.png' });
    const jpeg = await upload(employee, { name: '一寸照片.JPG', bytes: sampleJpeg(), contentType: 'text/plain' });
    expect(jpeg.json()).toMatchObject({ mediaType: 'image/jpeg', name: '一寸照片.jpg' });
  });

  it('refuses other content with a bilingual 415 and stores nothing', async () => {
    const rowsBefore = (await fileRows()).length;
    const diskBefore = listFiles(filesDir).filter((file) => !file.startsWith('.tmp'));
    for (const [name, bytes] of [
      ['evidence.pdf', Buffer.from('<html><script>alert(1)</script></html>')],
      ['tool.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)])],
      ['almost.pdf', Buffer.from('%PD')],
      ['archive.png', Buffer.from('PK\u0003\u0004not really a zip')],
    ] as const) {
      const response = await upload(employee, { name, bytes, contentType: 'application/pdf' });
      expect(response.statusCode, name).toBe(415);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const body = response.json();
      expect(body.code).toBe('FILE_TYPE_NOT_ALLOWED');
      expect(body.messages['zh-CN']).toContain('PDF、JPG、PNG');
      expect(body.messages.en).toBe('Only PDF, JPG, PNG files are accepted; the content is none of these (judged by the content, not the name).');
    }
    expect((await fileRows()).length).toBe(rowsBefore);
    expect(listFiles(filesDir).filter((file) => !file.startsWith('.tmp'))).toEqual(diskBefore);
    expect(listFiles(path.join(filesDir, '.tmp'))).toEqual([]);
  });

  it('refuses a file over UPLOAD_MAX_BYTES with a bilingual 413 and stores nothing', async () => {
    const small = await createTestApp({ dataDir, filesDir, jobs: false, uploadMaxBytes: 4096 });
    try {
      const client = await small.admin();
      const rowsBefore = (await small.handle.db.select().from(files)).length;
      const diskBefore = listFiles(filesDir);
      const big = Buffer.concat([samplePdf(), Buffer.alloc(5000, 0x20)]);
      const response = await upload(client, { name: 'big.pdf', bytes: big });
      expect(response.statusCode).toBe(413);
      expect(response.json().code).toBe('FILE_TOO_LARGE');
      expect(response.json().messages['zh-CN']).toBe('文件超过大小上限 4 KiB。');
      expect(response.json().messages.en).toBe('The file exceeds the size limit of 4 KiB.');
      expect((await small.handle.db.select().from(files)).length).toBe(rowsBefore);
      expect(listFiles(filesDir)).toEqual(diskBefore);
      // Just under the limit is fine.
      const fits = await upload(client, { name: 'fits.pdf', bytes: Buffer.concat([samplePdf(), Buffer.alloc(3000, 0x20)]) });
      expect(fits.statusCode).toBe(201);
    } finally {
      await small.close();
    }
  });

  it('refuses an empty file, a request without a file, and a write without the CSRF header', async () => {
    const empty = await upload(employee, { name: 'empty.pdf', bytes: Buffer.alloc(0) });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('FILE_EMPTY');
    const json = await employee.post('/api/v1/files', { name: 'x.pdf' });
    expect(json.statusCode).toBe(400);
    expect(json.json().code).toBe('FILE_MISSING');
    const fieldsOnly = await employee.request('POST', '/api/v1/files', Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\n'), {
      'content-type': 'multipart/form-data; boundary=b',
    });
    expect(fieldsOnly.statusCode).toBe(400);
    expect(fieldsOnly.json().code).toBe('FILE_MISSING');
    const boundary = 'b2';
    const twoFiles = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n`),
      samplePdf('one of two'),
      Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="b.png"\r\n\r\n`),
      samplePng(),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const rowsBefore = (await fileRows()).length;
    const two = await employee.request('POST', '/api/v1/files', twoFiles, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(two.statusCode).toBe(400);
    expect(two.json().code).toBe('FILE_TOO_MANY');
    const garbage = await employee.request('POST', '/api/v1/files', Buffer.from('garbage'), { 'content-type': 'multipart/form-data; boundary=zz' });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().code).toBe('MULTIPART_INVALID');
    expect((await fileRows()).length).toBe(rowsBefore);
    const { payload, headers } = multipartBody({ name: 'a.pdf', bytes: samplePdf() });
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/v1/files', payload, headers, cookies: employee.cookies });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('CSRF_INVALID');
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/files', payload, headers });
    expect(anonymous.statusCode).toBe(401);
  });

  it('keeps only the last segment of a path-like name and never writes outside the files folder', async () => {
    const outside = listFiles(dataDir).filter((file) => !file.startsWith('files'));
    for (const [raw, kept] of [
      ['../../../../etc/passwd.pdf', 'passwd.pdf'],
      ['..\\..\\windows\\win.ini.pdf', 'win.ini.pdf'],
      ['/absolute/证明材料.pdf', '证明材料.pdf'],
      ['..', 'file.pdf'],
      ['报告\u202Efdp.exe', '报告fdp.exe.pdf'],
    ]) {
      const response = await upload(employee, { name: raw, bytes: samplePdf(raw) });
      expect(response.statusCode, raw).toBe(201);
      expect(response.json().name).toBe(kept);
    }
    expect(listFiles(dataDir).filter((file) => !file.startsWith('files'))).toEqual(outside);
    for (const file of listFiles(filesDir)) expect(file).toMatch(/^([0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}|\.tmp\/.*)$/);
    const traversal = await employee.get('/api/v1/files/..%2F..%2Fetc%2Fpasswd');
    expect(traversal.statusCode).toBe(400);
  });

  it('shares one blob between uploads of the same bytes', async () => {
    const bytes = samplePdf('shared');
    const first = (await upload(employee, { name: 'a.pdf', bytes })).json();
    const second = (await upload(enterpriseAdmin, { name: 'b.pdf', bytes })).json();
    expect(first.id).not.toBe(second.id);
    expect(first.sha256).toBe(second.sha256);
    const rows = await t.handle.db.select().from(files).where(eq(files.sha256, first.sha256));
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((row) => row.blobName)).size).toBe(1);
  });
});

describe('GET /api/v1/files/:id', () => {
  let fileId: string;
  const bytes = samplePdf('download');
  beforeAll(async () => {
    fileId = (await upload(employee, { name: '技能大师 工作室（申报）.pdf', bytes })).json().id;
  });

  it('sends the bytes as an attachment with a UTF-8 file name, nosniff and the stored type', async () => {
    const response = await employee.get(`/api/v1/files/${fileId}`);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(bytes)).toBe(true);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="____ _______.pdf"; filename*=UTF-8''${encodeURIComponent('技能大师 工作室（申报）.pdf')}`,
    );
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['cache-control']).toBe('private, no-store');
  });

  it('previews inline with a sandboxing CSP', async () => {
    const response = await employee.get(`/api/v1/files/${fileId}?inline=1`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/^inline; /);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toMatch(/^sandbox;/);
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    const image = (await upload(employee, { name: 'p.png', bytes: samplePng() })).json();
    const preview = await employee.get(`/api/v1/files/${image.id}?inline=1`);
    expect(preview.headers['content-type']).toBe('image/png');
    expect(preview.headers['content-disposition']).toMatch(/^inline; /);
  });

  it('serves the uploader and administrators at or above the organisation, and nobody else', async () => {
    expect((await employee.get(`/api/v1/files/${fileId}`)).statusCode).toBe(200);
    expect((await enterpriseAdmin.get(`/api/v1/files/${fileId}`)).statusCode).toBe(200);
    expect((await provinceAdmin.get(`/api/v1/files/${fileId}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/files/${fileId}`)).statusCode).toBe(200);
    for (const outsider of [colleague, foreignAdmin]) {
      const response = await outsider.get(`/api/v1/files/${fileId}`);
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('NOT_FOUND');
    }
    const missing = await admin.get('/api/v1/files/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
  });
});

describe('storeFile and readFile', () => {
  it('store for a user in a system context, read back verified, and refuse a damaged blob', async () => {
    const bytes = samplePdf('generated certificate');
    const stored = await storeFile(t.handle.db, systemContext(testClock(), 'job:test'), {
      name: '证书.pdf',
      bytes,
      organisationId: enterpriseId,
      uploadedBy: colleague.me.id,
    });
    expect(stored).toMatchObject({ name: '证书.pdf', organisationId: enterpriseId, uploadedBy: colleague.me.id });
    const colleagueContext = await contextFor(t.handle.db, colleague.me.id, t.clock);
    const read = await readFile(t.handle.db, colleagueContext, stored.id);
    expect(read.bytes.equals(bytes)).toBe(true);
    expect((await readFileUnscoped(t.handle.db, stored.id)).file.id).toBe(stored.id);

    const [row] = await t.handle.db.select().from(files).where(eq(files.id, stored.id));
    await damageStoredBlob(t.handle.db, row.blobName!);
    await expect(readFile(t.handle.db, colleagueContext, stored.id)).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
    // The first chunk (64 KiB, here the whole file) is decrypted before the answer starts: an altered blob is a 500, never wrong bytes.
    const download = await colleague.get(`/api/v1/files/${stored.id}`);
    expect(download.statusCode).toBe(500);
    expect(download.json().code).toBe('FILE_UNREADABLE');
    await removeStoredBlob(t.handle.db, row.blobName!);
    const gone = await colleague.get(`/api/v1/files/${stored.id}`);
    expect(gone.statusCode).toBe(500);
    expect(gone.json().code).toBe('FILE_UNREADABLE');
    // Storing the same bytes again repairs the blob.
    await storeFile(t.handle.db, systemContext(testClock(), 'job:test'), { name: 'again.pdf', bytes, organisationId: enterpriseId });
    expect((await readFile(t.handle.db, colleagueContext, stored.id)).bytes.equals(bytes)).toBe(true);
  });

  it('removes blobs that no row refers to, and only those', async () => {
    const orphan = Buffer.from('%PDF-orphan');
    const orphanPath = blobPath(filesDir, sha256(orphan));
    fs.mkdirSync(path.dirname(orphanPath), { recursive: true });
    fs.writeFileSync(orphanPath, orphan);
    const old = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(orphanPath, old, old);
    for (const file of listFiles(filesDir)) fs.utimesSync(path.join(filesDir, file), old, old);
    const referenced = new Set((await fileRows()).map((row) => row.blobName!));
    // The other app of this file (the size-limit test) stored a blob in the same folder from its own database.
    const expected = listFiles(filesDir)
      .filter((file) => !file.startsWith('.tmp'))
      .map((file) => path.basename(file))
      .filter((name) => !referenced.has(name));
    expect(expected).toContain(sha256(orphan));
    if (fileStorage().store.kind === 'database') {
      // A blob whose row was never committed, written two hours ago.
      await t.handle.db.execute(sql`insert into file_blobs (name, size, chunks, created_at) values ('orphan-blob', 1, 1, now() - interval '2 hours')`);
      await t.handle.db.execute(sql`insert into file_blob_chunks (blob_name, seq, data) values ('orphan-blob', 0, decode('00', 'hex'))`);
      expected.push('orphan-blob');
    }
    expect((await removeOrphanBlobs(t.handle.db)).sort()).toEqual(expected.sort());
    expect(fs.existsSync(orphanPath)).toBe(false);
    if (fileStorage().store.kind === 'folder') expect(listFiles(filesDir).map((file) => path.basename(file)).sort()).toEqual([...referenced].sort());
    else {
      const left = (await t.handle.db.execute(sql`select name from file_blobs order by name`)) as unknown as { rows: { name: string }[] };
      expect(left.rows.map((blob) => blob.name).sort()).toEqual([...referenced].sort());
      const chunks = (await t.handle.db.execute(sql`select count(*)::int as n from file_blob_chunks where blob_name = 'orphan-blob'`)) as unknown as { rows: { n: number }[] };
      expect(chunks.rows[0].n).toBe(0);
    }
    for (const row of await fileRows()) expect((await readFileUnscoped(t.handle.db, row.id)).bytes.length).toBe(row.size);
  });
});
