import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseTrade, validateHolder, type HolderInput } from '../../src/domain/certificate-holder.ts';
import { residentIdCheckCharacter } from '../../src/domain/identity.ts';

const TODAY = '2025-06-30';

function residentId(birth: string, sequence: string): string {
  const body = `230102${birth}${sequence}`;
  return body + residentIdCheckCharacter(body);
}

const valid: HolderInput = {
  name: '张建国',
  idType: 'resident-id',
  idNumber: residentId('19750308', '001'),
  gender: 'male',
  birthDate: '1975-03-08',
  occupationCode: '6-31-01-03',
  occupationName: '电工',
  trade: null,
};

describe('validateHolder', () => {
  it('accepts a complete holder', () => {
    expect(validateHolder(valid, { today: TODAY })).toEqual([]);
  });

  it('lists every reason at once, each naming its field', () => {
    const issues = validateHolder(
      { ...valid, name: ' ', idNumber: residentId('19750308', '001').slice(0, 17) + 'Y', gender: 'female', birthDate: '2030-01-01', occupationCode: '63101', occupationName: '', trade: '甲'.repeat(101) },
      { today: TODAY },
    );
    // The number is malformed, so gender and birth date are not compared with it.
    expect(issues.map((issue) => `${issue.field}:${issue.code}`).sort()).toEqual(
      ['birthDate:DATE_IN_FUTURE', 'idNumber:ID_CHECK_CHARACTER_FORMAT', 'name:REQUIRED', 'occupationCode:OCCUPATION_CODE_INVALID', 'occupationName:REQUIRED', 'trade:TOO_LONG'].sort(),
    );
    for (const issue of issues) {
      expect(issue.message['zh-CN']).toBeTruthy();
      expect(issue.message.en).toBeTruthy();
    }
  });

  it('refuses a gender or birth date that contradicts the resident ID', () => {
    const issues = validateHolder({ ...valid, gender: 'female', birthDate: '1975-03-09' }, { today: TODAY });
    expect(issues.map((issue) => issue.code).sort()).toEqual(['BIRTH_DATE_MISMATCH', 'GENDER_MISMATCH']);
  });

  it('checks other ID types by their own format, without a birth date in the number', () => {
    expect(validateHolder({ ...valid, idType: 'passport', idNumber: 'E12345678', gender: 'female', birthDate: '1980-01-01' }, { today: TODAY })).toEqual([]);
  });

  it('agrees with the resident ID for any birth date and sequence (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1940-01-01T00:00:00Z'), max: new Date('2005-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 1, max: 999 }), (date, sequence) => {
        const birthDate = date.toISOString().slice(0, 10);
        const number = residentId(birthDate.replace(/-/g, ''), String(sequence).padStart(3, '0'));
        const gender = sequence % 2 === 1 ? 'male' : 'female';
        expect(validateHolder({ ...valid, idNumber: number, gender, birthDate }, { today: TODAY })).toEqual([]);
        expect(validateHolder({ ...valid, idNumber: number, gender: gender === 'male' ? 'female' : 'male', birthDate }, { today: TODAY }).map((issue) => issue.code)).toEqual(['GENDER_MISMATCH']);
      }),
    );
  });
});

describe('normaliseTrade', () => {
  it('prints -- for no trade, never blank', () => {
    expect(normaliseTrade(null)).toBe('--');
    expect(normaliseTrade('   ')).toBe('--');
    expect(normaliseTrade(' 数控车工 ')).toBe('数控车工');
  });
});
