import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCalendarDate, fromDayNumber, toDayNumber } from '../../src/domain/calendar-date.ts';
import {
  IDENTITY_TYPES,
  maskIdNumber,
  residentIdCheckCharacter,
  validateIdentity,
  validateResidentId,
  type IdentityType,
} from '../../src/domain/identity.ts';
import { MAINLAND_PROVINCES } from '../../src/domain/provinces.ts';

interface IdentityVectors {
  valid: { number: string; birthDate: string; gender: 'male' | 'female' }[];
  invalid: { number: string; why: string }[];
}
const vectors = JSON.parse(
  readFileSync(new URL('../fixtures/vectors/identity-numbers.json', import.meta.url), 'utf8'),
) as IdentityVectors;

const TODAY = '2025-06-30';
const options = { today: TODAY };

/** A full number from a 17-digit body. */
function complete(body: string): string {
  return body + residentIdCheckCharacter(body);
}

function codes(type: IdentityType, number: string, today = TODAY): string[] {
  const result = validateIdentity(type, number, { today });
  return result.valid ? [] : result.errors.map((error) => error.code);
}

const digit = fc.constantFrom(...'0123456789');
const digitString = (width: number) => fc.array(digit, { minLength: width, maxLength: width }).map((list) => list.join(''));
const birthDate = fc
  .integer({ min: toDayNumber('1900-01-01'), max: toDayNumber(TODAY) })
  .map((day) => fromDayNumber(day).replaceAll('-', ''));
const residentBody = fc
  .tuple(fc.constantFrom(...Object.keys(MAINLAND_PROVINCES)), digitString(4), birthDate, digitString(3))
  .map(([province, area, birth, sequence]) => `${province}${area}${birth}${sequence}`);

describe('resident identity number: public vectors', () => {
  for (const vector of vectors.valid) {
    it(`accepts ${vector.number}: ${vector.birthDate}, ${vector.gender}`, () => {
      const result = validateResidentId(vector.number, options);
      expect(result).toMatchObject({ valid: true, birthDate: vector.birthDate, gender: vector.gender });
    });
  }
  const expected: Record<string, string> = {
    '110105194912310021': 'ID_CHECK_DIGIT_MISMATCH',
    '440304199002301515': 'ID_BIRTH_DATE_INVALID',
    '000105198001010010': 'ID_REGION_INVALID',
  };
  for (const vector of vectors.invalid) {
    it(`refuses ${vector.number} (${vector.why})`, () => {
      expect(codes('resident-id', vector.number)).toContain(expected[vector.number]);
    });
  }
});

