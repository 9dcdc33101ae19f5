// What an audit entry is about, by name: the log stores a target's type and id (the id is part of
// the hashed entry and never changes), and a reader wants "张三" or a certificate's code rather than
// "c18427d9". The names are looked up when the page of entries is read, one query per type on
// the page, from the rows as they are now (a user renamed since shows the new name; a row deleted
// since has no name, and the page keeps the short id). Only names are given: an ID number never.
import { eq, inArray } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
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

type Lookup = (db: Database, ids: string[]) => Promise<[string, TargetName][]>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A kind whose name (and detail) are columns of its own row. */
function columnsOf(table: PgTable, id: PgColumn, name: PgColumn, detail?: PgColumn): Lookup {
  return async (db, ids) => {
    const rows = (await db
      .select({ id, name, ...(detail ? { detail } : {}) })
      .from(table)
      .where(inArray(id, ids))) as { id: string; name: string; detail?: string }[];
    return rows.map((row) => [row.id, detail ? { name: row.name, detail: row.detail } : { name: row.name }]);
  };
}

/** A kind named by its organisation's name and a year (a plan, a pilot application). */
function organisationYearOf(table: PgTable, id: PgColumn, organisationId: PgColumn, year: PgColumn): Lookup {
  return async (db, ids) => {
    const rows = (await db
      .select({ id, year, organisation: organisations.name })
      .from(table)
      .innerJoin(organisations, eq(organisations.id, organisationId))
      .where(inArray(id, ids))) as { id: string; year: number; organisation: string }[];
    return rows.map((row) => [row.id, { name: `${row.organisation} ${row.year}` }]);
  };
}

/** The name of each kind of target that has one; the others (jobs, files, settings…) keep their id. */
const LOOKUPS: Record<string, Lookup> = {
  application: columnsOf(applications, applications.id, applications.name),
  appointment: columnsOf(appointments, appointments.id, appointments.holderName, appointments.certificateCode),
  certificate: columnsOf(certificates, certificates.id, certificates.holderName, certificates.code),
  employee: columnsOf(employees, employees.id, employees.name),
  user: columnsOf(users, users.id, users.displayName, users.username),
  organisation: columnsOf(organisations, organisations.id, organisations.name),
  plan: organisationYearOf(plans, plans.id, plans.enterpriseId, plans.year),
  'pilot-application': organisationYearOf(pilotApplications, pilotApplications.id, pilotApplications.departmentId, pilotApplications.year),
  // A notice by its plan's title as published (older notices: the enterprise and the year).
  notice: async (db, ids) =>
    (
      await db
        .select({ id: notices.id, title: notices.planTitle, year: notices.planYear, enterprise: organisations.name })
        .from(notices)
        .innerJoin(organisations, eq(organisations.id, notices.enterpriseId))
        .where(inArray(notices.id, ids))
    ).map((row) => [row.id, { name: row.title ?? `${row.enterprise} ${row.year}` }]),
  'review-committee': columnsOf(reviewCommittees, reviewCommittees.id, reviewCommittees.name),
  'review-expert': columnsOf(reviewExperts, reviewExperts.id, reviewExperts.name),
  ban: columnsOf(bans, bans.id, bans.subjectName),
  suspension: columnsOf(suspensions, suspensions.id, suspensions.enterpriseName),
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
  const found = await Promise.all([...idsByType].map(async ([type, ids]) => (await LOOKUPS[type](db, [...ids])).map(([id, name]) => [`${type}:${id}`, name] as const)));
  return new Map(found.flat());
}
