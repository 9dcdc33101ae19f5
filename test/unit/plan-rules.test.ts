import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBeforeDeadline, pilotCandidateProblem } from '../../src/domain/pilot-rules.ts';
import {
  atLeastShare,
  defaultPlanContent,
  diffPlanContent,
  enterpriseCap,
  planDeviations,
  reReviewNoticeRequired,
  policyCitation,
  normalisedWeights,
  withPlanDefaults,
  quotaCap,
  validatePlan,
  type PlanContent,
  type PlanValidationContext,
} from '../../src/domain/plan-rules.ts';
import { createWorkCalendar } from '../../src/domain/working-days.ts';

const YEAR = 2024;
// 2024's State Council arrangement around National Day: 1–7 October off, 12 October worked.
const calendar = createWorkCalendar([
  {
    year: YEAR,
    holidays: ['2024-01-01', '2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-05', '2024-10-06', '2024-10-07'],
    workdays: ['2024-09-29', '2024-10-12'],
  },
]);

const context = (overrides: Partial<PlanValidationContext> = {}): PlanValidationContext => ({
  year: YEAR,
  kind: 'evaluation',
  isKnownOccupation: (code) => ['6-18-01-01', '6-18-02-04', '6-31-01-03'].includes(code),
  evaluationBody: { kind: 'evaluation-body', bodyType: 'internal', belongsToEnterprise: true },
  calendar,
  ...overrides,
});

function completePlan(): PlanContent {
  const content = defaultPlanContent('evaluation');
  return {
    ...content,
    title: '2024年特级技师评聘工作方案',
    occupations: ['6-18-01-01', '6-18-02-04'],
    eligibility: { ...content.eligibility, cutoffDate: '2024-08-31' },
    organisation: { form: 'own-body', evaluationBodyId: '00000000-0000-4000-8000-000000000001' },
    quotas: [
      { occupationCode: '6-18-01-01', maxCount: 3, ratioPercent: null, seniorTechnicianCount: null },
      { occupationCode: '6-18-02-04', maxCount: null, ratioPercent: 5, seniorTechnicianCount: 60 },
    ],
    timetable: {
      applicationFrom: '2024-09-02',
      applicationTo: '2024-09-13',
      reviewFrom: '2024-09-18',
      reviewTo: '2024-09-27',
      publicityFrom: '2024-09-30',
      publicityTo: '2024-10-11',
      issuanceDate: '2024-10-18',
    },
    contact: { name: '王工', phone: '0451-86543210' },
  };
}

const codes = (content: PlanContent, overrides: Partial<PlanValidationContext> = {}) => validatePlan(content, context(overrides)).map((issue) => `${issue.path}:${issue.code}`);

