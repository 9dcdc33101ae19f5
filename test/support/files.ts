// Bytes and multipart bodies for tests of uploads.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { blobPath, fileStorage } from '../../src/platform/files.ts';
import type { TestClient } from './test-app.ts';

/** A tiny but well-formed PDF. */
export function samplePdf(text = 'Principal Technician'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
      `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );
}

/** A 1×1 PNG. */
export function samplePng(): Buffer {
  return Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
}

/** The start of a JPEG (SOI + APP0 JFIF) with some bytes after it. */
export function sampleJpeg(): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0', 'latin1'), Buffer.alloc(64, 1), Buffer.from([0xff, 0xd9])]);
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A multipart/form-data body with one file part (and optional text fields). */
export function multipartBody(
  file: { name: string; bytes: Buffer; contentType?: string; field?: string },
  fields: Record<string, string> = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----ptech${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, 'utf8'));
  }
  chunks.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\n` +
        `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      'utf8',
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
  );
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Uploads through POST /api/v1/files as the client. */
export function upload(client: TestClient, file: { name: string; bytes: Buffer; contentType?: string }): Promise<LightMyRequestResponse> {
  const { payload, headers } = multipartBody(file);
  return client.request('POST', '/api/v1/files', payload, headers);
}

/** Every regular file below a directory, relative paths, sorted. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * The stored (encrypted) bytes of a blob, wherever the installation keeps them: the folder (PGlite)
 * or the `file_blob_chunks` rows (PostgreSQL). Null when there is no such blob.
 */
export async function storedBlob(db: Database, blobName: string): Promise<Buffer | null> {
  const { store } = fileStorage();
  if ((await store.size(db, blobName)) === null) return null;
  const pieces: Buffer[] = [];
  for await (const piece of store.read(db, blobName)) pieces.push(piece);
  return Buffer.concat(pieces);
}

/** Flips the last stored byte of a blob (a damaged disk, or a row edited around the system). */
export async function damageStoredBlob(db: Database, blobName: string): Promise<void> {
  const { store, filesDir } = fileStorage();
  if (store.kind === 'folder') {
    const file = blobPath(filesDir, blobName);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 1] ^= 0xff;
    fs.writeFileSync(file, bytes);
    return;
  }
  await db.execute(sql`update file_blob_chunks set data = overlay(data placing decode('ff', 'hex') from length(data) for 1)
    where blob_name = ${blobName} and seq = (select max(seq) from file_blob_chunks where blob_name = ${blobName})`);
}

/** Deletes a blob from the store (a lost file). */
export async function removeStoredBlob(db: Database, blobName: string): Promise<void> {
  const { store, filesDir } = fileStorage();
  if (store.kind === 'folder') fs.rmSync(blobPath(filesDir, blobName));
  else await db.execute(sql`delete from file_blobs where name = ${blobName}`);
}
