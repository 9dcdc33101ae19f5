import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CERTIFICATE_CODE_LAYOUT,
  makeCertificateCode,
  parseCertificateCode,
  parseQualificationNumber,
  type CertificateCodeParts,
} from '../../src/domain/certificate-code.ts';
import { CERTIFICATE_PROVINCES } from '../../src/domain/provinces.ts';

interface CertificateVectors {
  valid: ({ code: string } & CertificateCodeParts)[];
  invalid: { code: string; why: string }[];
}
const vectors = JSON.parse(
  readFileSync(new URL('../fixtures/vectors/certificate-codes.json', import.meta.url), 'utf8'),
) as CertificateVectors;

const BASE = 'Y00001100000222T000015';

function errorCodes(code: string, options = {}): string[] {
  const result = parseCertificateCode(code, options);
  return result.valid ? [] : result.errors.map((error) => error.code);
}

function digits(width: number) {
  return fc.array(fc.constantFrom(...'0123456789'), { minLength: width, maxLength: width }).map((list) => list.join(''));
}

const settingsArbitrary = fc.record({
  category: fc.constantFrom('Y', 'S'),
  institutionCode: digits(4),
  provinceCode: fc.constantFrom(...Object.keys(CERTIFICATE_PROVINCES)),
  siteCode: digits(6),
  year: fc.integer({ min: 2000, max: 2099 }),
  level: fc.constantFrom('T', '1', '2', '3', '4', '5'),
  serial: fc.integer({ min: 1, max: 999_999 }),
});

describe('parseCertificateCode: public vectors', () => {
  for (const vector of vectors.valid) {
    it(`accepts ${vector.code} with its parts`, () => {
      const { code, ...parts } = vector;
      expect(parseCertificateCode(code)).toEqual({ valid: true, code, parts });
    });
  }
  for (const vector of vectors.invalid) {
    it(`refuses ${vector.code} (${vector.why})`, () => {
      const result = parseCertificateCode(vector.code);
      expect(result.valid).toBe(false);
    });
  }
  it('names the reason of each refused vector', () => {
    expect(errorCodes('Y00001100000222T00001')).toEqual(['CODE_LENGTH']);
    expect(errorCodes('Z00001100000222T000015')).toEqual(['CATEGORY_INVALID']);
    expect(errorCodes('Y00008000000222T000015')).toEqual(['PROVINCE_CODE_INVALID']);
    expect(errorCodes('Y00001100000222A000015')).toEqual(['LEVEL_INVALID']);
    expect(errorCodes('Y00001100000222T000000')).toEqual(['SERIAL_INVALID']);
  });
});