describe('validatePlan', () => {
  it('accepts a complete, consistent plan', () => {
    expect(validatePlan(completePlan(), context())).toEqual([]);
  });

  it('reports every missing part of an empty plan, never stopping at the first', () => {
    const issues = codes(defaultPlanContent('evaluation'));
    expect(issues).toEqual(
      expect.arrayContaining([
        'title:REQUIRED',
        'occupations:OCCUPATIONS_EMPTY',
        'eligibility.cutoffDate:REQUIRED',
        'organisation.form:REQUIRED',
        'organisation.evaluationBodyId:REQUIRED',
        'timetable.applicationFrom:REQUIRED',
        'timetable.issuanceDate:REQUIRED',
        'contact.name:REQUIRED',
        'contact.phone:REQUIRED',
      ]),
    );
    // The defaults themselves (weights, committee, publicity) are consistent.
    expect(issues.filter((issue) => /^(evaluation|committee|publicity)[.:]/.test(issue))).toEqual([]);
  });

  it('weights are any positive numbers, decimals allowed; they need not add up to 100', () => {
    const plan = completePlan();
    plan.evaluation.dimensions = [
      { code: 'performance', name: '业绩贡献', weight: 60 },
      { code: 'innovation', name: '技术创新', weight: 30 },
    ];
    expect(codes(plan)).toEqual([]);
    plan.evaluation.dimensions = [
      { code: 'performance', name: '业绩贡献', weight: 2.5 },
      { code: 'innovation', name: '技术创新', weight: 0.5 },
    ];
    expect(codes(plan)).toEqual([]);
    expect(normalisedWeights(plan.evaluation.dimensions)).toEqual({ performance: 2.5 / 3, innovation: 0.5 / 3 });
    plan.evaluation.dimensions = [
      { code: 'performance', name: '业绩贡献', weight: 100.5 },
      { code: 'performance', name: '重复', weight: 0 },
      { code: 'mentoring', name: '传技带徒', weight: -1 },
    ];
    expect(codes(plan)).toEqual(['evaluation.dimensions.1.code:DIMENSION_DUPLICATE', 'evaluation.dimensions.1.weight:WEIGHT_INVALID', 'evaluation.dimensions.2.weight:WEIGHT_INVALID']);
    expect(normalisedWeights(plan.evaluation.dimensions)).toBeNull();
  });

  it('the timetable is in order; it may cross the year end, bounded only by the calendars held', () => {
    const plan = completePlan();
    plan.timetable.reviewFrom = '2024-09-13';
    plan.timetable.publicityTo = '2024-09-29';
    plan.timetable.issuanceDate = '2025-01-05';
    // 2025 is not held: the issuance date's year cannot be counted, and the message says who loads it.
    expect(codes(plan)).toEqual(['timetable.issuanceDate:CALENDAR_MISSING', 'timetable.reviewFrom:TIMETABLE_ORDER', 'timetable.publicityTo:TIMETABLE_ORDER']);
    expect(validatePlan(plan, context())[0].message['zh-CN']).toContain('系统管理员或人社部管理员');
    plan.timetable.issuanceDate = '2024-02-30';
    expect(codes(plan)).toContain('timetable.issuanceDate:DATE_INVALID');
  });

  it('a plan of 2024 whose notice ends in January 2025 validates when 2025 is held; the cut-off date may lie in 2025 too', () => {
    const withNextYear = createWorkCalendar([
      ...[...calendar.years.entries()].map(([year, held]) => ({ year, holidays: [...held.holidays], workdays: [...held.workdays] })),
      { year: 2025, holidays: ['2025-01-01'], workdays: [] },
    ]);
    const plan = completePlan();
    plan.eligibility.cutoffDate = '2025-01-31';
    plan.timetable = {
      applicationFrom: '2024-11-01',
      applicationTo: '2024-11-15',
      reviewFrom: '2024-11-20',
      reviewTo: '2024-12-20',
      publicityFrom: '2024-12-27',
      publicityTo: '2025-01-06',
      issuanceDate: '2025-01-15',
    };
    expect(codes(plan, { calendar: withNextYear })).toEqual([]);
    expect(codes(plan)).toEqual(['timetable.publicityTo:CALENDAR_MISSING', 'timetable.issuanceDate:CALENDAR_MISSING']);
  });

  it('the public notice lasts at least 5 working days, and its window holds them under the State Council calendar', () => {
    const plan = completePlan();
    plan.publicity.workingDays = 4;
    expect(codes(plan)).toEqual(['publicity.workingDays:PUBLICITY_TOO_SHORT']);
    // 30 September to 8 October 2024 spans nine days, but National Day leaves two working days.
    plan.publicity.workingDays = 5;
    plan.timetable.publicityTo = '2024-10-08';
    const [issue] = validatePlan(plan, context());
    expect(issue).toMatchObject({ path: 'timetable.publicityTo', code: 'PUBLICITY_WINDOW_TOO_SHORT' });
    expect(issue.message['zh-CN']).toContain('只有2个工作日');
  });

  it('a year without a calendar cannot be counted: the plan says so instead of guessing', () => {
    const plan = completePlan();
    expect(codes(plan, { calendar: createWorkCalendar([]) })).toEqual([
      'timetable.applicationFrom:CALENDAR_MISSING',
      'timetable.applicationTo:CALENDAR_MISSING',
      'timetable.reviewFrom:CALENDAR_MISSING',
      'timetable.reviewTo:CALENDAR_MISSING',
      'timetable.publicityFrom:CALENDAR_MISSING',
      'timetable.publicityTo:CALENDAR_MISSING',
      'timetable.issuanceDate:CALENDAR_MISSING',
    ]);
  });

  it('the committee is odd and at least 5, its thresholds fractions in (0, 1]', () => {
    const plan = completePlan();
    plan.committee.size = 4;
    plan.committee.quorum = { numerator: 0, denominator: 3 };
    plan.committee.voteThreshold = { numerator: 3, denominator: 2 };
    expect(codes(plan)).toEqual(['committee.size:COMMITTEE_TOO_SMALL', 'committee.quorum:FRACTION_OUT_OF_RANGE', 'committee.voteThreshold:FRACTION_OUT_OF_RANGE']);
    plan.committee.size = 8;
    plan.committee.quorum = { numerator: 1, denominator: 1 };
    plan.committee.voteThreshold = { numerator: 1, denominator: 0 };
    expect(codes(plan)).toEqual(['committee.size:COMMITTEE_EVEN', 'committee.voteThreshold:FRACTION_OUT_OF_RANGE']);
  });

  it('the committee rules are the plan’s: a committee of 3 where the plan allows it, even; the notice’s defaults otherwise', () => {
    const plan = completePlan();
    expect(plan.committee).toMatchObject({ size: 7, minimumSize: 5, oddSize: true });
    plan.evaluation.aggregation = 'mean';
    plan.committee.size = 3;
    expect(codes(plan)).toEqual(['committee.size:COMMITTEE_TOO_SMALL']);
    plan.committee.minimumSize = 3;
    expect(codes(plan)).toEqual([]);
    plan.committee.size = 4;
    expect(codes(plan)).toEqual(['committee.size:COMMITTEE_EVEN']);
    plan.committee.oddSize = false;
    expect(codes(plan)).toEqual([]);
    plan.committee.minimumSize = 0;
    expect(codes(plan)).toEqual(['committee.minimumSize:MINIMUM_SIZE_INVALID']);
  });

  it('within the limits its jurisdiction fixed: a floor of 5, odd, quorum and threshold floors', () => {
    const plan = completePlan();
    plan.evaluation.aggregation = 'mean';
    plan.committee = { ...plan.committee, size: 3, minimumSize: 3, oddSize: false, quorum: { numerator: 1, denominator: 2 }, voteThreshold: { numerator: 1, denominator: 2 } };
    expect(codes(plan)).toEqual([]);
    const limits = {
      minimumSize: 5,
      oddSizeRequired: true,
      quorumFloor: { numerator: 2, denominator: 3 },
      thresholdFloor: { numerator: 2, denominator: 3 },
      setBy: { minimumSize: '黑龙江省人力资源和社会保障厅', oddSizeRequired: '黑龙江省人力资源和社会保障厅', quorumFloor: '人力资源社会保障部', thresholdFloor: '人力资源社会保障部' },
    };
    expect(codes(plan, { committeeLimits: limits })).toEqual([
      'committee.minimumSize:COMMITTEE_BELOW_JURISDICTION_MINIMUM',
      'committee.oddSize:COMMITTEE_ODD_REQUIRED',
      'committee.quorum:QUORUM_BELOW_JURISDICTION_FLOOR',
      'committee.voteThreshold:THRESHOLD_BELOW_JURISDICTION_FLOOR',
    ]);
    const [floor] = validatePlan(plan, context({ committeeLimits: limits }));
    expect(floor.message['zh-CN']).toBe('黑龙江省人力资源和社会保障厅规定评审委员会不得少于5人，方案所设最少人数为3人');
    // 3/4 is above the floor of 2/3; the notice's defaults meet every limit.
    plan.committee = { ...defaultPlanContent().committee, quorum: { numerator: 3, denominator: 4 } };
    expect(codes(plan, { committeeLimits: limits })).toEqual([]);
  });

  it('a plan stored before the committee rules were its own keeps the old ones: at least 5, odd', () => {
    const plan = completePlan();
    const { minimumSize: _minimum, oddSize: _odd, ...old } = plan.committee;
    const stored = { ...plan, committee: old } as unknown as PlanContent;
    expect(withPlanDefaults(stored).committee).toMatchObject({ minimumSize: 5, oddSize: true, size: 7 });
    expect(withPlanDefaults(plan)).toBe(plan);
  });

  it('trimming the highest and lowest score needs three members present', () => {
    const plan = completePlan();
    plan.evaluation.aggregation = 'trimmed-mean';
    plan.committee.quorum = { numerator: 1, denominator: 3 };
    plan.committee.size = 5;
    expect(codes(plan)).toEqual(['committee.quorum:QUORUM_TOO_SMALL_FOR_TRIMMED_MEAN']);
  });

  it('another minimum of years in post names its policy document', () => {
    const plan = completePlan();
    plan.eligibility.minYearsInPost = 4;
    expect(codes(plan)).toEqual(['eligibility.minYearsPolicyDocument:MIN_YEARS_POLICY_REQUIRED']);
    // "无" names no document; a title without its 文号, or a 文号 without a title, is not a citation.
    plan.eligibility.minYearsPolicyDocument = '无';
    expect(codes(plan)).toEqual(['eligibility.minYearsPolicyDocument:MIN_YEARS_POLICY_REQUIRED']);
    plan.eligibility.minYearsPolicyDocument = '黑人社规〔2022〕5号';
    expect(codes(plan)).toEqual(['eligibility.minYearsPolicyDocument:MIN_YEARS_POLICY_TITLE_REQUIRED']);
    plan.eligibility.minYearsPolicyDocument = '某省人社厅关于特级技师评聘的实施意见';
    expect(codes(plan)).toEqual(['eligibility.minYearsPolicyNumber:MIN_YEARS_POLICY_NUMBER_REQUIRED']);
    plan.eligibility.minYearsPolicyNumber = '某人社规〔2022〕5号';
    expect(codes(plan)).toEqual([]);
    // Both in one text is as good.
    plan.eligibility.minYearsPolicyNumber = null;
    plan.eligibility.minYearsPolicyDocument = '《黑龙江省特级技师评聘工作实施办法》（黑人社规〔2022〕5号）';
    expect(codes(plan)).toEqual([]);
    expect(planDeviations(plan)).toEqual([
      expect.objectContaining({ code: 'MIN_YEARS_IN_POST', value: 4, noticeValue: 5, document: '黑龙江省特级技师评聘工作实施办法', documentNumber: '黑人社规〔2022〕5号' }),
    ]);
    plan.eligibility.minYearsInPost = 5;
    expect(planDeviations(plan)).toEqual([]);
  });

  it('a re-review plan goes without the notice of its confirmed list only by citing a provincial document', () => {
    const plan = completePlan();
    expect(reReviewNoticeRequired(plan)).toBe(true);
    plan.publicity.reReviewNotice = { required: false, policyDocument: '无', policyNumber: null };
    expect(reReviewNoticeRequired(plan)).toBe(false);
    expect(codes(plan, { kind: 're-review' })).toEqual(['publicity.reReviewNotice.policyDocument:RE_REVIEW_NOTICE_POLICY_REQUIRED']);
    // An evaluation plan has no such list: the setting means nothing there.
    expect(codes(plan)).toEqual([]);
    plan.publicity.reReviewNotice = { required: false, policyDocument: '吉人社规〔2022〕3号', policyNumber: null };
    expect(codes(plan, { kind: 're-review' })).toEqual(['publicity.reReviewNotice.policyDocument:RE_REVIEW_NOTICE_POLICY_TITLE_REQUIRED']);
    plan.publicity.reReviewNotice = { required: false, policyDocument: '吉林省特级技师评聘复核确认工作办法', policyNumber: null };
    expect(codes(plan, { kind: 're-review' })).toEqual(['publicity.reReviewNotice.policyNumber:RE_REVIEW_NOTICE_POLICY_NUMBER_REQUIRED']);
    plan.publicity.reReviewNotice.policyNumber = '吉人社规〔2022〕3号';
    expect(codes(plan, { kind: 're-review' })).toEqual([]);
    expect(planDeviations(plan)).toEqual([expect.objectContaining({ code: 'RE_REVIEW_NOTICE_OFF', value: 0, noticeValue: 5, documentNumber: '吉人社规〔2022〕3号' })]);
    plan.publicity.reReviewNotice = { required: true, policyDocument: null, policyNumber: null };
    expect(planDeviations(plan)).toEqual([]);
    expect(codes(plan, { kind: 're-review' })).toEqual([]);
  });

  it('reads a citation: title and 文号, in any of the usual brackets', () => {
    expect(policyCitation('关于特级技师评聘的实施意见', '人社厅发[2021]66号')).toEqual({ title: '关于特级技师评聘的实施意见', number: '人社厅发[2021]66号' });
    expect(policyCitation('《实施办法》黑人社发（2023）第12号')).toEqual({ title: '实施办法', number: '黑人社发（2023）第12号' });
    expect(policyCitation('无', null)).toEqual({ title: null, number: null });
    expect(policyCitation('黑人社规〔2022〕5号')).toEqual({ title: null, number: '黑人社规〔2022〕5号' });
  });

  it('occupations come from the catalogue, once each; an occupation without a quota is allowed', () => {
    const plan = completePlan();
    plan.occupations = ['6-18-01-01', '6-18-02-04', '6-31-01-03', '9-99-99-99', '6-18-01-01'];
    expect(codes(plan)).toEqual(['occupations.3:OCCUPATION_UNKNOWN', 'occupations.4:OCCUPATION_DUPLICATE']);
    // A re-review plan (复核确认) needs no quota.
    expect(codes(plan, { kind: 're-review' })).toEqual(['occupations.3:OCCUPATION_UNKNOWN', 'occupations.4:OCCUPATION_DUPLICATE']);
  });

  it('an enterprise-wide structure ratio: a share of the register’s 高级技师 and/or a number', () => {
    const plan = completePlan();
    plan.structureRatio = { percent: 5, maxCount: null };
    expect(codes(plan)).toEqual([]);
    expect(enterpriseCap(plan.structureRatio, 130)).toBe(6);
    expect(enterpriseCap({ percent: 5, maxCount: 4 }, 130)).toBe(4);
    expect(enterpriseCap({ percent: null, maxCount: null }, 130)).toBeNull();
    expect(enterpriseCap(null, 130)).toBeNull();
    plan.structureRatio = { percent: 0, maxCount: 0 };
    expect(codes(plan)).toEqual(['structureRatio.percent:QUOTA_RATIO_INVALID', 'structureRatio.maxCount:QUOTA_COUNT_INVALID']);
  });

  it('the evaluation body fits the organisation form', () => {
    const plan = completePlan();
    expect(codes(plan, { evaluationBody: { kind: 'evaluation-body', bodyType: 'industry', belongsToEnterprise: false } })).toEqual([
      'organisation.evaluationBodyId:EVALUATION_BODY_NOT_OWN',
    ]);
    plan.organisation.form = 'commissioned-industry';
    expect(codes(plan, { evaluationBody: { kind: 'evaluation-body', bodyType: 'industry', belongsToEnterprise: false } })).toEqual([]);
    expect(codes(plan)).toEqual(['organisation.evaluationBodyId:EVALUATION_BODY_NOT_INDUSTRY']);
    expect(codes(plan, { evaluationBody: null })).toEqual(['organisation.evaluationBodyId:EVALUATION_BODY_UNKNOWN']);
  });

  it('every message exists in Chinese and English (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          size: fc.integer({ min: -3, max: 15 }),
          weights: fc.array(fc.integer({ min: -5, max: 120 }), { minLength: 0, maxLength: 5 }),
          workingDays: fc.integer({ min: 0, max: 12 }),
          numerator: fc.integer({ min: 0, max: 5 }),
          denominator: fc.integer({ min: 0, max: 5 }),
        }),
        ({ size, weights, workingDays, numerator, denominator }) => {
          const plan = completePlan();
          plan.committee.size = size;
          plan.committee.quorum = { numerator, denominator };
          plan.evaluation.dimensions = weights.map((weight, index) => ({ code: `d${index}`, name: `维度${index}`, weight }));
          plan.publicity.workingDays = workingDays;
          for (const issue of validatePlan(plan, context())) {
            expect(issue.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
            expect(issue.message.en).toMatch(/[A-Za-z]/);
            expect(issue.path).toMatch(/^[a-zA-Z]/);
          }
        },
      ),
    );
  });

  it('weights are accepted exactly when each is a positive number, and their normalised shares add up to 1 (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 1000, noNaN: true }), { minLength: 1, maxLength: 6 }), (weights) => {
        const plan = completePlan();
        plan.evaluation.dimensions = weights.map((weight, index) => ({ code: `d${index}`, name: `维度${index}`, weight }));
        const refused = codes(plan).some((issue) => issue.startsWith('evaluation.dimensions'));
        expect(refused).toBe(weights.some((weight) => !(weight > 0)));
        const shares = normalisedWeights(plan.evaluation.dimensions);
        if (!refused) expect(Object.values(shares!).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      }),
    );
  });

  it('a committee is accepted exactly when it has at least the plan’s minimum and is odd where the plan says so (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), (size, minimumSize, oddSize) => {
        const plan = completePlan();
        plan.evaluation.aggregation = 'mean';
        plan.committee = { ...plan.committee, size, minimumSize, oddSize };
        const refused = codes(plan).some((issue) => issue.startsWith('committee.size'));
        expect(refused).toBe(size < Math.max(1, minimumSize) || (oddSize && size % 2 === 0));
      }),
    );
  });
});

