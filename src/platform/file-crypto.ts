// Files at rest: every blob is encrypted with AES-256-GCM under a key derived from the personal data
// key (HKDF, `files v1`), in chunks of 64 KiB so that a file of any size is encrypted and decrypted
// as a stream, never whole in memory.
//
//   header   'PTF1' | key id (8 bytes) | nonce prefix (8 random bytes) | chunk size (uint32 BE)
//   chunk i  ciphertext of plaintext bytes [i·size, (i+1)·size) | GCM tag (16 bytes)
//
// Chunk i is encrypted with the IV `nonce prefix | i` (uint32 BE) and the associated data
// `header | final flag | SHA-256 of the whole plaintext`: a chunk moved, dropped, repeated, cut off
// at the end, or a blob put in the place of another file's blob fails to decrypt. The plaintext's
// SHA-256 is what the `files` row keeps, so the row and its blob must belong together.
//
//   for await (const piece of encryptFile(bytes, sha256)) write(piece);
//   for await (const piece of decryptFile(readStoredBytes(), sha256)) send(piece);
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from './errors.ts';
import { personalDataCipher } from './personal-data.ts';

const MAGIC = Buffer.from('PTF1', 'latin1');
const KEY_ID_BYTES = 8;
const NONCE_PREFIX_BYTES = 8;
export const FILE_HEADER_BYTES = MAGIC.length + KEY_ID_BYTES + NONCE_PREFIX_BYTES + 4;
const TAG_BYTES = 16;
/** Plaintext bytes per chunk. */
export const FILE_CHUNK_BYTES = 64 * 1024;
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;

export interface FileKey {
  key: Buffer;
  /** The personal data key's fingerprint (8 bytes): a blob written under another key is named as such. */
  keyId: Buffer;
}

let cached: { cipher: object; key: FileKey } | null = null;

/** The file key of this process (derived from the installed personal data key). */
export function fileKey(): FileKey {
  const cipher = personalDataCipher();
  if (cached?.cipher !== cipher) cached = { cipher, key: { key: cipher.subkey('files v1'), keyId: Buffer.from(cipher.keyId, 'hex') } };
  return cached.key;
}

/** How many bytes a plaintext of `size` bytes takes encrypted. */
export function encryptedSize(size: number, chunkBytes = FILE_CHUNK_BYTES): number {
  return FILE_HEADER_BYTES + size + Math.max(1, Math.ceil(size / chunkBytes)) * TAG_BYTES;
}

/** Whether stored bytes begin like an encrypted blob (a file stored in clear begins with its own magic: %PDF, PK, …). */
export function isEncryptedBlob(start: Uint8Array): boolean {
  return start.length >= MAGIC.length && MAGIC.every((byte, index) => start[index] === byte);
}

function unreadable(): AppError {
  return new AppError('FILE_UNREADABLE');
}

function ivOf(prefix: Buffer, index: number): Buffer {
  const iv = Buffer.alloc(12);
  prefix.copy(iv, 0);
  iv.writeUInt32BE(index, 8);
  return iv;
}

function aadOf(header: Buffer, final: boolean, sha256: Buffer): Buffer {
  return Buffer.concat([header, Buffer.from([final ? 1 : 0]), sha256]);
}

function digestBytes(sha256: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256');
  return Buffer.from(sha256, 'hex');
}

/**
 * Cuts a stream into pieces of `size` bytes (the last one shorter), each flagged final or not: a
 * piece is only handed out once a byte after it is known, so that the last one is recognised.
 */
async function* pieces(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<{ data: Buffer; final: boolean }> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const take = (count: number): Buffer => {
    const all = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
    const data = all.subarray(0, count);
    const rest = all.subarray(count);
    pending = rest.length ? [rest] : [];
    pendingBytes = rest.length;
    return data;
  };
  for await (const chunk of source) {
    if (chunk.byteLength === 0) continue;
    pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    pendingBytes += chunk.byteLength;
    while (pendingBytes > size) yield { data: take(size), final: false };
  }
  yield { data: take(pendingBytes), final: true };
}

