// Masking that hides (issue 22, item 2): wherever a masked identity number is shown — HR's register
// and certificates, the screening view, an application's submitted version, the committee's and the
// experts' views, audit entries — the birth date beside it is the year only. The attack: a masked
// resident ID shows digits 1–6 and 15–18; the birth date is digits 7–14; with the check digit the
// whole number followed from a DTO that carried both.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema.ts';
import { applications } from '../../src/modules/applications/tables.ts';
import { residentIdCheckCharacter } from '../../src/domain/identity.ts';
import { issueCertificates } from '../../src/modules/certificates/issue-certificates.ts';
import { contextFor } from '../support/actors.ts';
import { certificateEnterprise, holder, residentId as holderResidentId } from '../support/certificate-factories.ts';
import { confirmedHolders } from '../support/confirmed-list.ts';
import { buildProvince } from '../support/factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { goodRow } from './applications-fixtures.ts';
import { buildReviewSetup, type ReviewSetup } from './review-fixtures.ts';

let t: TestApp;
let admin: TestClient;
let setup: ReviewSetup & { others: Record<string, string> };
let provinceId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  provinceId = (await buildProvince(admin, { provinceCode: '23' })).id;
  setup = await buildReviewSetup(t, admin, provinceId, { applicants: [{ key: 'A', department: '总装车间' }, { key: 'B', department: '机加车间' }], others: [{ key: 'X', department: '总装车间' }], experts: 7 });
}, 240_000);
afterAll(() => t?.close());

/** Every object (at any depth) that carries `idNumberMasked`. */
function maskedObjects(value: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) for (const item of value) maskedObjects(item, found);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('idNumberMasked' in record) found.push(record);
    for (const item of Object.values(record)) maskedObjects(item, found);
  }
  return found;
}

/** Every string in the value, at any depth. */
function strings(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') found.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, found);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) strings(item, found);
  return found;
}

/**
 * The attack, tried on an answer: for each object with a masked number, take the birth dates it
 * shows and rebuild the numbers they allow with the masked digits; the object must show no whole
 * date (so no candidate can be built).
 */
function recoverable(answer: unknown): string[] {
  const rebuilt: string[] = [];
  for (const object of maskedObjects(answer)) {
    const masked = String(object.idNumberMasked);
    if (masked.length !== 18) continue;
    for (const text of strings(object)) {
      const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      if (!date) continue;
      const body = `${masked.slice(0, 6)}${date[1]}${date[2]}${date[3]}${masked.slice(14, 17)}`;
      if (/^\d{17}$/.test(body) && residentIdCheckCharacter(body) === masked.slice(17)) rebuilt.push(body + masked.slice(17));
    }
  }
  return rebuilt;
}

/** The whole birth dates of the people in an answer must not appear anywhere in it, in any form. */
function expectNoBirthDate(answer: unknown, birthDates: string[]) {
  const text = JSON.stringify(answer);
  for (const date of birthDates) {
    expect(text).not.toContain(date);
    expect(text).not.toContain(date.replace(/-/g, ''));
  }
  expect(recoverable(answer)).toEqual([]);
}

