// 复核确认 holders as the issuance path sees them: which holders a re-review plan's certificates may
// go to (only confirmed ones), and the move to `certified` inside the issuing transaction. Kept apart
// from the use cases (re-review.ts) so that issue-certificates.ts can use it without a cycle.
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { HolderInput } from '../../domain/certificate-holder.ts';
import { assertTransition } from '../../domain/transitions.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { AuditContext } from '../../platform/context.ts';
import { AppError, fieldError, type FieldError } from '../../platform/errors.ts';
import { lookupHash } from '../../platform/personal-data.ts';
import { plans } from '../plans/tables.ts';
import { reReviewHolders } from './tables.ts';

export type ReReviewHolderRow = typeof reReviewHolders.$inferSelect;

/**
 * Every reason the holders cannot be issued as far as 复核确认 goes: a re-review plan's certificates
 * go only to its confirmed holders (or to confirmed applications); a holder marked as a re-review
 * holder must be a confirmed one of that plan, for the same person and occupation.
 */
export async function reReviewIssues(db: Database, planId: string | null, holders: readonly HolderInput[]): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const marked = holders.flatMap((holder) => (holder.reReviewHolderId ? [holder.reReviewHolderId] : []));
  const [plan] = planId && /^[0-9a-f-]{36}$/i.test(planId) ? await db.select({ kind: plans.kind }).from(plans).where(eq(plans.id, planId)) : [];
  const rows = marked.length ? await db.select().from(reReviewHolders).where(inArray(reReviewHolders.id, marked)) : [];
  for (const [index, holder] of holders.entries()) {
    const at = `holders.${index}.reReviewHolderId`;
    if (!holder.reReviewHolderId) {
      if (plan?.kind === 're-review' && !holder.applicationId) {
        errors.push(fieldError(at, 'RE_REVIEW_NOT_CONFIRMED', '复核确认工作方案只能为复核确认通过的人员发证，请先导入并完成复核确认', 'A re-review plan issues certificates only to holders confirmed by the re-review: import and confirm them first'));
      }
      continue;
    }
    const row = rows.find((candidate) => candidate.id === holder.reReviewHolderId);
    const samePerson = row && typeof holder.idNumber === 'string' && row.idNumberLookup === lookupHash(holder.idType, holder.idNumber) && row.occupationCode === holder.occupationCode;
    if (!row || row.planId !== planId || row.status !== 'confirmed' || !samePerson) {
      errors.push(fieldError(at, 'RE_REVIEW_NOT_CONFIRMED', '该人员不是所选复核确认工作方案中复核确认通过、尚未发证的人员', 'Not a holder of the chosen re-review plan who is confirmed and not yet issued'));
    }
  }
  return errors;
}

/** Inside the issuing transaction: the confirmed holder got its certificate (confirmed → certified), audited. */
export async function certifyReReviewHolder(tx: Database, context: AuditContext, holderId: string, certificate: { id: string; code: string }): Promise<void> {
  const [row] = await tx.select().from(reReviewHolders).where(eq(reReviewHolders.id, holderId));
  if (!row) throw new AppError('NOT_FOUND');
  const to = assertTransition('reReviewHolder', row.status, 'certify');
  const [updated] = await tx
    .update(reReviewHolders)
    .set({ status: to, certificateId: certificate.id, updatedAt: context.clock.now() })
    .where(and(eq(reReviewHolders.id, row.id), eq(reReviewHolders.status, row.status)))
    .returning();
  if (!updated) throw new AppError('CONFLICT');
  await writeAudit(tx, context, {
    action: 're-review.certified',
    targetType: 're-review-holder',
    targetId: row.id,
    organisationId: row.enterpriseId,
    organisationPath: row.enterprisePath,
    before: { status: row.status },
    after: { status: to, certificateId: certificate.id, code: certificate.code },
  });
}
