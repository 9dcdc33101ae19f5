import { describe, expect, it } from 'vitest';
import {
  applicationIssues,
  DEFAULT_EVIDENCE_REQUIREMENTS,
  eligibilityApplicantOf,
  emptyApplicationContent,
  evidenceFileIds,
  evidenceRequirementsOf,
  reviewedConditions,
  reviewRefusal,
  screeningReadiness,
  type ApplicationContent,
  type ConditionReview,
  type FactCorrection,
  type StoredEligibility,
} from '../../src/domain/application-rules.ts';
import { checkEligibility } from '../../src/domain/eligibility.ts';

const file = { fileId: '00000000-0000-4000-8000-000000000001', name: '证明.pdf' };

function complete(): ApplicationContent {
  return {
    identity: { name: '张建国', gender: 'male', birthDate: '1978-03-15', department: '总装车间', phone: '13800000000' },
    qualification: { kind: 'skill-level', certificateNumber: 'Y000023000001161000123', level: 1, issuer: '黑龙江省职业技能鉴定中心', issuedOn: '2016-06-30', evidence: [file] },
    occupationCode: '6-18-01-01',
    stillInOccupation: true,
    post: { since: '2016-10-31', title: '数控车床操作', history: [], evidence: [file] },
    achievements: [{ kind: 'mentoring', title: '带徒', description: '培养技师5名', benefit: null, apprentices: [{ name: '李四', levelReached: '技师' }], evidence: [file] }],
    honours: [],
    conduct: { pledge: true, disciplinaryRecord: false },
    health: { fit: true, evidence: [file] },
    integrity: { pledge: true, evidence: [file] },
  };
}

describe('a complete application', () => {
  it('has no issue; an empty one names every missing part', () => {
    expect(applicationIssues(complete(), '2025-06-01')).toEqual([]);
    const paths = applicationIssues(emptyApplicationContent(), '2025-06-01').map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['identity.name', 'qualification.evidence', 'occupationCode', 'post.since', 'achievements', 'conduct.pledge', 'health.fit', 'integrity.pledge']));
    // By default the notice's documents only: no health report, pledge scan or 聘书 is required.
    for (const optional of ['post.evidence', 'health.evidence', 'integrity.evidence']) expect(paths).not.toContain(optional);
  });

  it('asks for the documents the plan requires, and only those', () => {
    const bare = { ...complete(), post: { ...complete().post, evidence: [] }, health: { fit: true, evidence: [] }, integrity: { pledge: true, evidence: [] } };
    expect(applicationIssues(bare, '2025-06-01', DEFAULT_EVIDENCE_REQUIREMENTS)).toEqual([]);
    const strict = evidenceRequirementsOf({ post: true, health: true, integrity: true });
    expect(applicationIssues(bare, '2025-06-01', strict).map((issue) => issue.path)).toEqual(['post.evidence', 'health.evidence', 'integrity.evidence']);
    const lax = evidenceRequirementsOf({ qualification: false, achievements: false });
    const noFiles = { ...bare, qualification: { ...bare.qualification, evidence: [] }, achievements: bare.achievements.map((entry) => ({ ...entry, evidence: [] })) };
    expect(applicationIssues(noFiles, '2025-06-01', lax)).toEqual([]);
  });

  it('backs every achievement and honour with evidence, innovations with a measurable benefit, mentoring with apprentices', () => {
    const content = complete();
    content.achievements.push({ kind: 'innovation', title: '革新', description: '工艺改进', benefit: null, apprentices: [], evidence: [] });
    content.achievements[0].apprentices = [];
    content.honours.push({ id: 'china-skills-award', awardedOn: '2030-01-01', issuer: null, certificateNumber: null, evidence: [] });
    expect(applicationIssues(content, '2025-06-01').map((issue) => `${issue.path}:${issue.code}`)).toEqual([
      'achievements.0.apprentices:APPRENTICES_REQUIRED',
      'achievements.1.benefit:BENEFIT_REQUIRED',
      'achievements.1.evidence:EVIDENCE_REQUIRED',
      'honours.0.awardedOn:DATE_IN_FUTURE',
      'honours.0.evidence:EVIDENCE_REQUIRED',
    ]);
    expect(evidenceFileIds(content)).toEqual([file.fileId]);
  });

  it('feeds the rules core', () => {
    const applicant = eligibilityApplicantOf({ ...complete(), honours: [{ id: 'national-technical-expert', awardedOn: '2018-01-01', issuer: null, certificateNumber: null, evidence: [file] }] }, null);
    expect(applicant).toMatchObject({ frontLine: null, post: '数控车床操作', department: '总装车间', qualification: { level: 1, issuer: '黑龙江省职业技能鉴定中心' } });
    const result = checkEligibility({ cutoffDate: '2025-10-31', occupations: ['6-18-01-01'] }, applicant);
    // Front-line work is HR's to confirm: every other condition met, the outcome waits for it.
    expect(result).toMatchObject({ eligible: false, outcome: 'to-check', priority: false });
    expect(result.conditions.filter((condition) => condition.state !== 'met').map((condition) => condition.id)).toEqual(['frontLine']);
    const confirmed = checkEligibility({ cutoffDate: '2025-10-31', occupations: ['6-18-01-01'] }, { ...applicant, frontLine: true });
    expect(confirmed).toMatchObject({ eligible: true, outcome: 'eligible', priority: true });
  });
});

