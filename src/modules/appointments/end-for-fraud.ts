// 退出机制 for fraud found by another act (六(四)): when a finding of fraud after certification
// (src/modules/fraud) voids a holder's year, the holder's open appointment ends with it, in the
// finding's transaction, through the appointment life cycle, audited like any exit.
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { assertTransition } from '../../domain/transitions.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { AuditContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { appointments, type AppointmentStatus, type ExitCategory } from './tables.ts';

/** Ends the certificate's drafted or active term (if any) for fraud; returns how many ended. */
export async function endAppointmentsForFraud(tx: Database, context: AuditContext, certificateId: string, input: { reason: string; evidenceFileIds: string[] }): Promise<number> {
  const open = await tx
    .select()
    .from(appointments)
    .where(and(eq(appointments.certificateId, certificateId), inArray(appointments.status, ['drafted', 'active'])));
  const endedOn = context.clock.today();
  for (const current of open) {
    const to = assertTransition('appointment', current.status, 'exit');
    await endTerm(tx, context, current, to, { endedOn, category: 'fraud', reason: input.reason, evidenceFileIds: input.evidenceFileIds });
  }
  return open.length;
}

/**
 * Ends one term (→ `to`, from the life cycle), guarded against a concurrent change, with its audit
 * entry in the same transaction: the exit page's act and the fraud finding's share it.
 */
export async function endTerm(
  tx: Database,
  context: AuditContext,
  current: typeof appointments.$inferSelect,
  to: AppointmentStatus,
  exit: { endedOn: string; category: ExitCategory; reason: string; evidenceFileIds: string[] },
) {
  const [updated] = await tx
    .update(appointments)
    .set({ status: to, endedOn: exit.endedOn, exitCategory: exit.category, exitReason: exit.reason, exitEvidenceFileIds: exit.evidenceFileIds, updatedAt: context.clock.now() })
    .where(and(eq(appointments.id, current.id), eq(appointments.status, current.status)))
    .returning();
  if (!updated) throw new AppError('CONFLICT');
  await writeAudit(tx, context, {
    action: 'appointment.ended',
    targetType: 'appointment',
    targetId: current.id,
    organisationId: current.enterpriseId,
    organisationPath: current.enterprisePath,
    before: { status: current.status },
    after: { status: to, endedOn: exit.endedOn, category: exit.category, reason: exit.reason, evidenceFileIds: exit.evidenceFileIds },
  });
  return updated;
}
