import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EVALUATION_MODEL,
  EVALUATION_MODELS,
  evaluationStanding,
  NO_COMMITTEE_LIMITS,
  resolveSetting,
  settingIssues,
  type JurisdictionSetting,
} from '../../src/domain/jurisdiction-rules.ts';

const row = (level: 'national' | 'provincial', overrides: Partial<JurisdictionSetting> = {}): JurisdictionSetting => ({
  level,
  organisationId: level === 'national' ? 'ministry' : 'province',
  organisationName: level === 'national' ? '人力资源社会保障部' : '黑龙江省人力资源和社会保障厅',
  year: 2026,
  model: null,
  deadline: null,
  committee: { ...NO_COMMITTEE_LIMITS },
  note: null,
  ...overrides,
});

describe('resolveSetting', () => {
  it('a year nobody set runs the filed-enterprise model (二(一)) without limits', () => {
    expect(DEFAULT_EVALUATION_MODEL).toBe('filed-enterprise');
    expect(resolveSetting(2027, null, null)).toMatchObject({ model: 'filed-enterprise', modelSource: 'default', modelSetBy: null, deadline: null, committee: NO_COMMITTEE_LIMITS });
  });

  it('the province’s own setting before the ministry’s national default; the deadline goes with the model', () => {
    const national = row('national', { model: 'ministry-pilot-filing', deadline: '2026-09-30' });
    expect(resolveSetting(2026, national, null)).toMatchObject({ model: 'ministry-pilot-filing', modelSource: 'national', deadline: '2026-09-30' });
    const provincial = row('provincial', { model: 'provincial-plan-filing', deadline: '2026-06-30' });
    expect(resolveSetting(2026, national, provincial)).toMatchObject({ model: 'provincial-plan-filing', modelSource: 'provincial', modelSetBy: '黑龙江省人力资源和社会保障厅', deadline: '2026-06-30' });
  });

  it('a province may fix only its committee floor and leave the model to the ministry; each limit names who set it', () => {
    const national = row('national', { model: 'ministry-pilot-filing', deadline: '2026-09-30', committee: { ...NO_COMMITTEE_LIMITS, thresholdFloor: { numerator: 2, denominator: 3 }, minimumSize: 7 } });
    const provincial = row('provincial', { committee: { ...NO_COMMITTEE_LIMITS, minimumSize: 5 } });
    const effective = resolveSetting(2026, national, provincial);
    expect(effective).toMatchObject({ model: 'ministry-pilot-filing', modelSource: 'national', deadline: '2026-09-30' });
    expect(effective.committee).toEqual({ minimumSize: 5, oddSizeRequired: null, quorumFloor: null, thresholdFloor: { numerator: 2, denominator: 3 } });
    expect(effective.committeeSetBy).toEqual({ minimumSize: '黑龙江省人力资源和社会保障厅', oddSizeRequired: null, quorumFloor: null, thresholdFloor: '人力资源社会保障部' });
  });

  it('always one of the models, whatever is set (property)', () => {
    const model = fc.option(fc.constantFrom(...EVALUATION_MODELS), { nil: null });
    fc.assert(
      fc.property(model, model, fc.boolean(), fc.boolean(), (nationalModel, provincialModel, hasNational, hasProvincial) => {
        const effective = resolveSetting(2026, hasNational ? row('national', { model: nationalModel }) : null, hasProvincial ? row('provincial', { model: provincialModel }) : null);
        const expected = (hasProvincial && provincialModel) || (hasNational && nationalModel) || 'filed-enterprise';
        expect(effective.model).toBe(expected);
      }),
    );
  });
});

describe('settingIssues', () => {
  it('the ministry-filing model needs its deadline; dates are real; limits are sane', () => {
    expect(settingIssues({ model: 'ministry-pilot-filing', deadline: null, committee: NO_COMMITTEE_LIMITS }).map((issue) => issue.code)).toEqual(['DEADLINE_REQUIRED']);
    expect(settingIssues({ model: 'ministry-pilot-filing', deadline: '2027-01-15', committee: NO_COMMITTEE_LIMITS })).toEqual([]);
    expect(settingIssues({ model: 'filed-enterprise', deadline: '2026-02-30', committee: NO_COMMITTEE_LIMITS }).map((issue) => issue.code)).toEqual(['DATE_INVALID']);
    expect(settingIssues({ model: null, deadline: '2026-09-30', committee: NO_COMMITTEE_LIMITS }).map((issue) => issue.code)).toEqual(['DEADLINE_WITHOUT_MODEL']);
    expect(
      settingIssues({ model: null, deadline: null, committee: { minimumSize: 0, oddSizeRequired: true, quorumFloor: { numerator: 4, denominator: 3 }, thresholdFloor: { numerator: 0, denominator: 3 } } }).map((issue) => issue.path),
    ).toEqual(['committee.minimumSize', 'committee.quorumFloor', 'committee.thresholdFloor']);
    for (const issue of settingIssues({ model: 'ministry-pilot-filing', deadline: null, committee: { ...NO_COMMITTEE_LIMITS, minimumSize: 100 } })) {
      expect(issue.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(issue.message.en).toMatch(/[a-z]/);
    }
  });
});

describe('evaluationStanding', () => {
  const facts = { enterpriseFiled: true, pilotAccepted: false, planFilingAccepted: null };

  it('filed-enterprise: the 二(一) filing alone', () => {
    expect(evaluationStanding('filed-enterprise', facts)).toMatchObject({ mayDraftPlan: true, mayStartReview: true });
    expect(evaluationStanding('filed-enterprise', { ...facts, enterpriseFiled: false })).toMatchObject({ mayDraftPlan: false, mayStartReview: false });
  });

  it('provincial-plan-filing: a filed enterprise drafts; the review waits for the accepted filing', () => {
    const before = evaluationStanding('provincial-plan-filing', facts);
    expect(before).toMatchObject({ mayDraftPlan: true, mayStartReview: false });
    expect(before.requirements.map((item) => [item.code, item.gate, item.met])).toEqual([
      ['enterprise-filed', 'plan', true],
      ['plan-filing-accepted', 'review', null],
    ]);
    expect(evaluationStanding('provincial-plan-filing', { ...facts, planFilingAccepted: true })).toMatchObject({ mayDraftPlan: true, mayStartReview: true });
  });

  it('ministry-pilot-filing (2021): an accepted pilot list, whatever the own filing says', () => {
    expect(evaluationStanding('ministry-pilot-filing', facts)).toMatchObject({ mayDraftPlan: false, mayStartReview: false });
    expect(evaluationStanding('ministry-pilot-filing', { ...facts, enterpriseFiled: false, pilotAccepted: true })).toMatchObject({ mayDraftPlan: true, mayStartReview: true });
  });
});
