// Where the (encrypted) bytes of files live. Two stores, one interface:
//
//   folder    PGlite: `filesDir/ab/cd/<name>`, the name being the SHA-256 of the stored bytes; a blob
//             is written aside (`filesDir/.tmp`) and renamed into place when complete.
//   database  PostgreSQL (DATABASE_URL): `file_blob_chunks` rows of about 1 MiB and one `file_blobs`
//             row, written in the caller's transaction, so that every app process on the database
//             reaches every file and `pg_dump` holds them.
//
// Names are chosen by the store; the `files` row keeps the name (`blob_name`). Blobs never change.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { fileBlobChunks, fileBlobs } from '../db/schema.ts';
import { AppError } from './errors.ts';

export type BlobStoreKind = 'folder' | 'database';

export interface BlobStore {
  readonly kind: BlobStoreKind;
  /** Writes stored bytes; `db` is the transaction of the row that will name the blob. */
  put(db: Database, bytes: AsyncIterable<Buffer>): Promise<{ name: string; size: number }>;
  /** The stored size, or null when there is no such blob. */
  size(db: Database, name: string): Promise<number | null>;
  /** The stored bytes in order; fails with FILE_UNREADABLE when the blob is gone. */
  read(db: Database, name: string): AsyncIterable<Buffer>;
}

const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** A blob's place in a folder: `dir/ab/cd/<name>`. Refuses anything but a SHA-256 in hex. */
export function blobPath(filesDir: string, name: string): string {
  if (!SHA256_PATTERN.test(name)) throw new Error('not a SHA-256');
  return path.join(filesDir, name.slice(0, 2), name.slice(2, 4), name);
}

/** Partial writes go here (same file system as the blobs, so that a rename is atomic); never backed up. */
export function temporaryDir(filesDir: string): string {
  return path.join(filesDir, '.tmp');
}

function unreadable(): AppError {
  return new AppError('FILE_UNREADABLE');
}

export function folderBlobStore(filesDir: string): BlobStore {
  return {
    kind: 'folder',
    async put(_db, bytes) {
      await fs.promises.mkdir(temporaryDir(filesDir), { recursive: true, mode: 0o700 });
      const temporary = path.join(temporaryDir(filesDir), `${randomBytes(12).toString('hex')}.partial`);
      const hash = createHash('sha256');
      let size = 0;
      try {
        const handle = await fs.promises.open(temporary, 'wx', 0o600);
        try {
          for await (const piece of bytes) {
            hash.update(piece);
            size += piece.length;
            await handle.write(piece);
          }
          await handle.sync();
        } finally {
          await handle.close();
        }
        const name = hash.digest('hex');
        const target = blobPath(filesDir, name);
        await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
        await fs.promises.rename(temporary, target);
        return { name, size };
      } finally {
        await fs.promises.rm(temporary, { force: true });
      }
    },
    async size(_db, name) {
      const stat = await fs.promises.stat(blobPath(filesDir, name)).catch(() => null);
      return stat?.isFile() ? stat.size : null;
    },
    async *read(_db, name) {
      let stream: fs.ReadStream;
      try {
        const handle = await fs.promises.open(blobPath(filesDir, name), 'r');
        stream = handle.createReadStream({ highWaterMark: 256 * 1024 });
      } catch {
        throw unreadable();
      }
      for await (const piece of stream) yield piece as Buffer;
    },
  };
}

/** Stored bytes per `file_blob_chunks` row. */
export const DATABASE_CHUNK_BYTES = 1024 * 1024;

export function databaseBlobStore(): BlobStore {
  return {
    kind: 'database',
    async put(db, bytes) {
      const name = randomUUID();
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let seq = 0;
      let size = 0;
      const flush = async () => {
        if (!pendingBytes) return;
        const data = Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        await db.insert(fileBlobChunks).values({ blobName: name, seq, data });
        seq += 1;
      };
      for await (const piece of bytes) {
        pending.push(piece);
        pendingBytes += piece.length;
        size += piece.length;
        if (pendingBytes >= DATABASE_CHUNK_BYTES) await flush();
      }
      await flush();
      await db.insert(fileBlobs).values({ name, size, chunks: seq });
      return { name, size };
    },
    async size(db, name) {
      const [row] = await db.select({ size: fileBlobs.size }).from(fileBlobs).where(eq(fileBlobs.name, name));
      return row ? row.size : null;
    },
    async *read(db, name) {
      const [blob] = await db.select({ chunks: fileBlobs.chunks }).from(fileBlobs).where(eq(fileBlobs.name, name));
      if (!blob) throw unreadable();
      // One row at a time: a download of a large file holds about 1 MiB of it in memory.
      for (let seq = 0; seq < blob.chunks; seq += 1) {
        const [row] = await db
          .select({ data: fileBlobChunks.data })
          .from(fileBlobChunks)
          .where(and(eq(fileBlobChunks.blobName, name), eq(fileBlobChunks.seq, seq)));
        if (!row) throw unreadable();
        yield row.data;
      }
    },
  };
}

/** Database blobs no `files` row names, older than `olderThan`: deleted (with their chunks); their names returned. */
export async function removeUnreferencedDatabaseBlobs(db: Database, olderThan: Date): Promise<string[]> {
  return db.transaction(async (tx) => {
    const result = (await tx.execute(sql`
      delete from file_blobs b
      where b.created_at < ${olderThan.toISOString()}::timestamptz
        and not exists (select 1 from files f where f.blob_name = b.name)
      returning b.name`)) as unknown as { rows: { name: string }[] };
    const names = result.rows.map((row) => row.name);
    if (names.length) await tx.execute(sql`delete from file_blob_chunks where blob_name = any(${sql.param(names)}::text[])`);
    return names;
  });
}
