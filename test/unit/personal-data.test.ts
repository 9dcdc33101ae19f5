import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../src/domain/identity.ts';
import { ConfigError } from '../../src/platform/config.ts';
import {
  createPersonalDataCipher,
  decryptPersonalData,
  encryptPersonalData,
  installPersonalDataKey,
  lookupHash,
  normaliseIdentifier,
  parsePersonalDataKey,
  personalDataKeyFile,
  resolvePersonalDataKey,
} from '../../src/platform/personal-data.ts';

const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const cipher = createPersonalDataCipher(KEY);
const ID = '11010519491231002X';

describe('encryption of personal data (AES-256-GCM)', () => {
  it('round-trips any text in a v1 envelope of base64url parts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 64 }), (text) => {
        const envelope = cipher.encrypt(text);
        expect(envelope).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]*$/);
        expect(cipher.decrypt(envelope)).toBe(text);
      }),
    );
    expect(cipher.decrypt(cipher.encrypt('张三 11010519491231002X'))).toBe('张三 11010519491231002X');
  });

  it('uses a fresh IV every time: the same number never encrypts the same way twice', () => {
    const envelopes = new Set(Array.from({ length: 50 }, () => cipher.encrypt(ID)));
    expect(envelopes.size).toBe(50);
    const ivs = new Set([...envelopes].map((envelope) => envelope.split(':')[1]));
    expect(ivs.size).toBe(50);
  });

  it('detects any change to the IV, the tag or the ciphertext', () => {
    const envelope = cipher.encrypt(ID);
    const parts = envelope.split(':');
    for (const index of [1, 2, 3]) {
      const bytes = Buffer.from(parts[index], 'base64url');
      for (let bit = 0; bit < bytes.length * 8; bit += 7) {
        const altered = Buffer.from(bytes);
        altered[bit >> 3] ^= 1 << (bit & 7);
        const tampered = [...parts];
        tampered[index] = altered.toString('base64url');
        expect(() => cipher.decrypt(tampered.join(':'))).toThrow(expect.objectContaining({ code: 'PERSONAL_DATA_UNREADABLE' }));
      }
    }
  });

  it('refuses malformed envelopes and unknown versions with a bilingual error', () => {
    const envelope = cipher.encrypt(ID);
    for (const bad of ['', ID, envelope.replace(/^v1/, 'v2'), `${envelope}:extra`, envelope.split(':').slice(0, 3).join(':'), 'v1:***:***:***']) {
      try {
        cipher.decrypt(bad);
        expect.unreachable(`decrypted ${bad}`);
      } catch (error) {
        expect(error).toMatchObject({ code: 'PERSONAL_DATA_UNREADABLE', status: 500 });
        expect((error as { messages: { 'zh-CN': string; en: string } }).messages['zh-CN']).toContain('个人信息无法解密');
      }
    }
  });

  it('refuses a wrong key', () => {
    const other = createPersonalDataCipher(randomBytes(32));
    expect(() => other.decrypt(cipher.encrypt(ID))).toThrow(expect.objectContaining({ code: 'PERSONAL_DATA_UNREADABLE' }));
    expect(other.keyId).not.toBe(cipher.keyId);
    expect(createPersonalDataCipher(Buffer.from(KEY)).keyId).toBe(cipher.keyId);
  });

  it('binds a value to its place when associated data is given', () => {
    const envelope = cipher.encrypt(ID, 'applicants.id_number');
    expect(cipher.decrypt(envelope, 'applicants.id_number')).toBe(ID);
    expect(() => cipher.decrypt(envelope, 'bans.id_number')).toThrow(expect.objectContaining({ code: 'PERSONAL_DATA_UNREADABLE' }));
    expect(() => cipher.decrypt(envelope)).toThrow(expect.objectContaining({ code: 'PERSONAL_DATA_UNREADABLE' }));
  });

  it('works through the process-wide key once it is installed', () => {
    installPersonalDataKey(KEY);
    expect(decryptPersonalData(encryptPersonalData(ID))).toBe(ID);
    expect(lookupHash('resident-id', ID)).toBe(cipher.lookupHash('resident-id', ID));
  });
});

