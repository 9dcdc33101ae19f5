// Personal data at rest: identity numbers (and other data a module chooses) are stored encrypted
// with AES-256-GCM, and found again through a keyed hash that reveals nothing without the key.
//
//   const stored = encryptPersonalData('11010519491231002X');   // 'v1:<iv>:<tag>:<ciphertext>'
//   decryptPersonalData(stored);                                // '11010519491231002X'
//   lookupHash('resident-id', ' 11010519491231002x ');          // same hex as for '11010519491231002X'
//
// The key is PERSONAL_DATA_KEY (32 bytes: 64 hex digits or base64). Without it, an embedded
// (PGlite) installation generates one at its first start into DATA_DIR/keys/personal-data.key
// (mode 0600) and reuses it; with DATABASE_URL the key must be given, because every app process
// must hold the same one. Losing the key loses the data it protects: back it up apart from the
// database (`ptech backup` carries a generated key, never a configured one).
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, type Config } from './config.ts';
import { AppError } from './errors.ts';

const ENVELOPE_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** Random bytes drawn at once for IVs: 341 of them. */
const IV_BLOCK_BYTES = IV_BYTES * 341;

export interface PersonalDataCipher {
  /** A short fingerprint of the key (not secret): tells which key encrypted a backup. */
  readonly keyId: string;
  /** `v1:<iv>:<tag>:<ciphertext>`, each part base64url; a fresh random IV every call. */
  encrypt(plaintext: string, associatedData?: string): string;
  /** The plaintext; AppError PERSONAL_DATA_UNREADABLE when the envelope was altered or the key differs. */
  decrypt(envelope: string, associatedData?: string): string;
  /** HMAC-SHA256 (hex) of the normalised number under its type, with a key derived from the data key. */
  lookupHash(idType: string, number: string): string;
  /**
   * A 32-byte key for another purpose, derived from the data key (HKDF-SHA256, `ptech personal-data
   * <purpose>`): the file encryption key, the audit chain's key. Kept wherever the data key is kept.
   */
  subkey(purpose: string): Buffer;
}

/** Decodes a key given as 64 hex digits or as base64 / base64url of 32 bytes. */
export function parsePersonalDataKey(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(trimmed)) {
    const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  throw new ConfigError(
    '个人数据密钥格式不正确：须为 32 字节，写作 64 位十六进制或 base64。\n' +
      'The personal data key is malformed: it must be 32 bytes, written as 64 hex digits or base64.',
  );
}

/** The normalised form an identifier is hashed in: Unicode NFKC (full-width digits become ASCII), trimmed, upper-case. */
export function normaliseIdentifier(number: string): string {
  return number.normalize('NFKC').trim().toUpperCase();
}

function deriveKey(key: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `ptech personal-data ${purpose}`, KEY_BYTES));
}

function aad(associatedData: string | undefined): Buffer {
  return Buffer.from(`ptech-personal-data:${ENVELOPE_VERSION}:${associatedData ?? ''}`, 'utf8');
}

function unreadable(): AppError {
  return new AppError('PERSONAL_DATA_UNREADABLE');
}

export function createPersonalDataCipher(key: Buffer): PersonalDataCipher {
  if (key.length !== KEY_BYTES) throw new Error(`a personal data key has ${KEY_BYTES} bytes, not ${key.length}`);
  const encryptionKey = Buffer.from(key);
  const lookupKey = deriveKey(key, 'lookup v1');
  const keyId = createHash('sha256').update(deriveKey(key, 'key-id v1')).digest('hex').slice(0, 16);
  // IVs are cut from random bytes drawn a block at a time (as crypto.randomUUID caches its
  // entropy), each used once: one draw per value was most of the cost of encrypting a register
  // import of 100,000 rows. A block is never refilled in place, so an IV handed out stays as it was.
  let ivBlock = Buffer.alloc(0);
  let ivOffset = 0;
  const nextIv = (): Buffer => {
    if (ivOffset + IV_BYTES > ivBlock.length) {
      ivBlock = randomBytes(IV_BLOCK_BYTES);
      ivOffset = 0;
    }
    ivOffset += IV_BYTES;
    return ivBlock.subarray(ivOffset - IV_BYTES, ivOffset);
  };
  return {
    keyId,
    encrypt(plaintext, associatedData) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(associatedData));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [ENVELOPE_VERSION, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join(':');
    },
    decrypt(envelope, associatedData) {
      const parts = typeof envelope === 'string' ? envelope.split(':') : [];
      if (parts.length !== 4 || parts[0] !== ENVELOPE_VERSION || parts.slice(1).some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) {
        throw unreadable();
      }
      const iv = Buffer.from(parts[1], 'base64url');
      const tag = Buffer.from(parts[2], 'base64url');
      const ciphertext = Buffer.from(parts[3], 'base64url');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw unreadable();
      try {
        const decipher = createDecipheriv('aes-256-gcm', encryptionKey, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aad(associatedData));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw unreadable();
      }
    },
    lookupHash(idType, number) {
      if (!/^[a-z][a-z0-9-]*$/.test(idType)) throw new Error(`lookupHash: "${idType}" is not an identifier type`);
      return createHmac('sha256', lookupKey).update(`${idType}\u0000${normaliseIdentifier(number)}`, 'utf8').digest('hex');
    },
    subkey(purpose) {
      if (/^(lookup|key-id) /.test(purpose)) throw new Error(`subkey: "${purpose}" is reserved`);
      return deriveKey(key, purpose);
    },
  };
}

