import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addYears, formatCalendarDate, fromDayNumber, toDayNumber } from '../../src/domain/calendar-date.ts';
import { residentIdCheckCharacter } from '../../src/domain/identity.ts';
import { createRegisterRowChecker, createRegisterScreener, normaliseDate, parseHonours, screenRegisterEmployee, type RegisterEmployeeFacts, type RegisterRowInput } from '../../src/domain/register-rules.ts';

const TODAY = '2025-06-01';

function residentId(birth: string, sequence: number): string {
  const body = `230102${birth.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return body + residentIdCheckCharacter(body);
}

function row(overrides: Partial<RegisterRowInput> = {}): RegisterRowInput {
  return {
    name: '张建国',
    idType: '',
    idNumber: residentId('1978-03-15', 1),
    gender: '',
    birthDate: '',
    department: '总装车间',
    post: '数控车床操作',
    occupationCode: '6-18-01-01',
    certificateNumber: 'Y000023000001161000123',
    certificateDate: '2016-06-30',
    postSince: '2016-10-31',
    stillInOccupation: '是',
    honours: '',
    ...overrides,
  };
}

const checker = () => createRegisterRowChecker({ today: TODAY, isKnownOccupation: (code) => code.startsWith('6-') });

describe('a register row', () => {
  it('takes gender and birth date from the resident ID number when the row leaves them out', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1950, max: 1990 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 999 }), (year, month, day, sequence) => {
        const birth = formatCalendarDate(year, month, day);
        const { record, issues } = checker()(2, row({ idNumber: residentId(birth, sequence) }));
        expect(issues).toEqual([]);
        expect(record).toMatchObject({ birthDate: birth, gender: sequence % 2 === 1 ? 'male' : 'female', idType: 'resident-id', certificateKind: 'skill-level' });
      }),
    );
  });

  it('reports every fault of a row, each in both languages and with its column', () => {
    const { record, issues } = checker()(
      7,
      row({ idNumber: residentId('1978-03-15', 2), gender: '男', birthDate: '1978-03-16', occupationCode: '9-99', postSince: '2016-02-30', certificateDate: '2030-01-01', stillInOccupation: '也许', honours: '全国技术能手、劳动模范', certificateNumber: 'Y12345678901' }),
    );
    expect(record).toBeNull();
    expect(issues.map((issue) => `${issue.column}:${issue.code}`)).toEqual([
      'gender:GENDER_MISMATCH',
      'certificateDate:DATE_IN_FUTURE',
      'postSince:DATE_INVALID',
      'birthDate:BIRTH_DATE_MISMATCH',
      'occupationCode:OCCUPATION_UNKNOWN',
      'certificateNumber:CERTIFICATE_NUMBER_INVALID',
      'stillInOccupation:YES_NO_INVALID',
      'honours:HONOUR_UNKNOWN',
    ]);
    expect(issues.every((issue) => issue.row === 7 && issue.message['zh-CN'] && issue.message.en)).toBe(true);
  });

  it('keeps a row with an older certificate number (13 digits and other local forms), with a warning for HR to check it', () => {
    for (const number of ['2301001123456', '黑-1998-00123', '0601234567']) {
      const { record, issues, warnings } = checker()(5, row({ certificateNumber: number }));
      expect(issues, number).toEqual([]);
      expect(record).toMatchObject({ certificateNumber: number.toUpperCase(), certificateKind: 'vocational-qualification', post: '数控车床操作' });
      expect(warnings.map((warning) => `${warning.column}:${warning.code}:${warning.severity}`)).toEqual(['certificateNumber:CERTIFICATE_NUMBER_TO_CHECK:warning']);
      expect(warnings[0].message['zh-CN']).toContain('人力资源部门对照证书核验');
    }
    // A skill level code with a wrong length is a wrong code, not an older format.
    expect(checker()(5, row({ certificateNumber: 'Y00002300000116100012' })).issues.map((issue) => issue.code)).toEqual(['CERTIFICATE_NUMBER_INVALID']);
  });

  it('refuses a person twice in one file, naming the first row', () => {
    const check = checker();
    expect(check(2, row()).issues).toEqual([]);
    const second = check(3, row({ name: '重名' }));
    expect(second.issues.map((issue) => issue.code)).toEqual(['DUPLICATE_PERSON']);
    expect(second.issues[0].message['zh-CN']).toContain('第2行');
  });

  it('needs gender and birth date for an ID whose number does not carry them, and dates after the 16th birthday', () => {
    const passport = checker()(2, row({ idType: '护照', idNumber: 'E12345678' }));
    expect(passport.issues.map((issue) => `${issue.column}:${issue.code}`)).toEqual(['gender:REQUIRED', 'birthDate:REQUIRED']);
    const young = checker()(2, row({ postSince: '1990-01-01' }));
    expect(young.issues.map((issue) => `${issue.column}:${issue.code}`)).toEqual(['postSince:DATE_BEFORE_WORKING_AGE']);
  });

  it('reads dates in the usual written forms and honours by name or id', () => {
    expect(['2016-10-31', '2016/10/31', '2016.10.31', '20161031', '2016年10月31日', '2016-1-5'].map(normaliseDate)).toEqual(['2016-10-31', '2016-10-31', '2016-10-31', '2016-10-31', '2016-10-31', '2016-01-05']);
    expect(normaliseDate('2016-02-30')).toBeNull();
    expect(parseHonours('全国技术能手，china-skills-award；全国技术能手')).toEqual({ honours: ['national-technical-expert', 'china-skills-award'], unknown: [] });
  });
});

describe('screening the register against a plan', () => {
  const plan = { cutoffDate: '2025-10-31', occupations: ['6-18-01-01'], minYearsInPost: 5 };
  const facts = { certificateNumber: 'Y000023000001161000123', certificateKind: 'skill-level' as const, postSince: '2016-10-31', occupationCode: '6-18-01-01', stillInOccupation: true, honours: ['national-technical-expert'], bannedUntil: null };

  it('decides what the register holds and leaves conduct, performance and health to the applicant', () => {
    const screening = screenRegisterEmployee(plan, facts);
    expect(screening.outcome).toBe('meets');
    expect(screening.conditions.map((condition) => `${condition.id}:${condition.state}`)).toEqual([
      'qualification:met',
      'yearsInPost:met',
      'occupation:met',
      'frontLine:pending',
      'conduct:pending',
      'performance:pending',
      'health:pending',
      'notBanned:met',
    ]);
    expect(screening.priority).toEqual(['national-technical-expert']);
  });

  it('marks an older certificate number "to check", keeping the employee among those who meet the register’s conditions', () => {
    const screening = screenRegisterEmployee(plan, { ...facts, certificateNumber: '2301001123456', certificateKind: 'vocational-qualification' });
    expect(screening.outcome).toBe('meets');
    expect(screening.conditions[0]).toMatchObject({ id: 'qualification', state: 'to-check' });
    expect(createRegisterScreener(plan).outcome({ ...facts, certificateNumber: '2301001123456', certificateKind: 'vocational-qualification' }, null)).toBe('meets');
  });

  it('gives the reasons of those who do not meet them', () => {
    const screening = screenRegisterEmployee(plan, { ...facts, postSince: '2022-01-01', certificateNumber: 'Y000023000001162000124', bannedUntil: '2027-01-01' });
    expect(screening.outcome).toBe('not-met');
    const unmet = screening.conditions.filter((condition) => condition.state === 'not-met').map((condition) => condition.id);
    expect(unmet).toEqual(['qualification', 'yearsInPost', 'notBanned']);
    expect(screening.priority).toEqual([]);
  });

  it('gives a whole register the outcomes one employee at a time gives (the screener)', () => {
    const date = (from: string, to: string) => fc.integer({ min: toDayNumber(from), max: toDayNumber(to) }).map(fromDayNumber);
    const certificateNumber = fc.constantFrom(
      'Y000023000001161000123',
      'Y000023000001162000124',
      'Y00002300000116T000125',
      'S999932001234151999999',
      'Y000099000001161000123',
      'Y00002300000116100012',
      'X000023000001161000123',
      '2016230100111000',
      '2016230100121000',
      '20162301001A1000',
      '12345',
      '',
    );
    const planOf = fc.record({
      cutoffDate: fc.oneof(date('2018-01-01', '2030-12-31'), fc.constantFrom('2021-02-28', '2024-02-29', '2025-02-28')),
      occupations: fc.subarray(['6-18-01-01', '6-18-01-03', '6-31-01-03']),
      minYearsInPost: fc.integer({ min: 1, max: 8 }),
    });
    // Dates on and beside the plan's limits as well as anywhere: the day a post completes its years, a ban ending on the cut-off date.
    const near = (day: string) => fc.constantFrom(-1, 0, 1).map((offset) => fromDayNumber(toDayNumber(day) + offset));
    const factsFor = (plan: { cutoffDate: string; minYearsInPost: number }): fc.Arbitrary<RegisterEmployeeFacts> =>
      fc.record({
        certificateNumber,
        certificateKind: fc.constantFrom('skill-level' as const, 'vocational-qualification' as const),
        postSince: fc.oneof(date('1996-01-01', '2026-12-31'), fc.constantFrom('2016-02-29', '2020-02-29', '2021-02-28'), near(addYears(plan.cutoffDate, -plan.minYearsInPost))),
        occupationCode: fc.constantFrom('6-18-01-01', '6-18-01-03', '4-01-01-01'),
        stillInOccupation: fc.boolean(),
        honours: fc.constantFrom([], ['national-technical-expert']),
        bannedUntil: fc.option(fc.oneof(date('2020-01-01', '2030-12-31'), near(plan.cutoffDate)), { nil: null }),
      });
    fc.assert(
      fc.property(
        planOf.chain((plan) => fc.tuple(fc.constant(plan), fc.array(factsFor(plan), { minLength: 1, maxLength: 40 }))),
        ([plan, employees]) => {
          const screener = createRegisterScreener(plan);
          for (const employee of employees) expect(screener.outcome(employee, employee.bannedUntil)).toBe(screenRegisterEmployee(plan, employee).outcome);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses an invalid date or plan as screening one employee does', () => {
    const refusal = (work: () => unknown) => {
      try {
        work();
      } catch (error) {
        return error;
      }
      return null;
    };
    const cases: [typeof plan, RegisterEmployeeFacts][] = [
      [{ ...plan, cutoffDate: '2025-02-30' }, facts],
      [plan, { ...facts, postSince: '2016-13-01' }],
      [plan, { ...facts, bannedUntil: '2026-02-30' }],
      [{ ...plan, minYearsInPost: 0 }, facts],
    ];
    for (const [badPlan, badFacts] of cases) {
      const expected = refusal(() => screenRegisterEmployee(badPlan, badFacts));
      expect(expected).not.toBeNull();
      expect(refusal(() => createRegisterScreener(badPlan).outcome(badFacts, badFacts.bannedUntil))).toEqual(expected);
    }
    // A bad ban date is refused even after the employee's post date was seen.
    const screener = createRegisterScreener(plan);
    expect(screener.outcome(facts, null)).toBe('meets');
    expect(refusal(() => screener.outcome(facts, '2026-02-30'))).toEqual(refusal(() => screenRegisterEmployee(plan, { ...facts, bannedUntil: '2026-02-30' })));
  });
});