async function* fromBytes(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** The stored bytes of a plaintext whose SHA-256 is `sha256`: the header, then each chunk with its tag. */
export async function* encryptFile(plaintext: Uint8Array | AsyncIterable<Uint8Array>, sha256: string, key: FileKey = fileKey(), chunkBytes = FILE_CHUNK_BYTES): AsyncGenerator<Buffer> {
  const digest = digestBytes(sha256);
  const header = Buffer.alloc(FILE_HEADER_BYTES);
  MAGIC.copy(header, 0);
  key.keyId.copy(header, MAGIC.length, 0, KEY_ID_BYTES);
  const prefix = randomBytes(NONCE_PREFIX_BYTES);
  prefix.copy(header, MAGIC.length + KEY_ID_BYTES);
  header.writeUInt32BE(chunkBytes, MAGIC.length + KEY_ID_BYTES + NONCE_PREFIX_BYTES);
  yield header;
  let index = 0;
  const source = plaintext instanceof Uint8Array ? fromBytes(plaintext) : plaintext;
  for await (const { data, final } of pieces(source, chunkBytes)) {
    const cipher = createCipheriv('aes-256-gcm', key.key, ivOf(prefix, index), { authTagLength: TAG_BYTES });
    cipher.setAAD(aadOf(header, final, digest));
    const body = cipher.update(data);
    cipher.final();
    yield Buffer.concat([body, cipher.getAuthTag()]);
    index += 1;
  }
}

/**
 * The plaintext of stored bytes, chunk by chunk as they arrive; AppError FILE_UNREADABLE when the
 * blob was written under another key, or altered, cut short, or belongs to another content.
 */
export async function* decryptFile(stored: AsyncIterable<Uint8Array>, sha256: string, key: FileKey = fileKey()): AsyncGenerator<Buffer> {
  const digest = digestBytes(sha256);
  let header: Buffer | null = null;
  let buffered: Buffer[] = [];
  let bufferedBytes = 0;
  async function* body(): AsyncGenerator<Uint8Array> {
    for await (const chunk of stored) {
      if (header) {
        yield chunk;
        continue;
      }
      buffered.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      bufferedBytes += chunk.byteLength;
      if (bufferedBytes < FILE_HEADER_BYTES) continue;
      const all = Buffer.concat(buffered, bufferedBytes);
      buffered = [];
      header = Buffer.from(all.subarray(0, FILE_HEADER_BYTES));
      if (all.length > FILE_HEADER_BYTES) yield all.subarray(FILE_HEADER_BYTES);
    }
  }
  const ciphertext = body();
  // The header arrives with the first piece of the body (or the body is empty).
  const first = await ciphertext.next();
  const h = header as Buffer | null;
  if (!h || !isEncryptedBlob(h) || !h.subarray(MAGIC.length, MAGIC.length + KEY_ID_BYTES).equals(key.keyId.subarray(0, KEY_ID_BYTES))) throw unreadable();
  const prefix = h.subarray(MAGIC.length + KEY_ID_BYTES, MAGIC.length + KEY_ID_BYTES + NONCE_PREFIX_BYTES);
  const chunkBytes = h.readUInt32BE(MAGIC.length + KEY_ID_BYTES + NONCE_PREFIX_BYTES);
  if (chunkBytes < 1 || chunkBytes > MAX_CHUNK_BYTES) throw unreadable();
  async function* rest(): AsyncGenerator<Uint8Array> {
    if (!first.done) yield first.value;
    yield* ciphertext;
  }
  let index = 0;
  for await (const { data, final } of pieces(rest(), chunkBytes + TAG_BYTES)) {
    if (data.length < TAG_BYTES) throw unreadable();
    const decipher = createDecipheriv('aes-256-gcm', key.key, ivOf(prefix, index), { authTagLength: TAG_BYTES });
    decipher.setAAD(aadOf(h, final, digest));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw unreadable();
    }
    if (plain.length) yield plain;
    index += 1;
  }
}