describe('shares and quotas', () => {
  it('two thirds of 7 members is 5, of 9 is 6, exactly', () => {
    const twoThirds = { numerator: 2, denominator: 3 };
    expect(atLeastShare(7, twoThirds)).toBe(5);
    expect(atLeastShare(9, twoThirds)).toBe(6);
    expect(atLeastShare(5, twoThirds)).toBe(4);
  });

  it('the quota is the smaller of the number and the share of the Senior Technicians, rounded down', () => {
    expect(quotaCap({ maxCount: 3, ratioPercent: 5, seniorTechnicianCount: 40 })).toBe(2);
    expect(quotaCap({ maxCount: null, ratioPercent: 3, seniorTechnicianCount: 100 })).toBe(3);
    expect(quotaCap({ maxCount: 4, ratioPercent: null, seniorTechnicianCount: null })).toBe(4);
    expect(quotaCap({ maxCount: null, ratioPercent: null, seniorTechnicianCount: 10 })).toBeNull();
  });

  it('a share of the members present is never fewer than the fraction asks (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), (total, a, b) => {
        const [numerator, denominator] = a <= b ? [a, b] : [b, a];
        const count = atLeastShare(total, { numerator, denominator });
        expect(count * denominator).toBeGreaterThanOrEqual(total * numerator);
        expect((count - 1) * denominator).toBeLessThan(total * numerator);
      }),
    );
  });
});

