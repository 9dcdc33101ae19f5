import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decryptFile, encryptFile, encryptedSize, FILE_HEADER_BYTES, type FileKey } from '../../src/platform/file-crypto.ts';

const key: FileKey = { key: randomBytes(32), keyId: Buffer.from('0123456789abcdef', 'hex') };
const otherKey: FileKey = { key: randomBytes(32), keyId: key.keyId };

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function collect(pieces: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const piece of pieces) chunks.push(piece);
  return Buffer.concat(chunks);
}

async function* split(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function encrypt(plain: Buffer, chunkBytes = 64): Promise<Buffer> {
  return collect(encryptFile(plain, sha(plain), key, chunkBytes));
}

describe('files encrypted at rest (AES-256-GCM in chunks)', () => {
  it('round-trips any content, read back in pieces of any size, and takes exactly encryptedSize bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 700 }), fc.integer({ min: 1, max: 200 }), async (array, readSize) => {
        const plain = Buffer.from(array);
        const stored = await encrypt(plain);
        expect(stored.length).toBe(encryptedSize(plain.length, 64));
        expect(await collect(decryptFile(split(stored, readSize), sha(plain), key))).toEqual(plain);
      }),
      { numRuns: 60 },
    );
  });

  it('never stores the plaintext: an identity number inside is not in the stored bytes', async () => {
    const plain = Buffer.from(`%PDF-1.4 张三 11010519491231002X `.repeat(20));
    const stored = await encrypt(plain);
    expect(stored.includes(Buffer.from('11010519491231002X'))).toBe(false);
    // Two encryptions of one content differ (a fresh nonce prefix each time).
    expect((await encrypt(plain)).equals(stored)).toBe(false);
  });

  it('refuses a blob altered, cut short, extended, reordered, under another key or of another content', async () => {
    const plain = Buffer.from('x'.repeat(300));
    const stored = await encrypt(plain);
    const refuse = async (bytes: Buffer, digest = sha(plain), withKey = key) =>
      expect(collect(decryptFile(split(bytes, 50), digest, withKey))).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
    const flipped = Buffer.from(stored);
    flipped[FILE_HEADER_BYTES + 5] ^= 1;
    await refuse(flipped);
    await refuse(stored.subarray(0, stored.length - (64 + 16))); // the last chunk dropped
    await refuse(stored.subarray(0, stored.length - 1));
    await refuse(Buffer.concat([stored, stored.subarray(FILE_HEADER_BYTES, FILE_HEADER_BYTES + 80)]));
    const chunk = 64 + 16;
    const swapped = Buffer.concat([stored.subarray(0, FILE_HEADER_BYTES), stored.subarray(FILE_HEADER_BYTES + chunk, FILE_HEADER_BYTES + 2 * chunk), stored.subarray(FILE_HEADER_BYTES, FILE_HEADER_BYTES + chunk), stored.subarray(FILE_HEADER_BYTES + 2 * chunk)]);
    await refuse(swapped);
    await refuse(stored, sha(plain), otherKey);
    await refuse(stored, sha(Buffer.from('another content')));
    await refuse(plain); // a file stored in clear is not taken for an encrypted one
  });
});
