// What an audit entry is about, by name: the log stores a target's type and id (the id is part of
// the hashed entry and never changes), and a reader wants "张三" or a certificate's code rather than
// "c18427d9". The names are looked up when the page of entries is read, one query per type on
// the page, from the rows as they are now (a user renamed since shows the new name; a row deleted
// since has no name, and the page keeps the short id). Only names are given: an ID number never.
import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  applications,
  appointments,
  bans,
  certificates,
  employees,
  notices,
  organisations,
  pilotApplications,
  plans,
  reviewCommittees,
  reviewExperts,
  suspensions,
  users,
} from '../../db/schema.ts';

/** A target's name, and what tells it apart where names repeat (a certificate's code, a user's sign-in name). */
export interface TargetName {
  name: string;
  detail?: string;
}

type Lookup = (db: Database, ids: string[]) => Promise<[string, TargetName | string][]>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The name of each kind of target that has one; the others (jobs, files, settings…) keep their id. */
const LOOKUPS: Record<string, Lookup> = {
  application: async (db, ids) =>
    (await db.select({ id: applications.id, name: applications.name }).from(applications).where(inArray(applications.id, ids))).map((row) => [row.id, row.name]),
  appointment: async (db, ids) =>
    (
      await db
        .select({ id: appointments.id, name: appointments.holderName, code: appointments.certificateCode })
        .from(appointments)
        .where(inArray(appointments.id, ids))
    ).map((row) => [row.id, { name: row.name, detail: row.code }]),
  certificate: async (db, ids) =>
    (await db.select({ id: certificates.id, name: certificates.holderName, code: certificates.code }).from(certificates).where(inArray(certificates.id, ids))).map(
      (row) => [row.id, { name: row.name, detail: row.code }],
    ),
  employee: async (db, ids) =>
    (await db.select({ id: employees.id, name: employees.name }).from(employees).where(inArray(employees.id, ids))).map((row) => [row.id, row.name]),
  user: async (db, ids) =>
    (await db.select({ id: users.id, name: users.displayName, username: users.username }).from(users).where(inArray(users.id, ids))).map((row) => [row.id, { name: row.name, detail: row.username }]),
  organisation: async (db, ids) =>
    (await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, ids))).map((row) => [row.id, row.name]),
  plan: async (db, ids) =>
    (
      await db
        .select({ id: plans.id, year: plans.year, enterprise: organisations.name })
        .from(plans)
        .innerJoin(organisations, eq(organisations.id, plans.enterpriseId))
        .where(inArray(plans.id, ids))
    ).map((row) => [row.id, `${row.enterprise} ${row.year}`]),
  notice: async (db, ids) =>
    (
      await db
        .select({ id: notices.id, title: notices.planTitle, year: notices.planYear, enterprise: organisations.name })
        .from(notices)
        .innerJoin(organisations, eq(organisations.id, notices.enterpriseId))
        .where(inArray(notices.id, ids))
    ).map((row) => [row.id, row.title ?? `${row.enterprise} ${row.year}`]),
  'pilot-application': async (db, ids) =>
    (
      await db
        .select({ id: pilotApplications.id, year: pilotApplications.year, department: organisations.name })
        .from(pilotApplications)
        .innerJoin(organisations, eq(organisations.id, pilotApplications.departmentId))
        .where(inArray(pilotApplications.id, ids))
    ).map((row) => [row.id, `${row.department} ${row.year}`]),
  'review-committee': async (db, ids) =>
    (await db.select({ id: reviewCommittees.id, name: reviewCommittees.name }).from(reviewCommittees).where(inArray(reviewCommittees.id, ids))).map((row) => [
      row.id,
      row.name,
    ]),
  'review-expert': async (db, ids) =>
    (await db.select({ id: reviewExperts.id, name: reviewExperts.name }).from(reviewExperts).where(inArray(reviewExperts.id, ids))).map((row) => [row.id, row.name]),
  ban: async (db, ids) => (await db.select({ id: bans.id, name: bans.subjectName }).from(bans).where(inArray(bans.id, ids))).map((row) => [row.id, row.name]),
  suspension: async (db, ids) =>
    (await db.select({ id: suspensions.id, name: suspensions.enterpriseName }).from(suspensions).where(inArray(suspensions.id, ids))).map((row) => [row.id, row.name]),
};

/** The target types whose entries are shown by name (the rest by id). */
export const NAMED_TARGET_TYPES = Object.keys(LOOKUPS);

/** `type:id` → name, for the targets of a page of entries that still exist and have a name. */
export async function targetNames(db: Database, targets: readonly { targetType: string; targetId: string | null }[]): Promise<Map<string, TargetName>> {
  const idsByType = new Map<string, Set<string>>();
  for (const { targetType, targetId } of targets) {
    if (!targetId || !UUID.test(targetId) || !(targetType in LOOKUPS)) continue;
    let ids = idsByType.get(targetType);
    if (!ids) idsByType.set(targetType, (ids = new Set()));
    ids.add(targetId.toLowerCase());
  }
  const found = await Promise.all([...idsByType].map(async ([type, ids]) => (await LOOKUPS[type](db, [...ids])).map(([id, name]) => [`${type}:${id}`, typeof name === 'string' ? { name } : name] as const)));
  return new Map(found.flat());
}