describe('lookupHash', () => {
  it('is stable: a fixed key and number always give the same hash (a change here breaks every stored look-up)', () => {
    // HMAC-SHA256 under HKDF-SHA256(key, salt '', info 'ptech personal-data lookup v1'), over 'resident-id\0' + number.
    expect(cipher.lookupHash('resident-id', ID)).toBe('3cac41e1962850990de6917572e8fba8fbab301efc8c5f52fd427d15b4e21cc4');
    expect(createPersonalDataCipher(Buffer.from(KEY)).lookupHash('resident-id', ID)).toBe(cipher.lookupHash('resident-id', ID));
    expect(cipher.keyId).toBe('dd83b2018b76eef0');
  });

  it('normalises case, surrounding spaces and full-width characters', () => {
    const expected = cipher.lookupHash('resident-id', ID);
    expect(cipher.lookupHash('resident-id', ' 11010519491231002x\t')).toBe(expected);
    expect(cipher.lookupHash('resident-id', '１１０１０５１９４９１２３１００２ｘ')).toBe(expected);
    expect(normaliseIdentifier(' ab１２ ')).toBe('AB12');
  });

  it('depends on the type, the number and the key', () => {
    const base = cipher.lookupHash('resident-id', ID);
    expect(cipher.lookupHash('passport', ID)).not.toBe(base);
    expect(cipher.lookupHash('resident-id', '110105194912310029')).not.toBe(base);
    expect(createPersonalDataCipher(randomBytes(32)).lookupHash('resident-id', ID)).not.toBe(base);
    // Not the plain SHA-256 or HMAC under the data key itself: the look-up key is derived apart.
    expect(base).not.toContain(ID);
  });

  it('refuses a type that is not an identifier', () => {
    expect(() => cipher.lookupHash('Resident ID', ID)).toThrow();
  });
});

describe('masking (from the domain)', () => {
  it('shows at most the first 6 and the last 4 characters', () => {
    expect(maskIdNumber(ID)).toBe('110105********002X');
  });
});

describe('the key', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptech-key-'));
    dirs.push(dir);
    return dir;
  };

  it('reads 64 hex digits or base64 of 32 bytes, and refuses anything else', () => {
    expect(parsePersonalDataKey(KEY.toString('hex')).equals(KEY)).toBe(true);
    expect(parsePersonalDataKey(KEY.toString('base64')).equals(KEY)).toBe(true);
    expect(parsePersonalDataKey(KEY.toString('base64url')).equals(KEY)).toBe(true);
    for (const bad of ['', 'short', KEY.toString('hex').slice(2), randomBytes(31).toString('base64'), randomBytes(33).toString('base64')]) {
      expect(() => parsePersonalDataKey(bad)).toThrow(ConfigError);
    }
  });

  it('takes PERSONAL_DATA_KEY when given', () => {
    const resolved = resolvePersonalDataKey({ personalDataKey: KEY.toString('hex'), databaseUrl: 'postgres://x/y', dataDir: tempDir() });
    expect(resolved.source).toBe('config');
    expect(resolved.key.equals(KEY)).toBe(true);
  });

  it('refuses to start on PostgreSQL without PERSONAL_DATA_KEY, in both languages', () => {
    const dataDir = tempDir();
    expect(() => resolvePersonalDataKey({ databaseUrl: 'postgres://x/y', dataDir })).toThrow(ConfigError);
    expect(() => resolvePersonalDataKey({ databaseUrl: 'postgres://x/y', dataDir })).toThrow(/PERSONAL_DATA_KEY.*\n.*PERSONAL_DATA_KEY must be set/s);
    expect(fs.existsSync(personalDataKeyFile(dataDir))).toBe(false);
  });

  it('on PGlite, generates a key file (0600) at the first start and reuses it', () => {
    const dataDir = tempDir();
    const first = resolvePersonalDataKey({ dataDir });
    expect(first.source).toBe('generated');
    const file = personalDataKeyFile(dataDir);
    expect(first.file).toBe(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = resolvePersonalDataKey({ dataDir });
    expect(second.source).toBe('file');
    expect(second.key.equals(first.key)).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['personal-data.key']);
  });

  it('tightens a key file readable by others, and refuses a damaged one', () => {
    const dataDir = tempDir();
    resolvePersonalDataKey({ dataDir });
    const file = personalDataKeyFile(dataDir);
    fs.chmodSync(file, 0o644);
    resolvePersonalDataKey({ dataDir });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.writeFileSync(file, 'not a key\n');
    expect(() => resolvePersonalDataKey({ dataDir })).toThrow(/damaged/);
  });
});
