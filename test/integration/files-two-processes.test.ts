// Issue 22, "files every process can reach": with DATABASE_URL the encrypted file bytes live in
// PostgreSQL, so two app processes with different DATA_DIRs (two machines) serve each other's
// uploads, and neither writes a blob to its own disk. Real `npm start` processes, as
// server-start.test.ts starts them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../support/test-db.ts';
import { serverProcesses, type Started } from '../support/server-process.ts';
import { listFiles, multipartBody, samplePdf, sha256 } from '../support/files.ts';

const { start, stop } = serverProcesses(90_000);

const ID_NUMBER = '11010519491231002X';

describe.runIf(testEngine() === 'postgres')('two app processes with different DATA_DIRs on one PostgreSQL', () => {
  const name = `ptech_files_two_${Date.now()}`;
  const dataDirs = [fs.mkdtempSync(path.join(os.tmpdir(), 'ptech-files-one-')), fs.mkdtempSync(path.join(os.tmpdir(), 'ptech-files-two-'))];
  let one: Started;
  let two: Started;
  let databaseUrl: string;
  const adminUrl = () => process.env.TEST_DATABASE_URL!;

  async function query<T>(text: string, values: unknown[] = []): Promise<T[]> {
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: adminUrl() });
    await client.connect();
    await client.query(`create database ${name}`);
    await client.end();
    const url = new URL(adminUrl());
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    const env = { DATABASE_URL: databaseUrl, ADMIN_PASSWORD: 'Shared-root-2021-hx', PERSONAL_DATA_KEY: 'b'.repeat(64) };
    one = await start({ ...env, DATA_DIR: dataDirs[0] });
    two = await start({ ...env, DATA_DIR: dataDirs[1] });
  }, 200_000);

  afterAll(async () => {
    await Promise.all([one && stop(one), two && stop(two)]);
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
    const pg = await import('pg');
    const dropper = new pg.default.Client({ connectionString: adminUrl() });
    await dropper.connect();
    await dropper.query(`drop database if exists ${name} with (force)`);
    await dropper.end();
  });

  it('an upload through one downloads through the other, encrypted in the database, audited, and on neither disk', async () => {
    const login = await fetch(`${one.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'Shared-root-2021-hx' }),
    });
    expect(login.status).toBe(200);
    const cookies = login.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
    const cookie = cookies.join('; ');
    const csrf = cookies.find((c) => c.startsWith('ptech_csrf='))!.split('=')[1];

    // Larger than one database row (1 MiB), with a full identity number in it.
    const bytes = Buffer.concat([samplePdf(`导入文件 ${ID_NUMBER}`), Buffer.alloc(1_500_000, 0x41)]);
    const { payload, headers } = multipartBody({ name: '职工名册导入.pdf', bytes, contentType: 'application/pdf' });
    const uploaded = await fetch(`${one.url}/api/v1/files`, { method: 'POST', headers: { ...headers, cookie, 'x-csrf-token': csrf }, body: new Uint8Array(payload) });
    expect(uploaded.status).toBe(201);
    const { id } = (await uploaded.json()) as { id: string };

    const downloaded = await fetch(`${two.url}/api/v1/files/${id}`, { headers: { cookie } });
    expect(downloaded.status).toBe(200);
    const received = Buffer.from(await downloaded.arrayBuffer());
    expect(received.length).toBe(bytes.length);
    expect(sha256(received)).toBe(sha256(bytes));

    // The bytes are in PostgreSQL (so pg_dump holds them), encrypted; no blob on either machine's disk.
    const [blob] = await query<{ chunks: number; size: string }>('select b.chunks, b.size from files f join file_blobs b on b.name = f.blob_name where f.id = $1', [id]);
    expect(blob.chunks).toBe(2);
    const plain = await query<{ n: number }>(`select count(*)::int as n from file_blob_chunks where position(convert_to($1, 'LATIN1') in data) > 0`, [ID_NUMBER]);
    expect(plain[0].n).toBe(0);
    for (const dir of dataDirs) expect(listFiles(path.join(dir, 'files')).filter((file) => !file.startsWith('.tmp'))).toEqual([]);

    // The download through the second process is in the one audit chain, which still verifies.
    const entries = await query<{ action: string; after: { route: string } }>(`select action, after from audit_log where target_id = $1 order by seq`, [id]);
    expect(entries.map((entry) => entry.action)).toEqual(['file.stored', 'file.downloaded']);
    expect(entries[1].after.route).toBe('files');
    const verify = await fetch(`${one.url}/api/v1/audit/verify`, { headers: { cookie } });
    expect(await verify.json()).toMatchObject({ intact: true, keyed: true });

    // Each process's data folder (its checkpoint file) is private.
    for (const dir of dataDirs) {
      expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
      for (const file of listFiles(dir)) expect(fs.statSync(path.join(dir, file)).mode & 0o777, file).toBe(0o600);
    }
  });
});