describe('parseCertificateCode: every part, position and width', () => {
  const offByOne: [number, string, string][] = [
    [1, 'S', ''],
    [1, 'Z', 'CATEGORY_INVALID'],
    [1, 'y', 'CATEGORY_INVALID'],
    [2, 'A', 'INSTITUTION_CODE_INVALID'],
    [3, 'O', 'INSTITUTION_CODE_INVALID'],
    [4, ' ', 'INSTITUTION_CODE_INVALID'],
    [5, 'B', 'INSTITUTION_CODE_INVALID'],
    [6, '9', 'PROVINCE_CODE_INVALID'],
    [7, '9', 'PROVINCE_CODE_INVALID'],
    [7, 'A', 'PROVINCE_CODE_INVALID'],
    [8, 'X', 'SITE_CODE_INVALID'],
    [9, 'X', 'SITE_CODE_INVALID'],
    [10, 'X', 'SITE_CODE_INVALID'],
    [11, 'X', 'SITE_CODE_INVALID'],
    [12, 'X', 'SITE_CODE_INVALID'],
    [13, 'X', 'SITE_CODE_INVALID'],
    [14, 'X', 'YEAR_INVALID'],
    [15, 'X', 'YEAR_INVALID'],
    [16, '0', 'LEVEL_INVALID'],
    [16, '6', 'LEVEL_INVALID'],
    [16, 't', 'LEVEL_INVALID'],
    [17, 'X', 'SERIAL_INVALID'],
    [18, 'X', 'SERIAL_INVALID'],
    [19, 'X', 'SERIAL_INVALID'],
    [20, 'X', 'SERIAL_INVALID'],
    [21, 'X', 'SERIAL_INVALID'],
    [22, 'X', 'SERIAL_INVALID'],
  ];
  for (const [position, character, expected] of offByOne) {
    it(`position ${position} → "${character}": ${expected || 'still valid'}`, () => {
      const code = BASE.slice(0, position - 1) + character + BASE.slice(position);
      const result = parseCertificateCode(code);
      if (expected === '') {
        expect(result.valid).toBe(true);
        return;
      }
      expect(result.valid).toBe(false);
      if (result.valid) return;
      expect(result.errors).toHaveLength(1);
      const [error] = result.errors;
      expect(error.code).toBe(expected);
      expect(error.position! <= position && position < error.position! + error.width!).toBe(true);
      expect(error.message['zh-CN']).toContain(`第${error.position}`);
      expect(error.message.en).toMatch(/^Positions? /);
    });
  }

  it('gives every reason a code is bad, not only the first', () => {
    const result = parseCertificateCode('Z00A09000X0XXA0000000');
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.errors.map((error) => error.code)).toEqual([
      'CODE_LENGTH',
      'CATEGORY_INVALID',
      'INSTITUTION_CODE_INVALID',
      'PROVINCE_CODE_INVALID',
      'SITE_CODE_INVALID',
      'YEAR_INVALID',
      'LEVEL_INVALID',
    ]);
  });

  it('reports a missing and an extra character as the wrong length', () => {
    expect(errorCodes(BASE.slice(0, 21))).toContain('CODE_LENGTH');
    expect(errorCodes(`${BASE}1`)).toEqual(['CODE_LENGTH']);
    expect(errorCodes('')).toEqual(['CODE_LENGTH']);
  });

  it('checks the parts a short code holds in full', () => {
    // 10 characters: category, institution and province are whole; the site is cut off.
    expect(errorCodes('Z00008000')).toEqual(['CODE_LENGTH', 'CATEGORY_INVALID', 'PROVINCE_CODE_INVALID']);
  });

  it('accepts 66 (新疆生产建设兵团) and refuses Taiwan, Hong Kong and Macao', () => {
    expect(parseCertificateCode('Y00006600000222T000015').valid).toBe(true);
    for (const code of ['71', '81', '82', '83', '00', '99']) {
      expect(errorCodes(`Y0000${code}00000222T000015`)).toEqual(['PROVINCE_CODE_INVALID']);
    }
  });

  it('takes the provincial table as data', () => {
    const provinces = { '23': { 'zh-CN': '黑龙江省', en: 'Heilongjiang' } };
    expect(parseCertificateCode('Y00002300000121T000001', { provinces }).valid).toBe(true);
    expect(errorCodes('Y00001100000121T000001', { provinces })).toEqual(['PROVINCE_CODE_INVALID']);
  });

  it('accepts every level and both institution categories', () => {
    for (const level of ['T', '1', '2', '3', '4', '5']) {
      expect(parseCertificateCode(`S99993200123423${level}999999`).valid).toBe(true);
    }
  });

  it('refuses a year of issue after today only when told today', () => {
    expect(parseCertificateCode('Y00001100000299T000015').valid).toBe(true);
    expect(errorCodes('Y00001100000299T000015', { today: '2025-06-30' })).toEqual(['YEAR_IN_FUTURE']);
    expect(parseCertificateCode('Y00001100000225T000015', { today: '2025-01-01' }).valid).toBe(true);
    expect(errorCodes('Y00001100000226T000015', { today: '2025-12-31' })).toEqual(['YEAR_IN_FUTURE']);
  });

  it('writes every message in both languages', () => {
    const result = parseCertificateCode('z0A0XX0000022ZT00000');
    expect(result.valid).toBe(false);
    if (result.valid) return;
    for (const error of result.errors) {
      expect(error.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(error.message.en).toMatch(/^[A-Z]/);
    }
  });
});

describe('makeCertificateCode', () => {
  it('builds the example of the issue', () => {
    const result = makeCertificateCode({
      category: 'Y',
      institutionCode: '0000',
      provinceCode: '23',
      siteCode: '000001',
      year: 2021,
      level: 'T',
      serial: 1,
    });
    expect(result).toEqual({
      valid: true,
      code: 'Y00002300000121T000001',
      parts: {
        category: 'Y',
        institutionCode: '0000',
        provinceCode: '23',
        siteCode: '000001',
        year: 2021,
        level: 'T',
        serial: '000001',
      },
    });
  });

  it('pads a serial given as digits and takes the last serial', () => {
    const settings = { category: 'S', institutionCode: '0050', provinceCode: '32', siteCode: '001234', year: 2023, level: 'T' };
    expect(makeCertificateCode({ ...settings, serial: '4321' })).toMatchObject({ code: 'S00503200123423T004321' });
    expect(makeCertificateCode({ ...settings, serial: 999_999 })).toMatchObject({ code: 'S00503200123423T999999' });
  });

  it('reports every bad setting, naming its field, in the order of the code', () => {
    const result = makeCertificateCode({
      category: 'X',
      institutionCode: '12',
      provinceCode: '80',
      siteCode: '12345a',
      year: 1999,
      level: '6',
      serial: 1_000_000,
    });
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.errors.map((error) => [error.field, error.code])).toEqual([
      ['category', 'CATEGORY_INVALID'],
      ['institutionCode', 'INSTITUTION_CODE_INVALID'],
      ['provinceCode', 'PROVINCE_CODE_INVALID'],
      ['siteCode', 'SITE_CODE_INVALID'],
      ['year', 'YEAR_INVALID'],
      ['level', 'LEVEL_INVALID'],
      ['serial', 'SERIAL_INVALID'],
    ]);
    for (const error of result.errors) expect(error.position).toBeUndefined();
  });

  it('refuses serial 0, a fractional serial and a year with a fraction', () => {
    const settings = { category: 'Y', institutionCode: '0000', provinceCode: '23', siteCode: '000001', level: 'T' };
    for (const serial of [0, '0', '000000', 1.5, '1234567', '-1', 'abc']) {
      const result = makeCertificateCode({ ...settings, year: 2021, serial });
      expect(result.valid, String(serial)).toBe(false);
    }
    expect(makeCertificateCode({ ...settings, year: 2021.5, serial: 1 }).valid).toBe(false);
    expect(makeCertificateCode({ ...settings, year: 2026, serial: 1 }, { today: '2025-12-31' })).toMatchObject({
      valid: false,
      errors: [{ code: 'YEAR_IN_FUTURE', field: 'year' }],
    });
  });

  it('round-trips: parse(make(settings)) gives the settings back', () => {
    fc.assert(
      fc.property(settingsArbitrary, (settings) => {
        const made = makeCertificateCode(settings);
        expect(made.valid).toBe(true);
        if (!made.valid) return;
        expect(made.code).toHaveLength(22);
        const parsed = parseCertificateCode(made.code);
        expect(parsed).toEqual(made);
        expect(parsed.valid && parsed.parts).toEqual({ ...settings, serial: String(settings.serial).padStart(6, '0') });
      }),
    );
  });
});

