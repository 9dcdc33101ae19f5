// Reading pilot applications, the enterprises a department may put forward, and the pilot enterprises.
import { and, asc, desc, eq, inArray, like, ne, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { RequestContext } from '../../platform/context.ts';
import { assertPermission } from '../../platform/policy.ts';
import { findOrganisationsByIds, listOrganisationsBelow, pathIds } from '../organisations/service.ts';
import type { PilotApplicationDto, PilotApplicationListQuery, PilotApplicationSummaryDto, PilotDeadlineDto, PilotEnterpriseDto } from './schemas.ts';
import { pilotApplicationEnterprises, pilotApplications } from './tables.ts';
import { pilotDeadlineFor } from './jurisdiction-settings.ts';
import { applicationDto, applicationEnterprises, assertDepartment, findApplicationInScope, iso, summary, toEnterpriseDto, withParents, type OrganisationRow } from './pilot-support.ts';

export async function listPilotCandidates(db: Database, context: RequestContext): Promise<PilotEnterpriseDto[]> {
  assertPermission(context.actor, 'pilot:write');
  assertDepartment(context);
  const rows = await listOrganisationsBelow(db, context.actor.organisationPath, 'enterprise');
  const parents = await withParents(db, rows);
  return rows.map((row) => toEnterpriseDto(row, context.actor.organisationPath, parents));
}

export async function listPilotApplications(db: Database, context: RequestContext, query: PilotApplicationListQuery): Promise<PilotApplicationSummaryDto[]> {
  assertPermission(context.actor, 'pilot:read');
  const conditions: SQL[] = [like(pilotApplications.departmentPath, `${context.actor.organisationPath}%`)];
  if (context.actor.organisationKind !== 'department') conditions.push(ne(pilotApplications.status, 'draft'));
  if (query.year) conditions.push(eq(pilotApplications.year, query.year));
  if (query.status) conditions.push(eq(pilotApplications.status, query.status));
  const rows = await db
    .select()
    .from(pilotApplications)
    .where(and(...conditions))
    .orderBy(desc(pilotApplications.year), asc(pilotApplications.status), desc(pilotApplications.updatedAt));
  const enterpriseIds = await applicationEnterprises(db, rows.map((row) => row.id));
  const organisationRows = new Map(
    (await findOrganisationsByIds(db, [...new Set([...rows.map((row) => row.departmentId), ...[...enterpriseIds.values()].flat()])])).map((row) => [row.id, row]),
  );
  // Each department's own jurisdiction decides its deadline (a province may set its own).
  const deadlines = new Map<string, PilotDeadlineDto>();
  for (const row of rows) {
    const key = `${row.departmentPath}|${row.year}`;
    if (!deadlines.has(key)) deadlines.set(key, await pilotDeadlineFor(db, row.departmentPath, row.year, context.clock.today()));
  }
  return rows.map((row) =>
    summary(
      context,
      row,
      organisationRows.get(row.departmentId),
      deadlines.get(`${row.departmentPath}|${row.year}`)!,
      (enterpriseIds.get(row.id) ?? []).map((id) => organisationRows.get(id)).filter((item): item is OrganisationRow => Boolean(item)),
    ),
  );
}

export async function getPilotApplication(db: Database, context: RequestContext, id: string): Promise<PilotApplicationDto> {
  assertPermission(context.actor, 'pilot:read');
  return applicationDto(db, context, await findApplicationInScope(db, context, id));
}

// ------------------------------------------------------------------------- pilot enterprises

/** The pilot enterprises in scope: those of accepted applications. */
export async function listPilotEnterprises(db: Database, context: RequestContext, query: { year?: number }) {
  assertPermission(context.actor, 'pilot:read');
  const conditions: SQL[] = [eq(pilotApplications.status, 'accepted'), like(pilotApplications.departmentPath, `${context.actor.organisationPath}%`)];
  if (query.year) conditions.push(eq(pilotApplications.year, query.year));
  const rows = await db
    .select({ application: pilotApplications, enterpriseId: pilotApplicationEnterprises.enterpriseId })
    .from(pilotApplications)
    .innerJoin(pilotApplicationEnterprises, eq(pilotApplicationEnterprises.applicationId, pilotApplications.id))
    .where(and(...conditions))
    .orderBy(desc(pilotApplications.year));
  const names = new Map(
    (await findOrganisationsByIds(db, [...new Set(rows.flatMap((row) => [row.enterpriseId, row.application.departmentId]))])).map((row) => [row.id, row.name]),
  );
  return rows
    .map((row) => ({
      year: row.application.year,
      enterpriseId: row.enterpriseId,
      enterpriseName: names.get(row.enterpriseId) ?? '',
      departmentId: row.application.departmentId,
      departmentName: names.get(row.application.departmentId) ?? '',
      applicationId: row.application.id,
      acceptedAt: iso(row.application.decidedAt),
    }))
    .sort((a, b) => b.year - a.year || a.departmentName.localeCompare(b.departmentName) || a.enterpriseName.localeCompare(b.enterpriseName));
}

/**
 * The years in which an enterprise is a pilot enterprise: it, or an enterprise above it (its
 * group), is named in an accepted application of that year. A group accepted as a pilot carries
 * its subsidiaries with it.
 */
export async function pilotYearsOf(db: Database, enterprisePath: string): Promise<number[]> {
  const ids = pathIds(enterprisePath);
  const rows = await db
    .selectDistinct({ year: pilotApplications.year })
    .from(pilotApplications)
    .innerJoin(pilotApplicationEnterprises, eq(pilotApplicationEnterprises.applicationId, pilotApplications.id))
    .where(and(eq(pilotApplications.status, 'accepted'), inArray(pilotApplicationEnterprises.enterpriseId, ids)));
  return rows.map((row) => row.year).sort((a, b) => b - a);
}

