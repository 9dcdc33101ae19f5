// Uploaded and generated files: the metadata in the `files` table, the bytes encrypted at rest
// (AES-256-GCM under a key derived from the personal data key, platform/file-crypto.ts) in the
// installation's blob store (platform/blob-store.ts): a folder under `filesDir` on PGlite, the
// database itself on PostgreSQL. A path is only ever built from a SHA-256 this code computed, never
// from anything a client sent. Every download is audited (`file.downloaded`).
//
//   const stored = await storeFile(db, context, { name: '职业资格证书.pdf', bytes });
//   const { file, bytes } = await readFile(db, context, stored.id);
//
// Who may read a file: its uploader, and users holding `file:read` whose organisation is the
// file's or above it (everyone else gets 404). A module that grants access by its own records (an
// expert reading the evidence of an application assigned to their committee) checks that itself
// and then calls `readFileUnscoped`.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { and, asc, eq, gt, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { files, organisations } from '../db/schema.ts';
import { writeAudit } from './audit.ts';
import { blobPath, databaseBlobStore, folderBlobStore, removeUnreferencedDatabaseBlobs, temporaryDir, type BlobStore } from './blob-store.ts';
import type { Config } from './config.ts';
import type { AuditContext, RequestContext } from './context.ts';
import { AppError } from './errors.ts';
import { decryptFile, encryptFile, encryptedSize } from './file-crypto.ts';
import { assertInScope, hasPermission, type Actor } from './policy.ts';
import { systemClock } from './clock.ts';

export type MediaTypeName = 'pdf' | 'jpeg' | 'png' | 'xlsx';

export interface MediaTypeInfo {
  name: MediaTypeName;
  mediaType: string;
  /** The first is the one added to a name that lacks a fitting extension. */
  extensions: readonly string[];
  label: string;
  /** Whether a browser may show it inside the page (images, PDF). */
  inline: boolean;
}

export const mediaTypes: Record<MediaTypeName, MediaTypeInfo> = {
  pdf: { name: 'pdf', mediaType: 'application/pdf', extensions: ['.pdf'], label: 'PDF', inline: true },
  jpeg: { name: 'jpeg', mediaType: 'image/jpeg', extensions: ['.jpg', '.jpeg'], label: 'JPG', inline: true },
  png: { name: 'png', mediaType: 'image/png', extensions: ['.png'], label: 'PNG', inline: true },
  xlsx: {
    name: 'xlsx',
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['.xlsx'],
    label: 'Excel (.xlsx)',
    inline: false,
  },
};

/** What evidence uploads may be. */
export const EVIDENCE_TYPES: readonly MediaTypeName[] = ['pdf', 'jpeg', 'png'];

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function startsWith(bytes: Uint8Array, magic: Buffer): boolean {
  return bytes.length >= magic.length && magic.every((byte, index) => bytes[index] === byte);
}

