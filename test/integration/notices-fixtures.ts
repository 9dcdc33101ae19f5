// Builders for the notice tests: applications submitted through the applications module's own path,
// then moved to `recommended` the way the committee review (issue 6) will (transitionApplication),
// standing in for the review module while it is not ready.
import type { Database } from '../../src/db/client.ts';
import { transitionApplication } from '../../src/modules/applications/service.ts';
import { systemContext } from '../../src/platform/context.ts';
import { buildUser } from '../support/factories.ts';
import type { TestClient } from '../support/test-app.ts';
import { completeContent, residentId } from './applications-fixtures.ts';
import { testClock } from '../support/clock.ts';

export interface Applicant {
  name: string;
  idNumber: string;
  applicationId: string;
  client: TestClient;
  userId: string;
}

let sequence = 100;

/** An employee of the enterprise applies with their own identity and submits a complete application. */
export async function submittedApplication(login: (username: string, password: string) => Promise<TestClient>, admin: TestClient, enterpriseId: string, planId: string, person: { name: string; idNumber?: string }) {
  sequence += 2;
  const idNumber = person.idNumber ?? residentId(`1978-0${(sequence % 9) + 1}-1${sequence % 10}`, sequence + 1);
  const user = await buildUser(admin, enterpriseId, ['employee'], { displayName: person.name });
  const client = await login(user.username, user.password);
  const created = await client.post('/api/v1/applications', { planId, identity: { name: person.name, idType: 'resident-id', idNumber } });
  if (created.statusCode !== 201) throw new Error(`apply: ${created.statusCode} ${created.body}`);
  const draft = created.json() as { id: string; revision: number };
  const content = await completeContent(client);
  content.identity = { ...content.identity, name: person.name, department: '总装车间' };
  const saved = await client.patch(`/api/v1/applications/${draft.id}`, { revision: draft.revision, content });
  if (saved.statusCode !== 200) throw new Error(`save: ${saved.statusCode} ${saved.body}`);
  const submitted = await client.post(`/api/v1/applications/${draft.id}/submit`, { revision: saved.json().revision });
  return { response: submitted, applicant: { name: person.name, idNumber, applicationId: draft.id, client, userId: user.id } as Applicant };
}

/** Submitted applications moved on to `recommended` (eligible → in review → recommended). */
export async function recommendedApplicants(db: Database, login: (username: string, password: string) => Promise<TestClient>, admin: TestClient, enterpriseId: string, planId: string, names: string[]): Promise<Applicant[]> {
  const applicants: Applicant[] = [];
  for (const name of names) {
    const { response, applicant } = await submittedApplication(login, admin, enterpriseId, planId, { name });
    if (response.statusCode !== 200) throw new Error(`submit: ${response.statusCode} ${response.body}`);
    await db.transaction(async (tx) => {
      const context = systemContext(testClock(), 'test: committee review');
      await transitionApplication(tx, context, { applicationId: applicant.applicationId, act: 'mark-eligible', auditAction: 'application.marked-eligible' });
      await transitionApplication(tx, context, { applicationId: applicant.applicationId, act: 'start-review', auditAction: 'application.marked-eligible', comment: '测试：进入评审' });
      await transitionApplication(tx, context, { applicationId: applicant.applicationId, act: 'recommend', auditAction: 'application.marked-eligible', comment: '测试：评审委员会推荐' });
    });
    applicants.push(applicant);
  }
  return applicants;
}
