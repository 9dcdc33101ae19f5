// What the appointment use cases share: loading rows in scope, shaping them for the API, and the
// enterprise whose data an act touches.
import { desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { allowedActs } from '../../domain/transitions.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertInScope, assertPermission, hasPermission, type Actor, type Permission } from '../../platform/policy.ts';
import { certificateForModule } from '../certificates/manage-certificates.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import type { AppointmentDto } from './schemas.ts';
import { appointments, assessments, studioEntries, treatmentRecords } from './tables.ts';

export type AppointmentRow = typeof appointments.$inferSelect;
export type StudioEntryRow = typeof studioEntries.$inferSelect;
export type TreatmentRow = typeof treatmentRecords.$inferSelect;
export type AssessmentRow = typeof assessments.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

export function toAppointmentDto(row: AppointmentRow, actor: Actor | null): AppointmentDto {
  const acts = actor && hasPermission(actor, 'appointment:write') ? (allowedActs('appointment', row.status) as string[]) : [];
  return {
    id: row.id,
    certificateId: row.certificateId,
    enterpriseId: row.enterpriseId,
    holderName: row.holderName,
    certificateCode: row.certificateCode,
    termNumber: row.termNumber,
    previousId: row.previousId,
    post: row.post,
    duties: row.duties,
    treatments: (row.treatments ?? []).map((item) => ({ kind: item.kind, detail: item.detail ?? null })),
    treatment: row.treatment ?? null,
    termKind: row.termKind ?? 'fixed',
    termStart: row.termStart,
    termEnd: row.termEnd,
    status: row.status,
    signedOn: row.signedOn,
    signedFileId: row.signedFileId,
    endedOn: row.endedOn,
    exitCategory: row.exitCategory ?? null,
    exitReason: row.exitReason,
    exitEvidenceFileIds: row.exitEvidenceFileIds ?? [],
    createdAt: row.createdAt.toISOString(),
    allowedActs: acts,
  };
}

export const toStudioEntryDto = (row: StudioEntryRow) => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  detail: row.detail,
  projectCategory: row.projectCategory ?? null,
  result: row.result,
  onDate: row.onDate,
  createdAt: row.createdAt.toISOString(),
});
export const toTreatmentDto = (row: TreatmentRow) => ({ id: row.id, kind: row.kind, description: row.description, grantedOn: row.grantedOn, createdAt: row.createdAt.toISOString() });
export const toAssessmentDto = (row: AssessmentRow) => ({
  id: row.id,
  appointmentId: row.appointmentId,
  kind: row.kind,
  year: row.year,
  result: row.result,
  comment: row.comment,
  assessedOn: row.assessedOn,
  createdAt: row.createdAt.toISOString(),
});

/** A certificate (through the certificates service) the actor reaches with the permission; 404 outside scope. */
export async function holderCertificate(db: Database, context: RequestContext, certificateId: string, permission: Permission) {
  assertPermission(context.actor, permission);
  // Reading a certificate needs certificate:read, which every appointment role holds.
  return certificateForModule(db, context, certificateId, 'certificate:read');
}

/** An appointment the actor reaches with the permission; 404 outside scope. */
export async function appointmentInScope(db: Database, context: RequestContext, id: string, permission: Permission): Promise<AppointmentRow> {
  assertPermission(context.actor, permission);
  const [row] = isUuid(id) ? await db.select().from(appointments).where(eq(appointments.id, id)) : [];
  assertInScope(context.actor, row?.enterprisePath);
  return row;
}

/** The enterprise (name, credit code) an agreement names. */
export async function enterpriseOf(db: Database, enterpriseId: string) {
  const [enterprise] = await findOrganisationsByIds(db, [enterpriseId]);
  if (!enterprise) throw new AppError('NOT_FOUND');
  return enterprise;
}

/** The enterprise the actor means: its own when none is given; 404 outside scope or when it is no enterprise. */
export async function enterpriseInScope(db: Database, context: RequestContext, enterpriseId: string | undefined) {
  const id = enterpriseId ?? context.actor.organisationId;
  const [enterprise] = isUuid(id) ? await findOrganisationsByIds(db, [id]) : [];
  assertInScope(context.actor, enterprise?.path);
  if (enterprise.kind !== 'enterprise') throw new AppError('NOT_FOUND');
  return enterprise;
}

/** The latest term of each certificate in the list (for the holder list). */
export async function latestTerms(db: Database, certificateIds: readonly string[]): Promise<Map<string, AppointmentRow>> {
  const result = new Map<string, AppointmentRow>();
  if (!certificateIds.length) return result;
  const rows = await db.select().from(appointments).where(inArray(appointments.certificateId, [...certificateIds])).orderBy(desc(appointments.termNumber));
  for (const row of rows) if (!result.has(row.certificateId)) result.set(row.certificateId, row);
  return result;
}

/** The terms of one certificate, newest first. */
export function termsOf(db: Database, certificateId: string) {
  return db.select().from(appointments).where(eq(appointments.certificateId, certificateId)).orderBy(desc(appointments.termNumber));
}
