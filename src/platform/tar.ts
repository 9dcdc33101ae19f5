// A small, dependency-free reader and writer of POSIX ustar archives, enough for our backups:
// regular files and directories, names of at most 100 bytes, sizes of any length (base-256 above
// 8 GiB), streamed with back-pressure. Anything else in an archive (links, devices, PAX headers) is
// reported as type 'other' for the caller to refuse.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { systemClock } from './clock.ts';

const BLOCK = 512;

export interface TarEntryHeader {
  name: string;
  size: number;
  type: 'file' | 'directory' | 'other';
  mode: number;
  mtime: Date;
}

function writeOctal(header: Buffer, value: number, offset: number, length: number): void {
  header.write(value.toString(8).padStart(length - 1, '0') + '\0', offset, length, 'latin1');
}

function writeSize(header: Buffer, size: number): void {
  if (size < 0o77777777777) {
    writeOctal(header, size, 124, 12);
    return;
  }
  // Base-256: the first byte's high bit set, the number big-endian in the rest.
  header[124] = 0x80;
  let value = BigInt(size);
  for (let index = 135; index > 124; index -= 1) {
    header[index] = Number(value & 0xffn);
    value >>= 8n;
  }
}

function readSize(header: Buffer): number {
  if (header[124] & 0x80) {
    let value = 0n;
    for (let index = 125; index < 136; index += 1) value = (value << 8n) | BigInt(header[index]);
    return Number(value);
  }
  return readOctal(header, 124, 12);
}

function readOctal(header: Buffer, offset: number, length: number): number {
  const text = header.toString('latin1', offset, offset + length).replace(/\0.*$/s, '').trim();
  return text ? Number.parseInt(text, 8) : 0;
}

function readString(header: Buffer, offset: number, length: number): string {
  const end = header.indexOf(0, offset);
  return header.toString('utf8', offset, end === -1 || end > offset + length ? offset + length : end);
}

function checksum(header: Buffer): number {
  let sum = 0;
  for (let index = 0; index < BLOCK; index += 1) sum += index >= 148 && index < 156 ? 0x20 : header[index];
  return sum;
}

export function encodeHeader(entry: { name: string; size: number; type?: 'file' | 'directory'; mode?: number; mtime?: Date }): Buffer {
  const name = Buffer.from(entry.name, 'utf8');
  if (name.length === 0 || name.length > 100) throw new Error(`tar: the name "${entry.name}" must have 1 to 100 bytes`);
  const header = Buffer.alloc(BLOCK);
  name.copy(header, 0);
  writeOctal(header, entry.mode ?? (entry.type === 'directory' ? 0o755 : 0o644), 100, 8);
  writeOctal(header, 0, 108, 8);
  writeOctal(header, 0, 116, 8);
  writeSize(header, entry.type === 'directory' ? 0 : entry.size);
  writeOctal(header, Math.floor((entry.mtime ?? systemClock.now()).getTime() / 1000), 136, 12);
  header.write(entry.type === 'directory' ? '5' : '0', 156, 1, 'latin1');
  header.write('ustar\0', 257, 6, 'latin1');
  header.write('00', 263, 2, 'latin1');
  header.write(checksum(header).toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
  return header;
}

export function decodeHeader(block: Buffer): TarEntryHeader {
  const stored = readOctal(block, 148, 8);
  if (stored !== checksum(block)) throw new Error('tar: a header checksum is wrong (the archive is damaged)');
  const prefix = block.toString('latin1', 257, 262) === 'ustar' ? readString(block, 345, 155) : '';
  const base = readString(block, 0, 100);
  const flag = String.fromCharCode(block[156] || 0x30);
  return {
    name: prefix ? `${prefix}/${base}` : base,
    size: readSize(block),
    type: flag === '0' || flag === '\0' || flag === '7' ? 'file' : flag === '5' ? 'directory' : 'other',
    mode: readOctal(block, 100, 8),
    mtime: new Date(readOctal(block, 136, 12) * 1000),
  };
}

/** Writes entries one after the other into a stream (a gzip stream in front of a file, usually). */
export class TarWriter {
  constructor(private readonly out: Writable) {}

  private async write(chunk: Buffer): Promise<void> {
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async addBuffer(name: string, bytes: Buffer, mtime?: Date): Promise<void> {
    await this.write(encodeHeader({ name, size: bytes.length, mtime }));
    await this.write(bytes);
    await this.pad(bytes.length);
  }

  /** Streams `size` bytes from `chunks`; refuses a source that gives more or fewer. */
  async addStream(name: string, size: number, chunks: AsyncIterable<Buffer>, mtime?: Date): Promise<void> {
    await this.write(encodeHeader({ name, size, mtime }));
    let written = 0;
    for await (const chunk of chunks) {
      written += chunk.length;
      if (written > size) throw new Error(`tar: ${name} grew while it was being written`);
      await this.write(chunk);
    }
    if (written !== size) throw new Error(`tar: ${name} shrank while it was being written`);
    await this.pad(size);
  }

  async addDirectory(name: string): Promise<void> {
    await this.write(encodeHeader({ name: name.endsWith('/') ? name : `${name}/`, size: 0, type: 'directory' }));
  }

  private async pad(size: number): Promise<void> {
    const rest = size % BLOCK;
    if (rest) await this.write(Buffer.alloc(BLOCK - rest));
  }

  /** The two empty blocks that end an archive; then ends the stream and waits for it to finish. */
  async finish(): Promise<void> {
    await this.write(Buffer.alloc(BLOCK * 2));
    this.out.end();
    await once(this.out, 'finish');
  }
}

export interface TarEntrySink {
  write(chunk: Buffer): Promise<void>;
  close(): Promise<void>;
}

/**
 * Reads an archive from a stream of chunks. For each entry, `open` returns where its bytes go (or
 * null to skip them); it may throw to refuse the entry, which ends the reading.
 */
export async function readTar(input: AsyncIterable<Buffer>, open: (entry: TarEntryHeader) => Promise<TarEntrySink | null>): Promise<void> {
  let buffered: Buffer = Buffer.alloc(0);
  let entry: TarEntryHeader | null = null;
  let sink: TarEntrySink | null = null;
  let remaining = 0;
  let padding = 0;
  let ended = false;
  const consume = async () => {
    for (;;) {
      if (entry) {
        if (remaining > 0) {
          if (buffered.length === 0) return;
          const take = Math.min(remaining, buffered.length);
          if (sink) await sink.write(buffered.subarray(0, take));
          buffered = buffered.subarray(take);
          remaining -= take;
          if (remaining > 0) return;
        }
        if (buffered.length < padding) return;
        buffered = buffered.subarray(padding);
        if (sink) await sink.close();
        entry = null;
        sink = null;
        continue;
      }
      if (ended) return;
      if (buffered.length < BLOCK) return;
      const block = buffered.subarray(0, BLOCK);
      buffered = buffered.subarray(BLOCK);
      if (block.every((byte) => byte === 0)) {
        ended = true;
        return;
      }
      entry = decodeHeader(Buffer.from(block));
      remaining = entry.type === 'directory' ? 0 : entry.size;
      padding = remaining % BLOCK ? BLOCK - (remaining % BLOCK) : 0;
      sink = await open(entry);
    }
  };
  for await (const chunk of input) {
    if (ended) continue;
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    await consume();
  }
  if (!ended || entry) throw new Error('tar: the archive ends too early (it is truncated or damaged)');
}
