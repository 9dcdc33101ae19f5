// The result of the whole procedure for the tests of what comes after it (certificates,
// appointments, national upload, statistics): applications `confirmed` on a notice that ran its
// full period and was confirmed (四(三)), written straight into the tables. The path that leads
// there (apply → screen → review → notice → confirm) is each module's own and is tested there;
// here the certificates need its result, and a certificate is issued only to such a list (or to
// holders confirmed by 复核确认). Hundreds of people at once, for the batch and load tests.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { organisations } from '../../src/db/schema.ts';
import { emptyApplicationContent } from '../../src/domain/application-rules.ts';
import type { CalendarDate } from '../../src/domain/calendar-date.ts';
import { maskIdNumber } from '../../src/domain/identity.ts';
import { defaultPlanContent } from '../../src/domain/plan-rules.ts';
import { ID_NUMBER_AAD } from '../../src/modules/applications/service.ts';
import { applications } from '../../src/modules/applications/tables.ts';
import { noticeCandidates, notices } from '../../src/modules/notices/tables.ts';
import { plans, planVersions } from '../../src/modules/plans/tables.ts';
import { encryptPersonalData, lookupHash } from '../../src/platform/personal-data.ts';
import { testClock } from './clock.ts';

/** A person as the certificate factories describe them (holder(n) of certificate-factories.ts). */
export interface ConfirmedPerson {
  name: string;
  idType: string;
  idNumber: string;
  gender: string;
  birthDate: string;
  occupationCode: string;
  occupationName: string;
  trade?: string | null;
  photoFileId?: string | null;
}

export interface ConfirmedList<P extends ConfirmedPerson> {
  planId: string;
  noticeId: string;
  /** The people, each with the id of their confirmed application: holders the issuance accepts. */
  holders: (P & { applicationId: string })[];
}

/** The plan of the enterprise the list belongs to: the given one, or a published evaluation plan of the year (made once). */
async function planOf(db: Database, enterprise: { id: string; path: string }, planId: string | undefined, year: number): Promise<string> {
  if (planId) return planId;
  const [existing] = await db.select({ id: plans.id }).from(plans).where(and(eq(plans.enterpriseId, enterprise.id), eq(plans.year, year), eq(plans.kind, 'evaluation')));
  if (existing) return existing.id;
  const content = { ...defaultPlanContent('evaluation'), title: `${year}年特级技师评聘工作方案（测试）`, occupations: ['6-31-01-03', '6-18-01-01'] };
  // Two lists of one enterprise written at once (the benchmarks issue from several connections) make the plan once.
  const [created] = await db
    .insert(plans)
    .values({ enterpriseId: enterprise.id, enterprisePath: enterprise.path, year, kind: 'evaluation', status: 'published', content, currentVersion: 1 })
    .onConflictDoNothing()
    .returning();
  if (!created) return planOf(db, enterprise, undefined, year);
  await db.insert(planVersions).values({ planId: created.id, version: 1, content, names: { occupations: {} }, publishedByName: '测试' });
  return created.id;
}

/**
 * Writes a confirmed list: the plan (the enterprise's published evaluation plan of the year unless
 * one is given), one application per person in `confirmed` (a person already confirmed under the
 * plan keeps their application), and a confirmed notice of `noticeStart`..`noticeEnd` (by default
 * early in 2021, before any issue date the tests use) on which each stands confirmed.
 */
export async function confirmedList<P extends ConfirmedPerson>(
  db: Database,
  input: { enterpriseId: string; people: readonly P[]; planId?: string; year?: number; noticeStart?: CalendarDate; noticeEnd?: CalendarDate },
): Promise<ConfirmedList<P>> {
  const [enterprise] = await db.select().from(organisations).where(eq(organisations.id, input.enterpriseId));
  if (!enterprise) throw new Error(`no enterprise ${input.enterpriseId}`);
  const year = input.year ?? Number(testClock().today().slice(0, 4));
  const planId = await planOf(db, enterprise, input.planId, year);
  const hashes = input.people.map((person) => lookupHash(person.idType, person.idNumber.trim().toUpperCase()));
  const existing = new Map(
    hashes.length
      ? (await db.select({ id: applications.id, hash: applications.idLookupHash }).from(applications).where(and(eq(applications.planId, planId), inArray(applications.idLookupHash, [...new Set(hashes)])))).map((row) => [row.hash, row.id])
      : [],
  );
  const ids: string[] = [];
  const fresh: (typeof applications.$inferInsert)[] = [];
  for (const [index, person] of input.people.entries()) {
    const known = existing.get(hashes[index]);
    if (known) {
      ids.push(known);
      continue;
    }
    const content = emptyApplicationContent();
    content.identity = { ...content.identity, name: person.name, gender: person.gender as 'male' | 'female', birthDate: person.birthDate };
    content.occupationCode = person.occupationCode;
    const id = randomUUID();
    existing.set(hashes[index], id);
    ids.push(id);
    fresh.push({
      id,
      planId,
      planEnterpriseId: enterprise.id,
      planEnterprisePath: enterprise.path,
      organisationId: enterprise.id,
      organisationPath: enterprise.path,
      name: person.name,
      idType: person.idType,
      idNumberEncrypted: encryptPersonalData(person.idNumber.trim().toUpperCase(), ID_NUMBER_AAD),
      idLookupHash: hashes[index],
      idNumberMasked: maskIdNumber(person.idNumber),
      occupationCode: person.occupationCode,
      status: 'confirmed',
      content,
      currentVersion: 1,
    });
  }
  for (let start = 0; start < fresh.length; start += 500) await db.insert(applications).values(fresh.slice(start, start + 500));
  const startDate = input.noticeStart ?? '2021-01-04';
  const endDate = input.noticeEnd ?? '2021-01-08';
  const [notice] = await db
    .insert(notices)
    .values({
      planId,
      planYear: year,
      planTitle: `${year}年特级技师评聘工作方案（测试）`,
      enterpriseId: enterprise.id,
      enterprisePath: enterprise.path,
      status: 'confirmed',
      startDate,
      endDate,
      workingDays: 5,
      contact: '人力资源部（测试）',
      confirmedAt: new Date(`${endDate}T10:00:00+08:00`),
    })
    .returning();
  const candidates = [...new Set(ids)].map((applicationId, index) => ({
    noticeId: notice.id,
    applicationId,
    position: index + 1,
    name: input.people[ids.indexOf(applicationId)].name,
    organisationId: enterprise.id,
    organisationPath: enterprise.path,
    unitName: enterprise.name,
    summary: '（见申报材料）',
    status: 'confirmed' as const,
  }));
  for (let start = 0; start < candidates.length; start += 500) await db.insert(noticeCandidates).values(candidates.slice(start, start + 500));
  return { planId, noticeId: notice.id, holders: input.people.map((person, index) => ({ ...person, applicationId: ids[index] })) };
}

/** `{ planId, holders }` for issueCertificates / startCertificateBatch: the people confirmed on a notice of the enterprise's plan. */
export async function confirmedHolders(db: Database, enterpriseId: string, people: readonly ConfirmedPerson[]): Promise<{ planId: string; holders: never }> {
  const list = await confirmedList(db, { enterpriseId, people });
  return { planId: list.planId, holders: list.holders as never };
}