describe('resident identity number: every check', () => {
  it('gives every reason, not only the first', () => {
    // Region 00, 30 February, and a check digit computed for nothing.
    expect(codes('resident-id', '000105199002301510')).toEqual([
      'ID_REGION_INVALID',
      'ID_BIRTH_DATE_INVALID',
      'ID_CHECK_DIGIT_MISMATCH',
    ]);
  });

  it('wants X in upper case', () => {
    expect(codes('resident-id', '11010519491231002x')).toEqual(['ID_CHECK_CHARACTER_LOWERCASE']);
    expect(codes('resident-id', '11010519491231002Y')).toEqual(['ID_CHECK_CHARACTER_FORMAT']);
  });

  it('refuses a birth date after today, and takes one of today', () => {
    const bornToday = complete('11010520250630001');
    expect(validateResidentId(bornToday, options)).toMatchObject({ valid: true, birthDate: '2025-06-30' });
    const bornTomorrow = complete('11010520250701001');
    expect(codes('resident-id', bornTomorrow)).toEqual(['ID_BIRTH_DATE_IN_FUTURE']);
  });

  it('takes 29 February only in a leap year', () => {
    expect(validateResidentId(complete('11010520000229001'), options).valid).toBe(true);
    expect(codes('resident-id', complete('11010519000229001'))).toEqual(['ID_BIRTH_DATE_INVALID']);
    expect(codes('resident-id', complete('11010520230229001'))).toEqual(['ID_BIRTH_DATE_INVALID']);
  });

  it('refuses regions that are no mainland province, and takes the table as data', () => {
    for (const region of ['00', '10', '16', '66', '71', '81', '82', '83', '99']) {
      expect(codes('resident-id', complete(`${region}010519800101001`))).toEqual(['ID_REGION_INVALID']);
    }
    const only = { '23': { 'zh-CN': '黑龙江省', en: 'Heilongjiang' } };
    expect(validateIdentity('resident-id', complete('23010519800101001'), { today: TODAY, provinces: only }).valid).toBe(true);
    expect(validateIdentity('resident-id', complete('11010519800101001'), { today: TODAY, provinces: only }).valid).toBe(false);
  });

  it('refuses the wrong length, letters in the body, and names a first-generation number', () => {
    expect(codes('resident-id', '11010519491231002')).toEqual(['ID_LENGTH']);
    expect(codes('resident-id', '110105491231002')).toEqual(['ID_LENGTH', 'ID_FIRST_GENERATION']);
    expect(codes('resident-id', '11010519491231002X1')).toEqual(['ID_LENGTH']);
    expect(codes('resident-id', '1101051949123100AX')).toContain('ID_NOT_DIGITS');
    expect(codes('resident-id', '')).toEqual(['ID_LENGTH']);
  });

  it('reads the gender from the 17th digit: odd male, even female', () => {
    expect(validateResidentId(complete('11010519800101001'), options)).toMatchObject({ gender: 'male' });
    expect(validateResidentId(complete('11010519800101000'), options)).toMatchObject({ gender: 'female' });
  });

  it('exactly one of the 11 check characters is valid for any body (property)', () => {
    fc.assert(
      fc.property(residentBody, (body) => {
        const valid = [...'0123456789X'].filter((check) => validateResidentId(body + check, options).valid);
        expect(valid).toEqual([residentIdCheckCharacter(body)]);
      }),
    );
  });

  it('any single-digit change in a valid number is caught (property)', () => {
    fc.assert(
      fc.property(residentBody, fc.integer({ min: 0, max: 16 }), digit, (body, index, replacement) => {
        fc.pre(body[index] !== replacement);
        const number = complete(body);
        const changed = number.slice(0, index) + replacement + number.slice(index + 1);
        expect(validateResidentId(changed, options).valid).toBe(false);
      }),
    );
  });

  it('gives birth date and gender for any valid number (property)', () => {
    fc.assert(
      fc.property(residentBody, (body) => {
        const result = validateResidentId(complete(body), options);
        expect(result.valid).toBe(true);
        if (!result.valid) return;
        const birth = body.slice(6, 14);
        expect(result.birthDate).toBe(formatCalendarDate(Number(birth.slice(0, 4)), Number(birth.slice(4, 6)), Number(birth.slice(6))));
        expect(result.gender).toBe(Number(body[16]) % 2 === 1 ? 'male' : 'female');
      }),
    );
  });

  it('computes the check character of GB 11643 (MOD 11-2)', () => {
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    expect(residentIdCheckCharacter('44030419900307151')).toBe('2');
    expect(() => residentIdCheckCharacter('1101051949123100')).toThrow(RangeError);
  });
});

describe('residence permit for Hong Kong, Macao and Taiwan residents', () => {
  it('takes 810000, 820000 and 830000 with the resident-ID check digit', () => {
    for (const region of ['81', '82', '83']) {
      const result = validateIdentity('hmt-residence-permit', complete(`${region}000019900101002`), options);
      expect(result).toMatchObject({ valid: true, birthDate: '1990-01-01', gender: 'female', regionCode: region });
    }
  });

  it('refuses other address codes and a wrong check digit', () => {
    expect(codes('hmt-residence-permit', complete('11010519900101002'))).toEqual(['ID_REGION_INVALID']);
    expect(codes('hmt-residence-permit', complete('81010019900101002'))).toEqual(['ID_REGION_INVALID']);
    expect(codes('hmt-residence-permit', complete('71000019900101002'))).toEqual(['ID_REGION_INVALID']);
    const number = complete('81000019900101002');
    const wrong = number.slice(0, 17) + (number[17] === '0' ? '1' : '0');
    expect(codes('hmt-residence-permit', wrong)).toEqual(['ID_CHECK_DIGIT_MISMATCH']);
  });
});

