import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addYears, fromDayNumber, toDayNumber } from '../../src/domain/calendar-date.ts';
import {
  BASIC_CONDITION_IDS,
  checkEligibility,
  postCompletionDate,
  PRIORITY_CONDITION_IDS,
  type EligibilityApplicant,
  type EligibilityPlan,
} from '../../src/domain/eligibility.ts';
import { parseEligibilityInput } from '../../src/domain/eligibility-input.ts';
import { DomainError } from '../../src/domain/errors.ts';

/** The input of DOMAIN.md "Eligibility". */
const example = {
  plan: { cutoffDate: '2021-10-31', occupations: ['6-18-01-01'], minYearsInPost: 5 },
  applicant: {
    qualification: { kind: 'skill-level', certificateNumber: 'Y000037000001181000123', level: 1 },
    seniorTechnicianPostSince: '2016-10-31',
    occupationCode: '6-18-01-01',
    stillInOccupation: true,
    conductPledge: true,
    disciplinaryRecord: false,
    achievements: ['mentoring'],
    healthFit: true,
    bannedUntil: null,
    honors: [],
  },
} as const;

const plan: EligibilityPlan = example.plan;
/** The example with front-line work stated (the example leaves it for HR to confirm). */
const applicant: EligibilityApplicant = { ...example.applicant, frontLine: true, post: '数控车床操作', department: '金工车间' };

function check(planChanges: Partial<EligibilityPlan> = {}, applicantChanges: Partial<EligibilityApplicant> = {}) {
  return checkEligibility({ ...plan, ...planChanges }, { ...applicant, ...applicantChanges });
}

function failed(result: ReturnType<typeof check>): string[] {
  return result.conditions.filter((condition) => condition.state === 'not-met').map((condition) => condition.id);
}

function toCheck(result: ReturnType<typeof check>): string[] {
  return result.conditions.filter((condition) => condition.state === 'to-check').map((condition) => condition.id);
}

const conditionOf = (result: ReturnType<typeof check>, id: string) => result.conditions.find((condition) => condition.id === id)!;

