// The structure ratio (结构比例) is the plan's, across every review round (issue 19): what an earlier
// round recommended keeps its place, so a later round sees only what is left. Here the cap of
// 6-18-01-01 is 1: the first round recommends P; Q, found eligible later and passed by a second
// committee, cannot be recommended as well.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentYear } from '../support/pilot-factories.ts';
import { buildProvince } from '../support/factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { buildReviewSetup, scoreAll, voteAll, type ReviewSetup } from './review-fixtures.ts';

let t: TestApp;
let admin: TestClient;
let setup: ReviewSetup;

const app = (key: string) => setup.applicants.find((applicant) => applicant.key === key)!;

async function roundFor(name: string): Promise<string> {
  const [chair, ...others] = setup.experts;
  const created = await setup.bodyAdmin.post('/api/v1/review/committees', {
    commissionId: setup.commissionId,
    name,
    occupationCodes: ['6-18-01-01'],
    memberIds: [chair.id, ...others.map((expert) => expert.id)],
    chairId: chair.id,
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  expect((await setup.bodyAdmin.post(`/api/v1/review/committees/${id}/start`)).statusCode).toBe(200);
  await scoreAll(setup, id, setup.experts, () => 90);
  expect((await chair.client.post(`/api/v1/review/committees/${id}/close-scoring`)).statusCode).toBe(200);
  await voteAll(id, setup.experts, () => 'approve');
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  const province = await buildProvince(admin, { provinceCode: '23' });
  setup = await buildReviewSetup(t, admin, province.id, {
    applicants: [
      { key: 'P', department: '总装车间' },
      { key: 'Q', department: '机加车间', pending: true },
    ],
    experts: 5,
    cap: 1,
    planOverrides: {
      committee: { size: 5, quorum: { numerator: 2, denominator: 3 }, voteThreshold: { numerator: 2, denominator: 3 }, secretBallot: true },
      // A provincial document lets this plan count 4 years in post: the committee is told so.
      eligibility: { cutoffDate: `${currentYear()}-10-31`, minYearsInPost: 4, minYearsPolicyDocument: '《黑龙江省特级技师评聘工作实施办法》', minYearsPolicyNumber: '黑人社规〔2022〕5号', additionalConditions: null },
    },
    firstSequence: 300,
  });
}, 240_000);
afterAll(() => t?.close());

describe('the quota across review rounds', () => {
  it('a later round sees what earlier rounds took, and cannot recommend past the plan’s cap', async () => {
    const [chair] = setup.experts;
    const first = await roundFor('车工第一次评审');
    // The plan departs from the notice on a provincial document: the committee and each member are told so.
    const expected = [{ code: 'MIN_YEARS_IN_POST', value: 4, noticeValue: 5, documentNumber: '黑人社规〔2022〕5号' }];
    expect((await setup.bodyAdmin.get(`/api/v1/review/committees/${first}`)).json().planDeviations).toMatchObject(expected);
    const mine = (await setup.experts[1].client.get(`/api/v1/review/committees/${first}/mine`)).json();
    expect(mine.planDeviations).toMatchObject(expected);
    expect(mine.planDeviations[0].message['zh-CN']).toContain('通知规定5年');
    const closedFirst = await chair.client.post(`/api/v1/review/committees/${first}/close`, { confirm: true, recommendedIds: [app('P').applicationId] });
    expect(closedFirst.statusCode, closedFirst.body).toBe(200);

    // Q is found eligible after the first round, and a second committee passes Q too.
    expect((await setup.hr.post(`/api/v1/applications/${app('Q').applicationId}/mark-eligible`, {})).statusCode).toBe(200);
    const second = await roundFor('车工第二次评审');
    const summary = (await chair.client.get(`/api/v1/review/committees/${second}/summary`)).json();
    expect(summary.quotas).toEqual([{ occupationCode: '6-18-01-01', cap: 1, usedElsewhere: 1, remaining: 0, passed: 1, withinQuota: 0 }]);
    expect(summary.rows[0]).toMatchObject({ applicationId: app('Q').applicationId, passed: true, withinQuota: false });

    const over = await chair.client.post(`/api/v1/review/committees/${second}/close`, { confirm: true, recommendedIds: [app('Q').applicationId] });
    expect(over.statusCode).toBe(422);
    expect(over.json()).toMatchObject({ code: 'REVIEW_QUOTA_EXCEEDED', cap: 1, count: 2, excess: 1 });
    expect(over.json().messages['zh-CN']).toContain('连同此前各轮已推荐的人选共 2 人');
    // Recommending nobody closes the round; the plan's list stays at its cap.
    expect((await chair.client.post(`/api/v1/review/committees/${second}/close`, { confirm: true, recommendedIds: [] })).statusCode).toBe(200);
    const statuses = Object.fromEntries((await setup.hr.get(`/api/v1/applications?planId=${setup.planId}`)).json().items.map((item: { id: string; status: string }) => [item.id, item.status]));
    expect(statuses[app('P').applicationId]).toBe('recommended');
    expect(statuses[app('Q').applicationId]).toBe('not-recommended');
  });
});
