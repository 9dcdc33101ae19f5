// Builders for the committee review tests (integration and browser): a published plan of a pilot
// group, register employees applying through HR, screened eligible, handed to the group's own
// evaluation body; the body's expert pool with expert accounts. Everything goes through the API.
import { buildUser } from '../support/factories.ts';
import { currentYear, login, pilotGroup } from '../support/pilot-factories.ts';
import type { TestApp, TestClient } from '../support/test-app.ts';
import { completeContent, goodRow, importRegister, openPlan, registerWorkbook, confirmingReview, SCREENING_CONDITIONS } from './applications-fixtures.ts';


export interface ReviewApplicant {
  key: string;
  name: string;
  employeeId: string;
  applicationId: string;
  department: string;
  occupationCode: string;
}

export interface ReviewExpert {
  id: string;
  name: string;
  username: string;
  password: string;
  client: TestClient;
}

export interface ReviewSetup {
  hr: TestClient;
  bodyAdmin: TestClient;
  group: { id: string };
  body: { id: string };
  planId: string;
  commissionId: string;
  applicants: ReviewApplicant[];
  experts: ReviewExpert[];
}

function check<T>(response: { statusCode: number; body: string; json(): unknown }, status: number, what: string): T {
  if (response.statusCode !== status) throw new Error(`${what}: ${response.statusCode} ${response.body}`);
  return response.json() as T;
}

/**
 * A pilot group with a published plan (committee of 7 by default, quota of `cap` in 6-18-01-01),
 * `applicants` eligible applications (sequence numbers from `firstSequence`, departments given per
 * applicant), `experts` experts with accounts, the plan commissioned to the body.
 */