describe('checkEligibility: the example of DOMAIN.md', () => {
  it('leaves front-line work for HR to confirm when the input does not state it: to be checked, nothing failed', () => {
    const result = checkEligibility(example.plan, example.applicant);
    expect(result.outcome).toBe('to-check');
    expect(result.eligible).toBe(false);
    expect(failed(result)).toEqual([]);
    expect(toCheck(result)).toEqual(['frontLine']);
    expect(conditionOf(result, 'frontLine').reason['zh-CN']).toContain('生产科研一线');
  });

  it('is eligible, without priority, every condition met with a bilingual reason, once front-line work is stated', () => {
    const result = check();
    expect(result.outcome).toBe('eligible');
    expect(result.eligible).toBe(true);
    expect(result.priority).toBe(false);
    expect(result.conditions.map((condition) => condition.id)).toEqual([...BASIC_CONDITION_IDS]);
    expect(result.priorityConditions.map((condition) => condition.id)).toEqual([...PRIORITY_CONDITION_IDS]);
    for (const condition of [...result.conditions, ...result.priorityConditions]) {
      expect(condition.reason['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(condition.reason.en).toMatch(/^[A-Z]/);
    }
    expect(result.conditions.every((condition) => condition.met)).toBe(true);
  });

  it('passes its own input schema', () => {
    const parsed = parseEligibilityInput(example);
    expect(parsed.valid).toBe(true);
    if (parsed.valid) expect(checkEligibility(parsed.input.plan, parsed.input.applicant).outcome).toBe('to-check');
    const stated = parseEligibilityInput({ ...example, applicant: { ...example.applicant, frontLine: true } });
    expect(stated.valid && checkEligibility(stated.input.plan, stated.input.applicant).eligible).toBe(true);
  });
});

describe('qualification', () => {
  it('wants level 1', () => {
    const result = check({}, { qualification: { kind: 'skill-level', certificateNumber: null, level: 2 } });
    expect(failed(result)).toEqual(['qualification']);
    expect(result.conditions[0].reason['zh-CN']).toContain('高级技师');
  });

  it('takes level 1 without a number', () => {
    expect(check({}, { qualification: { kind: 'vocational-qualification', level: 1 } }).eligible).toBe(true);
  });

  it('reads the level at position 16 of a skill level certificate code', () => {
    for (const level of ['2', 'T']) {
      const code = `Y0000370000011810${'00123'}`.slice(0, 15) + level + '000123';
      const result = check({}, { qualification: { kind: 'skill-level', certificateNumber: code, level: 1 } });
      expect(failed(result), code).toEqual(['qualification']);
      expect(result.conditions[0].reason['zh-CN']).toContain('第16位');
    }
  });

  it('refuses an invalid skill level certificate code with its reasons', () => {
    const result = check({}, { qualification: { kind: 'skill-level', certificateNumber: 'Y00008000000118100012', level: 1 } });
    expect(failed(result)).toEqual(['qualification']);
    expect(result.conditions[0].reason['zh-CN']).toContain('22位');
    expect(result.conditions[0].reason['zh-CN']).toContain('省级行政区划代码');
  });

  it('takes an older or local number (13 digits and others) for HR to check, never as not met', () => {
    for (const number of ['2301001123456', 'HLJ-1998-00123', '0601234567']) {
      const result = check({}, { qualification: { kind: 'vocational-qualification', certificateNumber: number, level: 1, issuer: '黑龙江省职业技能鉴定指导中心' } });
      expect(result.outcome, number).toBe('to-check');
      expect(toCheck(result)).toEqual(['qualification']);
      expect(conditionOf(result, 'qualification').reason['zh-CN']).toContain('对照证书原件核验');
      expect(conditionOf(result, 'qualification').reason['zh-CN']).toContain('黑龙江省职业技能鉴定指导中心');
    }
    // The level stated still decides: a 技师 (level 2) certificate is not met whatever its number.
    expect(failed(check({}, { qualification: { kind: 'vocational-qualification', certificateNumber: '2301001123456', level: 2 } }))).toEqual(['qualification']);
  });

  it('reads the level at position 11 of a 16-digit vocational qualification number', () => {
    const ok = check({}, { qualification: { kind: 'vocational-qualification', certificateNumber: '0823010011112345', level: 1 } });
    expect(ok.eligible).toBe(true);
    const second = check({}, { qualification: { kind: 'vocational-qualification', certificateNumber: '0823010011212345', level: 1 } });
    expect(failed(second)).toEqual(['qualification']);
    expect(second.conditions[0].reason['zh-CN']).toContain('第11位');
    const wrong = check({}, { qualification: { kind: 'vocational-qualification', certificateNumber: 'Y000037000001181000123', level: 1 } });
    expect(failed(wrong)).toEqual(['qualification']);
  });
});

describe('yearsInPost: postSince + minYearsInPost years ≤ cutoffDate', () => {
  it('is met on the day the 5 years are complete, not the day before', () => {
    expect(check({ cutoffDate: '2021-10-31' }, { seniorTechnicianPostSince: '2016-10-31' }).eligible).toBe(true);
    expect(failed(check({ cutoffDate: '2021-10-30' }, { seniorTechnicianPostSince: '2016-10-31' }))).toEqual(['yearsInPost']);
    expect(failed(check({ cutoffDate: '2021-10-31' }, { seniorTechnicianPostSince: '2016-11-01' }))).toEqual(['yearsInPost']);
  });

  it('a post since 29 February completes on 28 February in a common year', () => {
    expect(postCompletionDate('2016-02-29', 5)).toBe('2021-02-28');
    expect(check({ cutoffDate: '2021-02-28' }, { seniorTechnicianPostSince: '2016-02-29' }).eligible).toBe(true);
    expect(failed(check({ cutoffDate: '2021-02-27' }, { seniorTechnicianPostSince: '2016-02-29' }))).toEqual(['yearsInPost']);
    // In a leap year the anniversary exists: 2016-02-29 + 4 years is 2020-02-29.
    expect(check({ cutoffDate: '2020-02-29', minYearsInPost: 4 }, { seniorTechnicianPostSince: '2016-02-29' }).eligible).toBe(true);
    expect(failed(check({ cutoffDate: '2020-02-28', minYearsInPost: 4 }, { seniorTechnicianPostSince: '2016-02-29' }))).toEqual([
      'yearsInPost',
    ]);
  });

  it('says the day the years complete', () => {
    const result = check({ cutoffDate: '2021-10-30' }, { seniorTechnicianPostSince: '2016-10-31' });
    expect(conditionOf(result, 'yearsInPost').reason['zh-CN']).toContain('2021-10-31');
    expect(conditionOf(result, 'yearsInPost').reason.en).toContain('2021-10-31');
  });

  it('honours a plan that sets fewer years', () => {
    expect(check({ cutoffDate: '2021-10-31', minYearsInPost: 1 }, { seniorTechnicianPostSince: '2020-10-31' }).eligible).toBe(true);
    expect(failed(check({ cutoffDate: '2021-10-31', minYearsInPost: 1 }, { seniorTechnicianPostSince: '2020-11-01' }))).toEqual([
      'yearsInPost',
    ]);
  });

  it('refuses minYearsInPost that is not a whole number of at least 1', () => {
    for (const years of [0, -5, 2.5]) {
      expect(() => check({ minYearsInPost: years })).toThrow(DomainError);
    }
  });

  it('met exactly when the cut-off is on or after the anniversary (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toDayNumber('1990-01-01'), max: toDayNumber('2030-12-31') }).map(fromDayNumber),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: -400, max: 400 }),
        (since, years, offset) => {
          const cutoff = addDays(addYears(since, years), offset);
          const met = conditionOf(check({ cutoffDate: cutoff, minYearsInPost: years }, { seniorTechnicianPostSince: since }), 'yearsInPost').met;
          expect(met).toBe(offset >= 0);
        },
      ),
    );
  });
});