describe('single-character mutations (property)', () => {
  const alphabet = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 'a', 't', 'y', ' ', '-', '零'];
  it('a mutated code is valid with a different part, or refused at the mutated part', () => {
    fc.assert(
      fc.property(
        settingsArbitrary,
        fc.integer({ min: 1, max: 22 }),
        fc.constantFrom(...alphabet),
        (settings, position, character) => {
          const made = makeCertificateCode(settings);
          if (!made.valid) throw new Error('the generator made invalid settings');
          const original = made.code;
          fc.pre(original.charAt(position - 1) !== character);
          const mutated = original.slice(0, position - 1) + character + original.slice(position);
          const layout = CERTIFICATE_CODE_LAYOUT.find(
            (candidate) => candidate.position <= position && position < candidate.position + candidate.width,
          )!;
          const result = parseCertificateCode(mutated);
          if (result.valid) {
            expect(result.parts[layout.part]).not.toEqual(made.parts[layout.part]);
            for (const other of CERTIFICATE_CODE_LAYOUT) {
              if (other.part !== layout.part) expect(result.parts[other.part]).toEqual(made.parts[other.part]);
            }
          } else {
            expect(result.errors).toHaveLength(1);
            expect(result.errors[0].position).toBe(layout.position);
            expect(result.errors[0].field).toBe(layout.part);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a dropped or added character is always refused', () => {
    fc.assert(
      fc.property(settingsArbitrary, fc.integer({ min: 0, max: 22 }), fc.constantFrom(...alphabet), (settings, index, character) => {
        const made = makeCertificateCode(settings);
        if (!made.valid) throw new Error('the generator made invalid settings');
        const dropped = made.code.slice(0, index % 22) + made.code.slice((index % 22) + 1);
        const added = made.code.slice(0, index) + character + made.code.slice(index);
        expect(errorCodes(dropped)).toContain('CODE_LENGTH');
        expect(errorCodes(added)).toContain('CODE_LENGTH');
      }),
    );
  });
});

describe('parseQualificationNumber (16-digit 职业资格证书)', () => {
  it('reads the parts, level digit at position 11', () => {
    expect(parseQualificationNumber('0823010011112345')).toEqual({
      valid: true,
      number: '0823010011112345',
      parts: {
        yearDigits: '08',
        year: 2008,
        regionCode: '23',
        cityCode: '01',
        institutionKind: '0',
        institutionSequence: '011',
        level: '1',
        serial: '12345',
      },
    });
  });

  it('reads 90–99 as the 1990s', () => {
    const result = parseQualificationNumber('9811000000300001');
    expect(result.valid && result.parts.year).toBe(1998);
    expect(result.valid && result.parts.level).toBe('3');
  });

  it('refuses a wrong length, letters and a level outside 1–5, all at once', () => {
    const result = parseQualificationNumber('08230A00111012');
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.errors.map((error) => error.code)).toEqual(['NUMBER_LENGTH', 'NUMBER_NOT_DIGITS']);
    expect(parseQualificationNumber('0823010011612345')).toMatchObject({
      valid: false,
      errors: [{ code: 'LEVEL_INVALID', position: 11 }],
    });
    expect(parseQualificationNumber('0823010011012345')).toMatchObject({ valid: false, errors: [{ code: 'LEVEL_INVALID' }] });
  });

  it('accepts any 16 digits whose level digit is 1–5 (property)', () => {
    fc.assert(
      fc.property(digits(10), fc.constantFrom('1', '2', '3', '4', '5'), digits(5), (head, level, tail) => {
        const result = parseQualificationNumber(head + level + tail);
        expect(result.valid && result.parts.level).toBe(level);
      }),
    );
  });
});