describe('diffPlanContent', () => {
  it('names each changed field with its label and both values', () => {
    const before = completePlan();
    const after = structuredClone(before);
    after.occupations = ['6-18-01-01', '6-31-01-03'];
    after.quotas = [before.quotas[0], { occupationCode: '6-31-01-03', maxCount: 1, ratioPercent: null, seniorTechnicianCount: null }];
    after.publicity.workingDays = 7;
    after.committee.size = 9;
    const changes = diffPlanContent(before, after, { occupations: { '6-18-02-04': '焊工' } }, { occupations: { '6-31-01-03': '电工' } });
    expect(changes.map((change) => [change.path, change.before, change.after])).toEqual([
      ['occupations.6-18-02-04', '6-18-02-04 焊工', null],
      ['occupations.6-31-01-03', null, '6-31-01-03 电工'],
      ['committee.size', '7', '9'],
      ['quotas.6-18-02-04', '不超过高级技师人数的5%，（高级技师60人）', null],
      ['quotas.6-31-01-03', null, '不超过1人'],
      ['publicity.workingDays', '5', '7'],
    ]);
    expect(changes[2].label).toEqual({ 'zh-CN': '评审委员会人数', en: 'Committee size' });
  });

  it('two equal plans differ in nothing (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.integer({ min: 1, max: 30 }), (title, years) => {
        const plan = completePlan();
        plan.title = title;
        plan.eligibility.minYearsInPost = years;
        expect(diffPlanContent(plan, structuredClone(plan))).toEqual([]);
      }),
    );
  });
});