describe('masked numbers carry no whole birth date (issue 22, item 2)', () => {
  it('HR: the register list, the application, its submitted version and the screening list show the year only', async () => {
    const births = [goodRow(100).birthDate!, goodRow(101).birthDate!];
    const register = (await setup.hr.get('/api/v1/register?limit=200')).json();
    expect(register.items.length).toBeGreaterThanOrEqual(2);
    for (const item of register.items) {
      expect(item.idNumberMasked).toMatch(/\*/);
      expect(item.birthYear).toMatch(/^\d{4}$/);
      expect(item).not.toHaveProperty('birthDate');
    }
    expectNoBirthDate(register, births);

    const application = (await setup.hr.get(`/api/v1/applications/${setup.applicants[0].applicationId}`)).json();
    expect(application.idNumberMasked).toMatch(/\*/);
    expect(application.content.identity.birthDate).toBe(births[0].slice(0, 4));
    expectNoBirthDate(application, births);
    const version = (await setup.hr.get(`/api/v1/applications/${setup.applicants[0].applicationId}/versions/1`)).json();
    expect(version.content.identity.birthDate).toBe(births[0].slice(0, 4));
    expectNoBirthDate(version, births);
    expectNoBirthDate((await setup.hr.get(`/api/v1/applications?planId=${setup.planId}`)).json(), births);
  });

  it('HR filling in a draft on behalf of an employee sees the year and sends it back: the stored date stays', async () => {
    const other = (await setup.hr.get(`/api/v1/register?q=${encodeURIComponent('职工X')}`)).json().items[0];
    const draft = await setup.hr.post('/api/v1/applications', { planId: setup.planId, employeeId: other.id });
    expect(draft.statusCode, draft.body).toBe(201);
    const shown = (await setup.hr.get(`/api/v1/applications/${draft.json().id}`)).json();
    const birth = goodRow(150).birthDate!;
    expect(shown.content.identity.birthDate).toBe(birth.slice(0, 4));
    // The page sends the content back as it got it (the year): saved, the date kept.
    const saved = await setup.hr.patch(`/api/v1/applications/${draft.json().id}`, { revision: shown.revision, content: { ...shown.content, identity: { ...shown.content.identity, department: '总装车间一班' } } });
    expect(saved.statusCode, saved.body).toBe(200);
    expectNoBirthDate(saved.json(), [birth]);
    const [row] = await t.handle.db.select({ content: applications.content }).from(applications).where(eq(applications.id, draft.json().id));
    expect(row.content.identity).toMatchObject({ birthDate: birth, department: '总装车间一班' });
    // Another year is no date.
    const wrong = await setup.hr.patch(`/api/v1/applications/${draft.json().id}`, { revision: saved.json().revision, content: { ...shown.content, identity: { ...shown.content.identity, birthDate: '1980' } } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0]).toMatchObject({ path: 'content.identity.birthDate', code: 'DATE_INVALID' });
  });

  it('the evaluation body and the experts: the committee and the candidates an expert scores show the year only', async () => {
    const births = [goodRow(100).birthDate!, goodRow(101).birthDate!];
    const created = await setup.bodyAdmin.post('/api/v1/review/committees', {
      commissionId: setup.commissionId,
      name: '评审委员会',
      occupationCodes: ['6-18-01-01'],
      chairId: setup.experts[0].id,
      memberIds: setup.experts.map((expert) => expert.id),
    });
    expect(created.statusCode, created.body).toBe(201);
    const started = await setup.bodyAdmin.post(`/api/v1/review/committees/${created.json().id}/start`);
    expect(started.statusCode, started.body).toBe(200);
    expectNoBirthDate(started.json(), births);
    expectNoBirthDate((await setup.bodyAdmin.get(`/api/v1/review/committees/${created.json().id}`)).json(), births);
    const mine = (await setup.experts[1].client.get(`/api/v1/review/committees/${created.json().id}/mine`)).json();
    expect(mine.candidates).toHaveLength(2);
    for (const candidate of mine.candidates) {
      expect(candidate.idNumberMasked).toMatch(/\*/);
      expect(candidate.content.identity.birthDate).toMatch(/^\d{4}$/);
    }
    expectNoBirthDate(mine, births);
    // An expert who may open the application itself gets it masked the same way.
    const opened = await setup.experts[1].client.get(`/api/v1/applications/${setup.applicants[0].applicationId}`);
    if (opened.statusCode === 200) expectNoBirthDate(opened.json(), births);
  });

  it('certificates: the list, one certificate and the correction audit entry show the year only; the correction still works', async () => {
    const built = await certificateEnterprise(t, admin, provinceId);
    const { certificates } = await issueCertificates(t.handle.db, await contextFor(t.handle.db, built.user.id, t.clock), {
      enterpriseId: built.enterprise.id,
      issuedOn: '2024-12-18',
      ...(await confirmedHolders(t.handle.db, built.enterprise.id, [holder(61), holder(62)])),
    });
    const births = [holderResidentId(61), holderResidentId(62)].map((id) => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`);
    const list = (await built.hr.get(`/api/v1/certificates?enterpriseId=${built.enterprise.id}`)).json();
    expect(list.items).toHaveLength(2);
    for (const item of list.items) expect(item).toMatchObject({ birthYear: births[0].slice(0, 4), idNumberMasked: expect.stringContaining('*') });
    expectNoBirthDate(list, births);
    const one = (await built.hr.get(`/api/v1/certificates/${certificates[0].id}`)).json();
    expect(one).not.toHaveProperty('birthDate');
    expectNoBirthDate(one, births);
    // The correction keeps the stored date unless HR gives a new one (the page only knows the year).
    const corrected = await built.hr.post(`/api/v1/certificates/${certificates[0].id}/correct`, { holderName: '孙立新', reason: '国家系统反馈姓名有误' });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expectNoBirthDate(corrected.json(), births);
    const [entry] = await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'certificate.corrected'), eq(auditLog.targetId, certificates[0].id)));
    expect(entry.before).toMatchObject({ birthYear: births[0].slice(0, 4), idNumberMasked: expect.stringContaining('*') });
    expect(entry.after).toMatchObject({ birthYear: births[0].slice(0, 4), birthDateChanged: false });
    expectNoBirthDate({ before: entry.before, after: entry.after }, births);
  });
});