describe('occupation, conduct, performance, health', () => {
  it('occupation: still in it and in the plan’s scope, both reasons given', () => {
    expect(failed(check({}, { stillInOccupation: false }))).toEqual(['occupation']);
    expect(failed(check({}, { occupationCode: '6-18-01-02' }))).toEqual(['occupation']);
    const both = check({}, { stillInOccupation: false, occupationCode: '6-18-01-02' });
    expect(conditionOf(both, 'occupation').reason['zh-CN']).toContain('；');
    expect(check({ occupations: ['6-18-01-02', '6-18-01-01'] }).eligible).toBe(true);
  });

  it('conduct: 三(一)1 in full; no pledge is not met, a disciplinary record is for HR to decide', () => {
    expect(failed(check({}, { conductPledge: false }))).toEqual(['conduct']);
    const record = check({}, { disciplinaryRecord: true });
    expect(failed(record)).toEqual([]);
    expect(toCheck(record)).toEqual(['conduct']);
    expect(record.outcome).toBe('to-check');
    expect(conditionOf(record, 'conduct').reason['zh-CN']).toContain('须由人力资源部门结合记录认定');
    for (const words of ['工匠精神', '爱岗敬业', '甘于奉献', '公认度高']) expect(conditionOf(check(), 'conduct').reason['zh-CN']).toContain(words);
  });

  it('front-line work: stated, denied, or for HR to confirm from the post and department', () => {
    expect(conditionOf(check(), 'frontLine')).toMatchObject({ state: 'met', met: true });
    expect(conditionOf(check(), 'frontLine').reason['zh-CN']).toContain('数控车床操作');
    expect(failed(check({}, { frontLine: false }))).toEqual(['frontLine']);
    expect(toCheck(check({}, { frontLine: null }))).toEqual(['frontLine']);
  });

  it('performance: at least one of the four routes; unknown ones do not count', () => {
    for (const achievement of ['operating-method', 'technology-transfer', 'innovation', 'mentoring']) {
      expect(check({}, { achievements: [achievement] }).eligible, achievement).toBe(true);
    }
    expect(failed(check({}, { achievements: [] }))).toEqual(['performance']);
    expect(failed(check({}, { achievements: ['sports'] }))).toEqual(['performance']);
  });

  it('health: the notice’s words, physically fit for the needs of the post', () => {
    expect(failed(check({}, { healthFit: false }))).toEqual(['health']);
    expect(conditionOf(check(), 'health').reason['zh-CN']).toBe('具有适应工作岗位需要的身体条件');
  });
});

describe('notBanned: no ban running at the cut-off date', () => {
  it('a ban ending before the cut-off date is over; one ending on it still runs', () => {
    expect(check({}, { bannedUntil: '2021-10-30' }).eligible).toBe(true);
    expect(failed(check({}, { bannedUntil: '2021-10-31' }))).toEqual(['notBanned']);
    expect(failed(check({}, { bannedUntil: '2026-10-31' }))).toEqual(['notBanned']);
    expect(check({}, { bannedUntil: undefined }).eligible).toBe(true);
  });
});