describe('pilot rules', () => {
  it('submitting is open through the jurisdiction’s deadline day', () => {
    expect(isBeforeDeadline('2021-09-30', '2021-09-30')).toBe(true);
    expect(isBeforeDeadline('2021-10-01', '2021-09-30')).toBe(false);
  });

  it('only an enterprise in scope, filed at provincial level or above, may be put forward', () => {
    const filed = { filed: true, level: 'provincial' as const };
    expect(pilotCandidateProblem({ kind: 'enterprise', filing: filed, inDepartmentScope: true })).toBeNull();
    expect(pilotCandidateProblem({ kind: 'enterprise', filing: { filed: true, level: 'national' }, inDepartmentScope: true })).toBeNull();
    expect(pilotCandidateProblem({ kind: 'enterprise', filing: { filed: false, level: null }, inDepartmentScope: true })).toBe('NOT_FILED');
    expect(pilotCandidateProblem({ kind: 'enterprise', filing: { filed: true, level: null }, inDepartmentScope: true })).toBe('NOT_FILED');
    expect(pilotCandidateProblem({ kind: 'enterprise', filing: null, inDepartmentScope: true })).toBe('NOT_FILED');
    expect(pilotCandidateProblem({ kind: 'enterprise', filing: filed, inDepartmentScope: false })).toBe('OUTSIDE_SCOPE');
    expect(pilotCandidateProblem({ kind: 'evaluation-body', filing: filed, inDepartmentScope: true })).toBe('NOT_AN_ENTERPRISE');
  });
});