/** The names in a ZIP's central directory, or null when the bytes are not a well-formed ZIP. */
function zipEntryNames(bytes: Buffer): string[] | null {
  if (!startsWith(bytes, Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return null;
  // The end-of-central-directory record sits in the last 22 + 65535 bytes.
  const from = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= from; at -= 1) {
    if (bytes.readUInt32LE(at) !== 0x06054b50) continue;
    const count = bytes.readUInt16LE(at + 10);
    let offset = bytes.readUInt32LE(at + 16);
    const names: string[] = [];
    for (let index = 0; index < count; index += 1) {
      if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== 0x02014b50) return null;
      const nameLength = bytes.readUInt16LE(offset + 28);
      const extraLength = bytes.readUInt16LE(offset + 30);
      const commentLength = bytes.readUInt16LE(offset + 32);
      if (offset + 46 + nameLength > bytes.length) return null;
      names.push(bytes.toString('utf8', offset + 46, offset + 46 + nameLength));
      offset += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  }
  return null;
}

/** The type of the content, from its first bytes (and, for .xlsx, its ZIP directory); null when none of ours. */
export function detectMediaType(bytes: Uint8Array): MediaTypeInfo | null {
  if (startsWith(bytes, PDF_MAGIC)) return mediaTypes.pdf;
  if (startsWith(bytes, JPEG_MAGIC)) return mediaTypes.jpeg;
  if (startsWith(bytes, PNG_MAGIC)) return mediaTypes.png;
  const names = zipEntryNames(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (names && names.includes('[Content_Types].xml') && names.includes('xl/workbook.xml')) return mediaTypes.xlsx;
  return null;
}

const MAX_NAME_CHARACTERS = 100;
const MAX_NAME_BYTES = 200;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * A client's file name made safe to keep and to offer back: the last path segment only; no
 * control, format (bidi override, zero-width) or line-separator characters; no characters Windows
 * forbids; no leading dots; at most 100 characters and 200 UTF-8 bytes, the extension kept; Chinese
 * and other letters untouched. With a type, an extension that does not fit it is followed by one that does.
 */
export function sanitiseFileName(raw: string, type?: MediaTypeInfo): string {
  let name = String(raw ?? '').normalize('NFC');
  name = name.split(/[\\/]/).pop() ?? '';
  name = name.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]/gu, '');
  name = name.replace(/[<>:"|?*]/g, '_');
  name = name.replace(/\s+/gu, ' ').trim();
  name = name.replace(/^[.\s]+/u, '').replace(/[.\s]+$/u, '');
  let extension = path.extname(name).toLowerCase();
  let stem = extension ? name.slice(0, -extension.length) : name;
  if (type && !type.extensions.includes(extension)) {
    extension = type.extensions[0];
    stem = name;
  }
  if (!/^\.[a-z0-9]{1,10}$/.test(extension)) {
    stem = name;
    extension = '';
  }
  if (WINDOWS_RESERVED.test(stem)) stem = `_${stem}`;
  if (!stem) stem = 'file';
  const characters = [...stem];
  const fits = () =>
    characters.length + extension.length <= MAX_NAME_CHARACTERS &&
    Buffer.byteLength(characters.join('') + extension, 'utf8') <= MAX_NAME_BYTES;
  while (characters.length > 1 && !fits()) characters.pop();
  return characters.join('').trimEnd() + extension;
}

/** `Content-Disposition` for a name of any script: an ASCII fallback and the exact name in RFC 5987 form. */
export function contentDisposition(disposition: 'attachment' | 'inline', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_') || 'file';
  const encoded = encodeURIComponent(name).replace(/['()*!]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export interface FileStorageSettings {
  filesDir: string;
  uploadMaxBytes: number;
  /** Where the encrypted blobs live: the folder (PGlite) or the database (PostgreSQL). */
  store: BlobStore;
}

let storage: FileStorageSettings | null = null;

/**
 * Where this process keeps blobs and how large they may be; buildApp (and the CLI) call it at
 * start-up. On PostgreSQL (`engine`, or else DATABASE_URL) the blobs live in the database, so that
 * every app process reaches every file; on PGlite in `filesDir`.
 */
export function configureFileStorage(settings: Pick<Config, 'filesDir' | 'uploadMaxBytes' | 'databaseUrl'>, engine?: 'pglite' | 'postgres'): void {
  const filesDir = path.resolve(settings.filesDir);
  const onPostgres = (engine ?? (settings.databaseUrl ? 'postgres' : 'pglite')) === 'postgres';
  storage = { filesDir, uploadMaxBytes: settings.uploadMaxBytes, store: onPostgres ? databaseBlobStore() : folderBlobStore(filesDir) };
}

export function fileStorage(): FileStorageSettings {
  if (!storage) throw new Error('file storage is not configured: buildApp (or configureFileStorage) must run first');
  return storage;
}

export { blobPath, temporaryDir };

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} B`;
}

export function fileTooLarge(limit: number): AppError {
  return new AppError('FILE_TOO_LARGE', { limit: formatBytes(limit), limitBytes: limit });
}

export function typeNotAllowed(accept: readonly MediaTypeName[]): AppError {
  const labels = accept.map((name) => mediaTypes[name].label);
  return new AppError('FILE_TYPE_NOT_ALLOWED', { allowed: labels.join(', '), allowedZh: labels.join('、') });
}

export interface StoredFile {
  id: string;
  name: string;
  size: number;
  mediaType: string;
  sha256: string;
  organisationId: string;
  uploadedBy: string | null;
  createdAt: string;
}

type FileRow = typeof files.$inferSelect;

function toStoredFile(row: FileRow): StoredFile {
  return {
    id: row.id,
    name: row.name,
    size: row.size,
    mediaType: row.mediaType,
    sha256: row.sha256,
    organisationId: row.organisationId,
    uploadedBy: row.uploadedBy,
    createdAt: row.createdAt.toISOString(),
  };
}

export interface StoreFileInput {
  /** The client's file name; sanitised before it is kept. */
  name: string;
  bytes: Uint8Array;
  /** The types accepted, judged by content; evidence types (PDF, JPG, PNG) when absent. */
  accept?: readonly MediaTypeName[];
  /** The organisation the file belongs to: the actor's own when absent; required in a system context. */
  organisationId?: string;
  /** In a system context (a job), the user the file is made for, who may then read it. */
  uploadedBy?: string | null;
  /** The size limit, when the caller's differs from the process's UPLOAD_MAX_BYTES. */
  maxBytes?: number;
}

const FILE_LOCK_KEY = 727_210_004;

/** The plaintext of a blob, collected and checked against the SHA-256 the row keeps. */
async function collect(pieces: AsyncIterable<Buffer>, sha256: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const hash = createHash('sha256');
  for await (const piece of pieces) {
    hash.update(piece);
    chunks.push(piece);
  }
  if (hash.digest('hex') !== sha256) throw new AppError('FILE_UNREADABLE');
  return Buffer.concat(chunks);
}

/** Whether the store holds a complete, readable blob of this content under `name`. */
async function blobIsSound(db: Database, store: BlobStore, name: string, sha256: string, size: number): Promise<boolean> {
  if ((await store.size(db, name)) !== encryptedSize(size)) return false;
  return collect(decryptFile(store.read(db, name), sha256), sha256).then(
    () => true,
    () => false,
  );
}

/**
 * The blob for a content, inside the transaction that holds the content's lock: the one a row of
 * the same content already names when it is sound, else a new one (encrypted), which every row of
 * that content is then pointed at (a damaged or lost blob is repaired by storing the bytes again).
 */
async function blobFor(tx: Database, content: { sha256: string; size: number; bytes: Uint8Array | AsyncIterable<Uint8Array> }): Promise<string> {
  const { store } = fileStorage();
  const [existing] = await tx
    .select({ blobName: files.blobName })
    .from(files)
    .where(and(eq(files.sha256, content.sha256), isNotNull(files.blobName)))
    .limit(1);
  if (existing?.blobName && (await blobIsSound(tx, store, existing.blobName, content.sha256, content.size))) return existing.blobName;
  const written = await store.put(tx, encryptFile(content.bytes, content.sha256));
  await tx.update(files).set({ blobName: written.name }).where(eq(files.sha256, content.sha256));
  return written.name;
}

async function organisationFor(db: Database, context: AuditContext, organisationId: string | undefined) {
  if (!organisationId && context.actor) return { id: context.actor.organisationId, path: context.actor.organisationPath };
  if (!organisationId) throw new Error('storeFile in a system context needs the organisationId the file belongs to');
  const [row] = await db.select({ id: organisations.id, path: organisations.path }).from(organisations).where(eq(organisations.id, organisationId));
  if (context.actor) assertInScope(context.actor, row?.path);
  if (!row) throw new Error(`no organisation ${organisationId}`);
  return row;
}

/**
 * Stores bytes for a user (or, in a system context, for an organisation): checks size and type by
 * content first (nothing is written when they are refused), then, in one transaction, writes the
 * blob (encrypted, once per content), the row and the audit entry. A failure leaves no row; a blob
 * is only ever complete (folder: written aside, then renamed into place; database: in the transaction).
 */
export async function storeFile(db: Database, context: AuditContext, input: StoreFileInput): Promise<StoredFile> {
  const { uploadMaxBytes } = fileStorage();
  const accept = input.accept ?? EVIDENCE_TYPES;
  const maxBytes = input.maxBytes ?? uploadMaxBytes;
  if (input.bytes.byteLength > maxBytes) throw fileTooLarge(maxBytes);
  if (input.bytes.byteLength === 0) throw new AppError('FILE_EMPTY');
  const type = detectMediaType(input.bytes);
  if (!type || !accept.includes(type.name)) throw typeNotAllowed(accept);
  const name = sanitiseFileName(input.name, type);
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const organisation = await organisationFor(db, context, input.organisationId);
  const uploadedBy = context.actor ? context.actor.userId : (input.uploadedBy ?? null);
  const row = await db.transaction(async (tx) => {
    // Serialises stores of the same content, so that a blob is never half-written while another
    // request finds it present.
    await tx.execute(sql`select pg_advisory_xact_lock(${FILE_LOCK_KEY}, hashtext(${sha256}))`);
    const blobName = await blobFor(tx, { sha256, size: input.bytes.byteLength, bytes: input.bytes });
    const [created] = await tx
      .insert(files)
      .values({ sha256, size: input.bytes.byteLength, mediaType: type.mediaType, name, uploadedBy, organisationId: organisation.id, organisationPath: organisation.path, blobName })
      .returning();
    await writeAudit(tx, context, {
      action: 'file.stored',
      targetType: 'file',
      targetId: created.id,
      organisationId: organisation.id,
      organisationPath: organisation.path,
      after: { name, size: created.size, mediaType: created.mediaType, sha256 },
    });
    return created;
  });
  // Every row of this content now names the encrypted blob: a copy kept in clear from before
  // encryption at rest (named by the content's SHA-256) is of no further use.
  await fs.promises.rm(blobPath(fileStorage().filesDir, sha256), { force: true });
  return toStoredFile(row);
}

function mayRead(actor: Actor, row: FileRow): boolean {
  return row.uploadedBy === actor.userId || hasPermission(actor, 'file:read');
}

async function loadRow(db: Database, id: string): Promise<FileRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db.select().from(files).where(eq(files.id, id));
  return row;
}

async function findRow(db: Database, context: { actor: Actor }, id: string): Promise<FileRow> {
  const row = await loadRow(db, id);
  assertInScope(context.actor, row?.organisationPath);
  if (!row || !mayRead(context.actor, row)) throw new AppError('NOT_FOUND');
  return row;
}

/** The file's metadata, if the actor may read it (404 otherwise, whether or not it exists). */
export async function findFile(db: Database, context: { actor: Actor }, id: string): Promise<StoredFile> {
  return toStoredFile(await findRow(db, context, id));
}

/** A file stored in clear before encryption at rest (no blob yet): its bytes in this process's folder, if there. */
async function* legacyBlob(row: FileRow): AsyncGenerator<Buffer> {
  let stream: fs.ReadStream;
  try {
    const handle = await fs.promises.open(blobPath(fileStorage().filesDir, row.sha256), 'r');
    stream = handle.createReadStream({ highWaterMark: 256 * 1024 });
  } catch {
    throw new AppError('FILE_UNREADABLE');
  }
  for await (const piece of stream) yield piece as Buffer;
}

/** The plaintext of a row's blob, as it is read and decrypted. */
function plaintextOf(db: Database, row: FileRow): AsyncGenerator<Buffer> {
  if (!row.blobName) return legacyBlob(row);
  return decryptFile(fileStorage().store.read(db, row.blobName), row.sha256);
}

/**
 * The file and its bytes (decrypted, checked against the SHA-256), if the actor may read it. Not a
 * download by itself: a caller that hands the bytes to a user records it (`recordFileDownload`).
 */
export async function readFile(db: Database, context: { actor: Actor }, id: string): Promise<{ file: StoredFile; bytes: Buffer }> {
  const row = await findRow(db, context, id);
  return { file: toStoredFile(row), bytes: await collect(plaintextOf(db, row), row.sha256) };
}

/**
 * The SHA-256 of each file's content (the plaintext), by id, with no scope check: for a module that
 * fingerprints the files its own records refer to (evidence-claims). Ids of no file are left out.
 */
export async function fileDigests(db: Database, ids: readonly string[]): Promise<Map<string, { sha256: string; name: string }>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: files.id, sha256: files.sha256, name: files.name }).from(files).where(inArray(files.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, { sha256: row.sha256, name: row.name }]));
}

/** For a module that has decided access by its own records: the file and its bytes, with no scope check. */
export async function readFileUnscoped(db: Database, id: string): Promise<{ file: StoredFile; bytes: Buffer }> {
  const row = await loadRow(db, id);
  if (!row) throw new AppError('NOT_FOUND');
  return { file: toStoredFile(row), bytes: await collect(plaintextOf(db, row), row.sha256) };
}

/** Where a download was made: the file route, or a module's own route that decided access. */
export type FileDownloadRoute = 'files' | 'review-evidence' | 'review-document';

/**
 * Records that a user was handed a file's content (`file.downloaded`: who, which file, when, by
 * which route), in an audit entry of the file's organisation. Every file may hold personal data
 * (identity numbers in imports, exports and print files; scans of certificates in evidence).
 */
export async function recordFileDownload(db: Database, context: AuditContext, fileId: string, route: FileDownloadRoute): Promise<void> {
  const row = await loadRow(db, fileId);
  if (!row) throw new AppError('NOT_FOUND');
  await db.transaction(async (tx) => {
    await writeAudit(tx, context, {
      action: 'file.downloaded',
      targetType: 'file',
      targetId: row.id,
      organisationId: row.organisationId,
      organisationPath: row.organisationPath,
      after: { name: row.name, size: row.size, mediaType: row.mediaType, sha256: row.sha256, route },
    });
  });
}

/**
 * A download: the file and a stream of its decrypted bytes, if the actor may read it (404
 * otherwise), and its `file.downloaded` audit entry. The first piece is decrypted before this
 * returns, so that a missing blob or one under another key answers FILE_UNREADABLE (problem+json);
 * damage further on ends the stream early (the client sees a short download).
 */
export async function openFile(db: Database, context: RequestContext, id: string): Promise<{ file: StoredFile; stream: Readable }> {
  const row = await findRow(db, context, id);
  if (row.blobName) {
    const storedSize = await fileStorage().store.size(db, row.blobName);
    if (storedSize !== encryptedSize(row.size)) throw new AppError('FILE_UNREADABLE');
  }
  const hash = createHash('sha256');
  const pieces = plaintextOf(db, row);
  const first = await pieces.next();
  let length = 0;
  async function* verified(): AsyncGenerator<Buffer> {
    if (!first.done) {
      hash.update(first.value);
      length += first.value.length;
      yield first.value;
    }
    for await (const piece of pieces) {
      hash.update(piece);
      length += piece.length;
      yield piece;
    }
    if (length !== row.size || hash.digest('hex') !== row.sha256) throw new AppError('FILE_UNREADABLE');
  }
  await recordFileDownload(db, context, row.id, 'files');
  return { file: toStoredFile(row), stream: Readable.from(verified(), { objectMode: false }) };
}

/**
 * Encrypts the files stored in clear before encryption at rest (rows without a blob whose bytes
 * lie in this process's files folder): each content is checked against its SHA-256, encrypted into
 * the store (the database on PostgreSQL), its rows pointed at the blob, and the clear copy deleted.
 * Run at start-up (main.ts); safe in several processes at once (the content's lock). Returns what
 * it did; `missing` counts contents whose clear copy is not in this folder (another machine's).
 */
export async function encryptLegacyFiles(db: Database): Promise<{ encrypted: number; missing: number; damaged: number }> {
  const { filesDir } = fileStorage();
  const result = { encrypted: 0, missing: 0, damaged: 0 };
  let after = '';
  for (;;) {
    const batch = await db
      .selectDistinct({ sha256: files.sha256, size: files.size })
      .from(files)
      .where(and(isNull(files.blobName), gt(files.sha256, after)))
      .orderBy(asc(files.sha256))
      .limit(200);
    if (!batch.length) break;
    after = batch[batch.length - 1].sha256;
    for (const content of batch) {
      const clear = blobPath(filesDir, content.sha256);
      const bytes = await fs.promises.readFile(clear).catch(() => null);
      if (!bytes) {
        result.missing += 1;
        continue;
      }
      if (createHash('sha256').update(bytes).digest('hex') !== content.sha256) {
        result.damaged += 1;
        continue;
      }
      await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${FILE_LOCK_KEY}, hashtext(${content.sha256}))`);
        await blobFor(tx, { sha256: content.sha256, size: bytes.length, bytes });
      });
      // The clear copy goes once the encrypted blob is committed (a crash in between leaves it to the next start).
      await fs.promises.rm(clear, { force: true });
      result.encrypted += 1;
    }
  }
  return result;
}