describe('HR’s review of the conditions', () => {
  const eligibility: StoredEligibility = {
    ...checkEligibility({ cutoffDate: '2025-10-31', occupations: ['6-18-01-01'] }, eligibilityApplicantOf(complete(), null)),
    checkedOn: '2025-06-01',
    cutoffDate: '2025-10-31',
    planVersion: 1,
  };
  const review = (conditionId: string, met: boolean, decision: 'confirmed' | 'overridden' = 'confirmed'): ConditionReview => ({ conditionId, automaticMet: true, decision, met, reason: decision === 'overridden' ? '核实不符' : null, reviewerName: 'HR', at: '2025-06-02T00:00:00Z' });

  it('counts the latest review of each condition, and the rules core’s result until reviewed', () => {
    const conditions = reviewedConditions(eligibility, [review('health', true), review('health', false, 'overridden')]);
    const health = conditions.find((condition) => condition.id === 'health')!;
    expect(health).toMatchObject({ automaticMet: true, met: false, state: 'not-met', review: { decision: 'overridden' } });
    expect(conditions.find((condition) => condition.id === 'frontLine')).toMatchObject({ automaticState: 'to-check', met: false, state: 'to-check' });
    expect(screeningReadiness(conditions)).toEqual({
      unreviewed: ['qualification', 'yearsInPost', 'occupation', 'frontLine', 'conduct', 'performance', 'notBanned'],
      unmet: ['frontLine', 'health'],
      outcome: 'ineligible',
    });
  });

  it('is ready when every condition is reviewed and met', () => {
    const all = ['qualification', 'yearsInPost', 'occupation', 'frontLine', 'conduct', 'performance', 'health', 'notBanned'].map((id) => review(id, true));
    expect(screeningReadiness(reviewedConditions(eligibility, all))).toEqual({ unreviewed: [], unmet: [], outcome: 'eligible' });
  });

  it('asks again for a review of facts corrected since', () => {
    const correction: FactCorrection = { conditionIds: ['yearsInPost'], before: { postSince: '2021-10-31' }, after: { postSince: '2016-10-31' }, note: '聘书为证', evidence: [file], correctorName: 'HR', at: '2025-06-03T00:00:00Z' };
    const conditions = reviewedConditions(eligibility, [review('yearsInPost', true)], [correction]);
    expect(conditions.find((condition) => condition.id === 'yearsInPost')).toMatchObject({ review: null, corrected: true });
    const later = { ...review('yearsInPost', true), at: '2025-06-04T00:00:00Z' };
    expect(reviewedConditions(eligibility, [later], [correction]).find((condition) => condition.id === 'yearsInPost')).toMatchObject({ review: { at: later.at }, corrected: true });
  });
});

describe('what HR may decide (facts are corrected, judgements are decided)', () => {
  it('never overrides a fact, whatever the reason', () => {
    for (const id of ['qualification', 'yearsInPost', 'occupation', 'notBanned'] as const) {
      for (const state of ['met', 'not-met'] as const) {
        expect(reviewRefusal(id, state, { decision: 'override', reason: '经研究同意' }), `${id} ${state}`).toEqual({ code: 'FACT_NOT_OVERRIDABLE' });
        expect(reviewRefusal(id, state, { decision: 'decide', met: state !== 'met', reason: '经研究同意' })).toEqual({ code: 'FACT_NOT_OVERRIDABLE' });
        expect(reviewRefusal(id, state, { decision: 'confirm' })).toBeNull();
      }
    }
    // A number the rules cannot read is checked by HR against the certificate, with a note.
    expect(reviewRefusal('qualification', 'to-check', { decision: 'decide', met: true, reason: '已核对证书原件，等级为高级技师' })).toBeNull();
    expect(reviewRefusal('qualification', 'to-check', { decision: 'decide', met: true })).toEqual({ code: 'REASON_REQUIRED' });
    expect(reviewRefusal('qualification', 'to-check', { decision: 'confirm' })).toEqual({ code: 'CONDITION_TO_BE_DECIDED' });
  });

  it('decides judgements, with a reason where the decision differs or weighs a record', () => {
    for (const id of ['frontLine', 'conduct', 'performance', 'health'] as const) {
      expect(reviewRefusal(id, 'met', { decision: 'override', reason: '' })).toEqual({ code: 'REASON_REQUIRED' });
      expect(reviewRefusal(id, 'met', { decision: 'override', reason: '考核不合格' })).toBeNull();
      expect(reviewRefusal(id, 'not-met', { decision: 'decide', met: true, reason: '经复核材料齐全' })).toBeNull();
    }
    expect(reviewRefusal('conduct', 'to-check', { decision: 'decide', met: true })).toEqual({ code: 'REASON_REQUIRED' });
    expect(reviewRefusal('conduct', 'to-check', { decision: 'decide', met: true, reason: '记录为2010年轻微违纪，已撤销处分' })).toBeNull();
    // Front-line work, read from the post and the department, is confirmed without a text.
    expect(reviewRefusal('frontLine', 'to-check', { decision: 'decide', met: true })).toBeNull();
    expect(reviewRefusal('frontLine', 'to-check', { decision: 'decide', met: false })).toEqual({ code: 'REASON_REQUIRED' });
    expect(reviewRefusal('frontLine', 'to-check', { decision: 'decide' })).toEqual({ code: 'DECISION_MET_REQUIRED' });
  });
});
