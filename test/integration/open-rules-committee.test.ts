// Issue 21: the committee rules are the plan's settings, with the notice's defaults (the
// professional-title review rules: at least 5, odd, quorum and threshold two thirds), within the
// limits a province may fix. A committee of 3 where the plan allows it; refused where the
// province's floor is 5.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProvince } from '../support/factories.ts';
import { completePlanContent, currentYear, departmentAdmin, setJurisdiction } from '../support/pilot-factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { buildReviewSetup, type ReviewSetup } from './review-fixtures.ts';

let t: TestApp;
let admin: TestClient;
let province: { id: string };
let setup: ReviewSetup;
const year = currentYear();

const smallCommittee = {
  evaluation: {
    method: '材料评审与现场答辩相结合',
    dimensions: [
      { code: 'performance', name: '业绩贡献', weight: 3 },
      { code: 'defence', name: '现场答辩', weight: 2 },
    ],
    aggregation: 'mean',
  },
  committee: { size: 3, minimumSize: 3, oddSize: true, quorum: { numerator: 2, denominator: 3 }, voteThreshold: { numerator: 2, denominator: 3 }, secretBallot: true },
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  province = await buildProvince(admin, { name: '河北省人力资源和社会保障厅', provinceCode: '13' });
  setup = await buildReviewSetup(t, admin, province.id, {
    applicants: [
      { key: 'a', department: '一车间' },
      { key: 'b', department: '二车间' },
    ],
    experts: 5,
    planOverrides: smallCommittee,
  });
}, 180_000);
afterAll(() => t?.close());

const committee = (occupationCodes: string[], members: string[]) => ({ commissionId: setup.commissionId, name: `评审委员会${occupationCodes.join('、')}`, occupationCodes, memberIds: members, chairId: members[0] });

describe('committee rules as the plan’s settings', () => {
  it('a committee of 3 where the plan allows it (no floor in the province): formed, its rules shown to the body', async () => {
    const commissions = (await setup.bodyAdmin.get('/api/v1/review/commissions')).json().items;
    expect(commissions.find((item: { id: string }) => item.id === setup.commissionId).committeeRules).toMatchObject({ size: 3, minimumSize: 3, oddSize: true });
    const formed = await setup.bodyAdmin.post('/api/v1/review/committees', committee(['6-18-01-01'], setup.experts.slice(0, 3).map((expert) => expert.id)));
    expect(formed.statusCode, formed.body).toBe(201);
    // More than the plan's committee is refused too.
    const large = await setup.bodyAdmin.post('/api/v1/review/committees', committee(['6-18-02-04'], setup.experts.slice(0, 5).map((expert) => expert.id)));
    expect(large.json().errors.map((error: { code: string }) => error.code)).toEqual(['COMMITTEE_TOO_LARGE']);
  });

  it('once the province fixes a floor of 5, the plan cannot keep 3: the revision is refused naming the province; at 5 it publishes, and a committee of 3 is refused', async () => {
    const department = await departmentAdmin(t, admin, province.id);
    await setJurisdiction(department, { year, committee: { minimumSize: 5, oddSizeRequired: true }, note: '本省评审委员会不少于5人' });
    const plan = (await setup.hr.get(`/api/v1/plans/${setup.planId}`)).json();
    expect(plan.standing.committeeLimits).toMatchObject({ minimumSize: 5, oddSizeRequired: true });

    await setup.hr.patch(`/api/v1/plans/${setup.planId}`, { content: { otherProvisions: '评审纪律另行通知。' } });
    const refused = await setup.hr.post(`/api/v1/plans/${setup.planId}/publish`, {});
    expect(refused.statusCode).toBe(422);
    const errors = refused.json().errors.map((error: { path: string; code: string; messages: { 'zh-CN': string } }) => [error.path, error.code, error.messages['zh-CN']]);
    expect(errors).toEqual([['committee.minimumSize', 'COMMITTEE_BELOW_JURISDICTION_MINIMUM', '河北省人力资源和社会保障厅规定评审委员会不得少于5人，方案所设最少人数为3人']]);

    // The plan takes the notice's defaults back (at least 5, odd; a committee of 5).
    const content = completePlanContent(year, setup.body.id);
    await setup.hr.patch(`/api/v1/plans/${setup.planId}`, { content: { committee: { ...content.committee, size: 5, minimumSize: 5 } } });
    const revised = await setup.hr.post(`/api/v1/plans/${setup.planId}/publish`, { changeNote: '按省厅规定调整评审委员会人数' });
    expect(revised.statusCode, revised.body).toBe(200);
    const small = await setup.bodyAdmin.post('/api/v1/review/committees', committee(['6-18-02-04'], setup.experts.slice(0, 3).map((expert) => expert.id)));
    expect(small.statusCode).toBe(400);
    expect(small.json().errors.map((error: { code: string; messages: { 'zh-CN': string } }) => [error.code, error.messages['zh-CN']])).toEqual([['COMMITTEE_TOO_SMALL', '工作方案规定评审委员会不得少于5人，现为3人']]);
    const five = await setup.bodyAdmin.post('/api/v1/review/committees', committee(['6-18-02-04'], setup.experts.map((expert) => expert.id)));
    expect(five.statusCode, five.body).toBe(201);
  });
});