describe('priority', () => {
  it('counts one honour for an eligible applicant', () => {
    for (const honor of PRIORITY_CONDITION_IDS) {
      const result = check({}, { honors: [honor] });
      expect(result.priority, honor).toBe(true);
      expect(result.priorityConditions.filter((condition) => condition.met).map((condition) => condition.id)).toEqual([honor]);
    }
  });

  it('does not count for an applicant who misses a basic condition, and says why', () => {
    const result = check({}, { honors: ['china-skills-award'], healthFit: false });
    expect(result.eligible).toBe(false);
    expect(result.priority).toBe(false);
    expect(result.priorityConditions[0].met).toBe(false);
    expect(result.priorityConditions[0].reason['zh-CN']).toContain('基本条件');
  });

  it('eligible ⇔ all basic met; priority ⇔ eligible and an honour (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          stillInOccupation: fc.boolean(),
          conductPledge: fc.boolean(),
          disciplinaryRecord: fc.boolean(),
          healthFit: fc.boolean(),
          achievements: fc.subarray(['operating-method', 'technology-transfer', 'innovation', 'mentoring']),
          honors: fc.subarray([...PRIORITY_CONDITION_IDS]),
        }),
        (changes) => {
          const result = check({}, changes);
          expect(result.eligible).toBe(result.conditions.every((condition) => condition.met));
          expect(result.outcome).toBe(result.conditions.some((c) => c.state === 'not-met') ? 'ineligible' : result.conditions.some((c) => c.state === 'to-check') ? 'to-check' : 'eligible');
          expect(result.priority).toBe(result.eligible && changes.honors.length > 0);
          expect(result.priority).toBe(result.priorityConditions.some((condition) => condition.met));
        },
      ),
    );
  });
});

describe('invalid dates are input faults', () => {
  it('refuses an unreal cut-off, post or ban date with INVALID_DATE', () => {
    expect(() => check({ cutoffDate: '2021-02-29' })).toThrow(/not a real date/);
    expect(() => check({}, { seniorTechnicianPostSince: '2016-13-01' })).toThrow(DomainError);
    expect(() => check({}, { bannedUntil: 'never' })).toThrow(DomainError);
  });
});

describe('parseEligibilityInput', () => {
  it('reports every fault with its field, in both languages', () => {
    const parsed = parseEligibilityInput({
      plan: { cutoffDate: '2021-02-29', occupations: [] },
      applicant: { ...example.applicant, qualification: { kind: 'diploma', level: 0 }, achievements: ['sports'], healthFit: 'yes' },
    });
    expect(parsed.valid).toBe(false);
    if (parsed.valid) return;
    expect(parsed.errors.map((error) => error.field).sort()).toEqual(
      [
        'applicant.achievements.0',
        'applicant.healthFit',
        'applicant.qualification.kind',
        'applicant.qualification.level',
        'plan.cutoffDate',
        'plan.occupations',
      ].sort(),
    );
    for (const error of parsed.errors) {
      expect(error.code).toBe('INPUT_INVALID');
      expect(error.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('names a missing field', () => {
    const { healthFit: _healthFit, ...withoutHealth } = example.applicant;
    const parsed = parseEligibilityInput({ plan: example.plan, applicant: withoutHealth });
    expect(parsed).toMatchObject({ valid: false, errors: [{ field: 'applicant.healthFit' }] });
    expect(!parsed.valid && parsed.errors[0].message['zh-CN']).toContain('缺少必填项');
  });

  it('wants the policy document of a plan that sets minYearsInPost other than 5', () => {
    expect(parseEligibilityInput({ ...example, plan: { ...example.plan, minYearsInPost: 4 } })).toMatchObject({
      valid: false,
      errors: [{ field: 'plan.minYearsInPostPolicyDocument' }],
    });
    expect(
      parseEligibilityInput({
        ...example,
        plan: { ...example.plan, minYearsInPost: 4, minYearsInPostPolicyDocument: '某省人社厅关于特级技师评聘的实施意见' },
      }).valid,
    ).toBe(true);
  });

  it('refuses input that is not an object', () => {
    expect(parseEligibilityInput('x')).toMatchObject({ valid: false, errors: [{ code: 'INPUT_INVALID' }] });
  });
});
