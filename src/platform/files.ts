// Uploaded and generated files: the bytes on disk under `filesDir`, named by their SHA-256 and
// sharded (`ab/cd/abcd…`), the metadata in the `files` table. A path is only ever built from a
// SHA-256 this code computed, never from anything a client sent.
//
//   const stored = await storeFile(db, context, { name: '职业资格证书.pdf', bytes });
//   const { file, bytes } = await readFile(db, context, stored.id);
//
// Who may read a file: its uploader, and users holding `file:read` whose organisation is the
// file's or above it (everyone else gets 404). A module that grants access by its own records (an
// expert reading the evidence of an application assigned to their committee) checks that itself
// and then calls `readFileUnscoped`.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { files, organisations } from '../db/schema.ts';
import { writeAudit } from './audit.ts';
import type { Config } from './config.ts';
import type { AuditContext } from './context.ts';
import { AppError } from './errors.ts';
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
}

let storage: FileStorageSettings | null = null;

/** Where this process keeps blobs and how large they may be; buildApp (and the CLI) call it at start-up. */
export function configureFileStorage(settings: Pick<Config, 'filesDir' | 'uploadMaxBytes'>): void {
  storage = { filesDir: path.resolve(settings.filesDir), uploadMaxBytes: settings.uploadMaxBytes };
}

export function fileStorage(): FileStorageSettings {
  if (!storage) throw new Error('file storage is not configured: buildApp (or configureFileStorage) must run first');
  return storage;
}

const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** The blob's place on disk: `filesDir/ab/cd/<sha256>`. Refuses anything but a SHA-256 in hex. */
export function blobPath(filesDir: string, sha256: string): string {
  if (!SHA256_PATTERN.test(sha256)) throw new Error('not a SHA-256');
  return path.join(filesDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** Partial writes go here (same file system as the blobs, so that a rename is atomic); never backed up. */
export function temporaryDir(filesDir: string): string {
  return path.join(filesDir, '.tmp');
}

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

function sha256OfFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    fs.createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

async function writeBlob(filesDir: string, sha256: string, bytes: Uint8Array): Promise<void> {
  const target = blobPath(filesDir, sha256);
  const existing = await fs.promises.stat(target).catch(() => null);
  if (existing && existing.size === bytes.byteLength && (await sha256OfFile(target)) === sha256) return;
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  await fs.promises.mkdir(temporaryDir(filesDir), { recursive: true });
  const temporary = path.join(temporaryDir(filesDir), `${sha256}.${randomBytes(6).toString('hex')}`);
  try {
    const handle = await fs.promises.open(temporary, 'wx', 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temporary, target);
  } finally {
    await fs.promises.rm(temporary, { force: true });
  }
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
 * blob (once per content), the row and the audit entry. A failure leaves no row; a blob is only
 * ever complete (written aside, then renamed into place).
 */
export async function storeFile(db: Database, context: AuditContext, input: StoreFileInput): Promise<StoredFile> {
  const { filesDir, uploadMaxBytes } = fileStorage();
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
    const [created] = await tx
      .insert(files)
      .values({ sha256, size: input.bytes.byteLength, mediaType: type.mediaType, name, uploadedBy, organisationId: organisation.id, organisationPath: organisation.path })
      .returning();
    await writeBlob(filesDir, sha256, input.bytes);
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

/** The file's metadata, if the actor may read it (404 otherwise, whether or not it exists). */
export async function findFile(db: Database, context: { actor: Actor }, id: string): Promise<StoredFile> {
  const row = await loadRow(db, id);
  assertInScope(context.actor, row?.organisationPath);
  if (!row || !mayRead(context.actor, row)) throw new AppError('NOT_FOUND');
  return toStoredFile(row);
}

async function readVerified(file: StoredFile): Promise<Buffer> {
  const bytes = await fs.promises.readFile(blobPath(fileStorage().filesDir, file.sha256)).catch(() => null);
  if (!bytes || createHash('sha256').update(bytes).digest('hex') !== file.sha256) throw new AppError('FILE_UNREADABLE');
  return bytes;
}

/** The file and its bytes (checked against the SHA-256), if the actor may read it. */
export async function readFile(db: Database, context: { actor: Actor }, id: string): Promise<{ file: StoredFile; bytes: Buffer }> {
  const file = await findFile(db, context, id);
  return { file, bytes: await readVerified(file) };
}

/** For a module that has decided access by its own records: the file and its bytes, with no scope check. */
export async function readFileUnscoped(db: Database, id: string): Promise<{ file: StoredFile; bytes: Buffer }> {
  const row = await loadRow(db, id);
  if (!row) throw new AppError('NOT_FOUND');
  const file = toStoredFile(row);
  return { file, bytes: await readVerified(file) };
}

/** The file and a stream of its bytes, for a download: 404 outside the actor's reach, FILE_UNREADABLE when the blob is gone. */
export async function openFile(db: Database, context: { actor: Actor }, id: string): Promise<{ file: StoredFile; stream: fs.ReadStream }> {
  const file = await findFile(db, context, id);
  const target = blobPath(fileStorage().filesDir, file.sha256);
  const stat = await fs.promises.stat(target).catch(() => null);
  if (!stat || stat.size !== file.size) throw new AppError('FILE_UNREADABLE');
  return { file, stream: fs.createReadStream(target) };
}

/**
 * Deletes blobs no row refers to (left by a transaction that failed after writing its blob) and
 * temporary files, older than `olderThanMs`. Returns the SHA-256 of each blob removed.
 */
export async function removeOrphanBlobs(db: Database, olderThanMs = 60 * 60 * 1000): Promise<string[]> {
  const { filesDir } = fileStorage();
  const removed: string[] = [];
  // Compared with the files' modification times, which the file system writes in the machine's time.
  const cutoff = systemClock.now().getTime() - olderThanMs;
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
    if (!SHA256_PATTERN.test(entry.name) || full !== blobPath(filesDir, entry.name)) continue;
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${FILE_LOCK_KEY}, hashtext(${entry.name}))`);
      const [used] = await tx.select({ id: files.id }).from(files).where(eq(files.sha256, entry.name)).limit(1);
      if (!used) {
        await fs.promises.rm(full, { force: true });
        removed.push(entry.name);
      }
    });
  }
  return removed;
}