/** Whether two lookup hashes are equal, in constant time. */
export function sameLookupHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

export function personalDataKeyFile(dataDir: string): string {
  return path.join(dataDir, 'keys', 'personal-data.key');
}

export interface ResolvedPersonalDataKey {
  key: Buffer;
  source: 'config' | 'file' | 'generated';
  /** The key file, when the key came from one or was written to one. */
  file?: string;
}

/**
 * The key in effect: PERSONAL_DATA_KEY; else, without DATABASE_URL, DATA_DIR/keys/personal-data.key
 * (created at the first call, 0600, safe when several processes race to create it). With
 * DATABASE_URL and no PERSONAL_DATA_KEY it refuses (ConfigError) rather than let each app process
 * invent its own key. `create: false` only reads (undefined when there is no key yet).
 */
export function resolvePersonalDataKey(
  config: Pick<Config, 'personalDataKey' | 'databaseUrl' | 'dataDir'>,
  options: { create?: boolean } = {},
): ResolvedPersonalDataKey {
  if (config.personalDataKey) return { key: parsePersonalDataKey(config.personalDataKey), source: 'config' };
  if (config.databaseUrl) {
    throw new ConfigError(
      '使用 DATABASE_URL（PostgreSQL）时必须设置 PERSONAL_DATA_KEY（32 字节，64 位十六进制或 base64，例如 `openssl rand -hex 32`），' +
        '并让所有服务进程使用同一个密钥；系统不会自行生成。\n' +
        'With DATABASE_URL (PostgreSQL), PERSONAL_DATA_KEY must be set (32 bytes as 64 hex digits or base64, e.g. `openssl rand -hex 32`) ' +
        'and shared by every app process; the system does not generate one.',
    );
  }
  const file = personalDataKeyFile(config.dataDir);
  const existing = readKeyFile(file);
  if (existing) return { key: existing, source: 'file', file };
  if (options.create === false) throw new ConfigError(`没有个人数据密钥 / no personal data key: ${file}`);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  // Written aside and linked into place: the link fails if another process got there first, and
  // nobody ever reads a half-written key.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(temporary, file);
    return { key, source: 'generated', file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: readKeyFile(file)!, source: 'file', file };
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** Reads a key file; undefined when it does not exist. Tightens its mode to 0600 when it is wider. */
export function readKeyFile(file: string): Buffer | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  } catch {
    // A read-only mount: the key is still usable.
  }
  try {
    return parsePersonalDataKey(text);
  } catch {
    throw new ConfigError(`个人数据密钥文件已损坏 / The personal data key file is damaged: ${file}`);
  }
}

let installed: PersonalDataCipher | null = null;

/** Makes the key the one this process encrypts with; buildApp does it at start-up. */
export function installPersonalDataKey(key: Buffer): PersonalDataCipher {
  installed = createPersonalDataCipher(key);
  return installed;
}

/** The cipher of this process's key. */
export function personalDataCipher(): PersonalDataCipher {
  if (!installed) throw new Error('no personal data key is installed: buildApp (or installPersonalDataKey) must run first');
  return installed;
}

/** Encrypts with this process's key. `associatedData` (e.g. 'applications.id_number') binds the value to its place. */
export function encryptPersonalData(plaintext: string, associatedData?: string): string {
  return personalDataCipher().encrypt(plaintext, associatedData);
}

export function decryptPersonalData(envelope: string, associatedData?: string): string {
  return personalDataCipher().decrypt(envelope, associatedData);
}

/** The keyed hash by which an identity number (or credit code) is looked up: bans, verification by name + ID. */
export function lookupHash(idType: string, number: string): string {
  return personalDataCipher().lookupHash(idType, number);
}