export async function buildReviewSetup(
  t: TestApp,
  admin: TestClient,
  provinceId: string,
  options: {
    /** `pending`: screened but not yet marked eligible (the test marks it later, e.g. for a later round). */
    applicants: { key: string; department: string; occupationCode?: string; honours?: string; pending?: boolean }[];
    /** Register rows that do not apply (e.g. an expert who works in the enterprise). */
    others?: { key: string; department: string }[];
    experts: number;
    cap?: number;
    planOverrides?: Record<string, unknown>;
    firstSequence?: number;
  },
): Promise<ReviewSetup & { others: Record<string, string> }> {
  const setup = await pilotGroup(t, admin, provinceId, currentYear());
  const planId = await openPlan(t, setup.hr, setup.body.id, {
    quotas: [
      { occupationCode: '6-18-01-01', maxCount: options.cap ?? 2, ratioPercent: null, seniorTechnicianCount: null },
      { occupationCode: '6-18-02-04', maxCount: 2, ratioPercent: null, seniorTechnicianCount: null },
    ],
    ...options.planOverrides,
  });
  const first = options.firstSequence ?? 100;
  const rows = options.applicants.map((applicant, index) =>
    goodRow(first + index, { name: `申报人${applicant.key}`, department: applicant.department, occupationCode: applicant.occupationCode ?? '6-18-01-01', honours: applicant.honours ?? '' }),
  );
  const otherRows = (options.others ?? []).map((other, index) => goodRow(first + 50 + index, { name: `职工${other.key}`, department: other.department }));
  const job = await importRegister(setup.hr, await registerWorkbook([...rows, ...otherRows]));
  if ((job.result as { outcome?: string } | null)?.outcome !== 'imported') throw new Error(`register: ${JSON.stringify(job)}`);
  const register = check<{ items: { id: string; name: string }[] }>(await setup.hr.get('/api/v1/register?limit=200'), 200, 'register');

  const applicants: ReviewApplicant[] = [];
  for (const [index, applicant] of options.applicants.entries()) {
    const row = rows[index];
    const employee = register.items.find((item) => item.name === row.name);
    if (!employee) throw new Error(`no register row ${row.name}`);
    const draft = check<{ id: string; revision: number }>(await setup.hr.post('/api/v1/applications', { planId, employeeId: employee.id }), 201, 'apply');
    const content = await completeContent(setup.hr, {
      identity: { name: row.name, gender: 'male', birthDate: row.birthDate, department: applicant.department, phone: '13800000000' },
      occupationCode: row.occupationCode,
      ...(applicant.honours ? {} : { honours: [] }),
    });
    const saved = check<{ revision: number }>(await setup.hr.patch(`/api/v1/applications/${draft.id}`, { revision: draft.revision, content }), 200, 'save');
    check(await setup.hr.post(`/api/v1/applications/${draft.id}/submit`, { revision: saved.revision }), 200, 'submit');
    for (const condition of SCREENING_CONDITIONS) check(await setup.hr.post(`/api/v1/applications/${draft.id}/conditions/${condition}/review`, confirmingReview(condition)), 200, `review ${condition}`);
    if (!applicant.pending) check(await setup.hr.post(`/api/v1/applications/${draft.id}/mark-eligible`, {}), 200, 'mark eligible');
    applicants.push({ key: applicant.key, name: row.name!, employeeId: employee.id, applicationId: draft.id, department: applicant.department, occupationCode: row.occupationCode! });
  }

  const bodyAdmin = await login(t, await buildUser(admin, setup.body.id, ['body-admin']));
  const experts: ReviewExpert[] = [];
  for (let index = 0; index < options.experts; index += 1) {
    const user = await buildUser(admin, setup.body.id, ['expert'], { displayName: `专家${index + 1}` });
    const expert = check<{ id: string; name: string }>(
      await bodyAdmin.post('/api/v1/review/experts', { name: `专家${index + 1}`, occupationCode: '6-18-01-01', title: '高级工程师', organisationName: '省焊接协会', userId: user.id }),
      201,
      'expert',
    );
    experts.push({ id: expert.id, name: expert.name, username: user.username, password: user.password, client: await login(t, user) });
  }
  const commission = check<{ id: string }>(await setup.hr.post('/api/v1/review/commissions', { planId }), 201, 'commission');
  const others = Object.fromEntries((options.others ?? []).map((other, index) => [other.key, otherRows[index].idNumber!]));
  return { others, hr: setup.hr, bodyAdmin, group: setup.group, body: setup.body, planId, commissionId: commission.id, applicants, experts };
}

/** Every given expert scores every applicant they see with the same score on each dimension. */
export async function scoreAll(setup: ReviewSetup, committeeId: string, experts: ReviewExpert[], scoreOf: (expert: ReviewExpert, applicationId: string) => number) {
  for (const expert of experts) {
    const mine = check<{ candidates: { applicationId: string }[]; dimensions: { code: string }[] }>(await expert.client.get(`/api/v1/review/committees/${committeeId}/mine`), 200, 'mine');
    for (const candidate of mine.candidates) {
      const value = scoreOf(expert, candidate.applicationId);
      const scores = Object.fromEntries(mine.dimensions.map((dimension) => [dimension.code, value]));
      check(await expert.client.request('PUT', `/api/v1/review/committees/${committeeId}/scores/${candidate.applicationId}`, { scores, comment: `${expert.name}意见` }), 200, 'score');
    }
  }
}

export async function voteAll(committeeId: string, experts: ReviewExpert[], voteOf: (expert: ReviewExpert, applicationId: string) => 'approve' | 'disapprove' | 'abstain') {
  for (const expert of experts) {
    const mine = check<{ candidates: { applicationId: string }[]; present: boolean }>(await expert.client.get(`/api/v1/review/committees/${committeeId}/mine`), 200, 'mine');
    if (!mine.present) continue;
    for (const candidate of mine.candidates) {
      check(await expert.client.request('PUT', `/api/v1/review/committees/${committeeId}/votes/${candidate.applicationId}`, { vote: voteOf(expert, candidate.applicationId) }), 200, 'vote');
    }
  }
}