/**
 * Deletes blobs no row refers to (left by a transaction that failed after writing its blob, or
 * replaced by a repair) and temporary files, older than `olderThanMs`. Returns the name of each blob removed.
 */
export async function removeOrphanBlobs(db: Database, olderThanMs = 60 * 60 * 1000): Promise<string[]> {
  const { filesDir, store } = fileStorage();
  const removed: string[] = [];
  // Compared with the files' modification times, which the file system writes in the machine's time.
  const cutoff = systemClock.now().getTime() - olderThanMs;
  if (store.kind === 'database') removed.push(...(await removeUnreferencedDatabaseBlobs(db, new Date(cutoff))));
  const entries = await fs.promises.readdir(filesDir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const stat = await fs.promises.stat(full).catch(() => null);
    if (!stat || stat.mtimeMs > cutoff) continue;
    if (path.dirname(full) === temporaryDir(filesDir)) {
      await fs.promises.rm(full, { force: true });
      continue;
    }
    if (!/^[0-9a-f]{64}$/.test(entry.name) || full !== blobPath(filesDir, entry.name)) continue;
    await db.transaction(async (tx) => {
      // A folder blob is named by its stored bytes' SHA-256; a file kept in clear (before
      // encryption at rest) by its content's. Either keeps it.
      const [used] = await tx
        .select({ id: files.id })
        .from(files)
        .where(or(eq(files.blobName, entry.name), and(isNull(files.blobName), eq(files.sha256, entry.name))))
        .limit(1);
      if (used) return;
      // The lock of a content being stored under this name (a clear file's content is its name).
      await tx.execute(sql`select pg_advisory_xact_lock(${FILE_LOCK_KEY}, hashtext(${entry.name}))`);
      await fs.promises.rm(full, { force: true });
      removed.push(entry.name);
    });
  }
  return removed;
}
