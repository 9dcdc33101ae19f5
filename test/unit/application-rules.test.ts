import { describe, expect, it } from 'vitest';
import {
  applicationIssues,
  eligibilityApplicantOf,
  emptyApplicationContent,
  evidenceFileIds,
  reviewedConditions,
  screeningReadiness,
  type ApplicationContent,
  type ConditionReview,
  type StoredEligibility,
} from '../../src/domain/application-rules.ts';
import { checkEligibility } from '../../src/domain/eligibility.ts';

const file = { fileId: '00000000-0000-4000-8000-000000000001', name: '证明.pdf' };

function complete(): ApplicationContent {
  return {
    identity: { name: '张建国', gender: 'male', birthDate: '1978-03-15', department: '总装车间', phone: '13800000000' },
    qualification: { kind: 'skill-level', certificateNumber: 'Y000023000001161000123', issuedOn: '2016-06-30', evidence: [file] },
    occupationCode: '6-18-01-01',
    stillInOccupation: true,
    post: { since: '2016-10-31', history: [], evidence: [file] },
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
    expect(paths).toEqual(
      expect.arrayContaining(['identity.name', 'qualification.evidence', 'occupationCode', 'post.since', 'post.evidence', 'achievements', 'conduct.pledge', 'health.fit', 'health.evidence', 'integrity.pledge', 'integrity.evidence']),
    );
  });

  it('backs every achievement and honour with evidence, innovations with a measurable benefit, mentoring with apprentices', () => {
    const content = complete();
    content.achievements.push({ kind: 'innovation', title: '革新', description: '工艺改进', benefit: null, apprentices: [], evidence: [] });
    content.achievements[0].apprentices = [];
    content.honours.push({ id: 'china-skills-award', awardedOn: '2030-01-01', issuer: null, evidence: [] });
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
    const applicant = eligibilityApplicantOf({ ...complete(), honours: [{ id: 'national-technical-expert', awardedOn: '2018-01-01', issuer: null, evidence: [file] }] }, null);
    const result = checkEligibility({ cutoffDate: '2025-10-31', occupations: ['6-18-01-01'] }, applicant);
    expect(result).toMatchObject({ eligible: true, priority: true });
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
    expect(health).toMatchObject({ automaticMet: true, met: false, review: { decision: 'overridden' } });
    expect(screeningReadiness(conditions)).toEqual({ unreviewed: ['qualification', 'yearsInPost', 'occupation', 'conduct', 'performance', 'notBanned'], unmet: ['health'] });
  });

  it('is ready when every condition is reviewed and met', () => {
    const all = ['qualification', 'yearsInPost', 'occupation', 'conduct', 'performance', 'health', 'notBanned'].map((id) => review(id, true));
    expect(screeningReadiness(reviewedConditions(eligibility, all))).toEqual({ unreviewed: [], unmet: [] });
  });
});