describe("foreigner's permanent residence identity card", () => {
  it('takes the 18-character card of 2023: 9, province, nationality, birth date, check digit', () => {
    const number = complete('93184019850615001');
    expect(validateIdentity('foreign-permanent-residence', number, options)).toMatchObject({
      valid: true,
      birthDate: '1985-06-15',
      regionCode: '31',
      edition: '2023',
    });
  });

  it('refuses an 18-character number without the leading 9, with a bad province, date or check digit', () => {
    expect(codes('foreign-permanent-residence', complete('13184019850615001'))).toEqual(['ID_FORMAT']);
    expect(codes('foreign-permanent-residence', complete('98084019850615001'))).toEqual(['ID_REGION_INVALID']);
    expect(codes('foreign-permanent-residence', complete('93184019850230001'))).toEqual(['ID_BIRTH_DATE_INVALID']);
    const number = complete('93184019850615001');
    expect(codes('foreign-permanent-residence', number.slice(0, 17) + (number[17] === '1' ? '2' : '1'))).toEqual([
      'ID_CHECK_DIGIT_MISMATCH',
    ]);
  });

  it('takes the 15-character card: 3 letters and 12 digits', () => {
    expect(validateIdentity('foreign-permanent-residence', 'USA318506150011', options)).toMatchObject({
      valid: true,
      regionCode: '31',
      edition: '2004',
    });
    expect(codes('foreign-permanent-residence', 'usa318506150011')).toEqual(['ID_FORMAT']);
    expect(codes('foreign-permanent-residence', 'USA808506150011')).toEqual(['ID_REGION_INVALID']);
    expect(codes('foreign-permanent-residence', 'USA318513150011')).toEqual(['ID_BIRTH_DATE_INVALID']);
    // 29 February 00: real in 2000.
    expect(validateIdentity('foreign-permanent-residence', 'GBR110002290011', options).valid).toBe(true);
    expect(codes('foreign-permanent-residence', 'GBR110102290011')).toEqual(['ID_BIRTH_DATE_INVALID']);
  });

  it('refuses other lengths', () => {
    expect(codes('foreign-permanent-residence', 'USA31850615001')).toEqual(['ID_LENGTH']);
  });
});

describe('passports and travel permits', () => {
  it('passport: 5–17 capital letters and digits with at least one digit', () => {
    for (const number of ['E12345678', 'EA1234567', 'G12345678', '123456789', 'K1234', 'X12345678901234567'.slice(0, 17)]) {
      expect(validateIdentity('passport', number, options).valid, number).toBe(true);
    }
    for (const number of ['e12345678', 'E123', 'ABCDEFGHI', 'E1234 5678', 'X123456789012345678', '']) {
      expect(codes('passport', number), number).toEqual(['ID_FORMAT']);
    }
  });

  it('港澳居民来往内地通行证: H or M and 8 digits (10 on the older card)', () => {
    expect(validateIdentity('hk-macao-pass', 'H12345678', options)).toMatchObject({ valid: true, regionCode: 'HK', edition: '2013' });
    expect(validateIdentity('hk-macao-pass', 'M1234567890', options)).toMatchObject({ valid: true, regionCode: 'MO' });
    for (const number of ['h12345678', 'C12345678', 'H1234567', 'H123456789', '12345678']) {
      expect(codes('hk-macao-pass', number), number).toEqual(['ID_FORMAT']);
    }
  });

  it('台湾居民来往大陆通行证: 8 digits (10 on the older booklet)', () => {
    expect(validateIdentity('taiwan-pass', '12345678', options)).toMatchObject({ valid: true, edition: '2015' });
    expect(validateIdentity('taiwan-pass', '1234567890', options)).toMatchObject({ valid: true, edition: 'before-2015' });
    for (const number of ['1234567', '123456789', 'T1234567', '']) {
      expect(codes('taiwan-pass', number), number).toEqual(['ID_FORMAT']);
    }
  });

  it('every message of every type is bilingual', () => {
    for (const type of IDENTITY_TYPES) {
      const result = validateIdentity(type, '??', options);
      expect(result.valid).toBe(false);
      if (result.valid) continue;
      for (const error of result.errors) {
        expect(error.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
        expect(error.message.en).toMatch(/^[A-Z]/);
      }
    }
  });

  it('refuses an invalid today', () => {
    expect(() => validateIdentity('passport', 'E12345678', { today: '2025-02-30' })).toThrow(/INVALID_DATE|not a real date/);
  });
});

describe('maskIdNumber', () => {
  it('shows at most the first 6 and the last 4 characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('USA318506150011')).toBe('USA31******0011');
    expect(maskIdNumber('H12345678901')).toBe('H123****8901');
    expect(maskIdNumber('E12345678')).toBe('E12***678');
    expect(maskIdNumber('12345678')).toBe('12****78');
    expect(maskIdNumber('AB')).toBe('**');
    expect(maskIdNumber('')).toBe('');
  });

  it('keeps the length, hides at least a third, shows at most 6 + 4 (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }).filter((text) => !text.includes('*')), (number) => {
        const masked = maskIdNumber(number);
        expect(masked).toHaveLength(number.length);
        const hidden = [...masked].filter((character) => character === '*').length;
        expect(hidden).toBeGreaterThanOrEqual(Math.ceil(number.length / 3));
        if (hidden === 0) return;
        expect(masked.indexOf('*')).toBeLessThanOrEqual(6);
        expect(number.length - 1 - masked.lastIndexOf('*')).toBeLessThanOrEqual(4);
        expect(masked.slice(masked.lastIndexOf('*') + 1)).toBe(number.slice(masked.lastIndexOf('*') + 1));
      }),
    );
  });
});
