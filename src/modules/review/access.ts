// Who may see a committee and in which capacity, decided from the review module's own records:
// the body's administrators by the body's place in the organisation tree, experts by their
// membership, the enterprise by the commission (and only once the review is closed).
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasPermission, isInScope } from '../../platform/policy.ts';
import { applicationStates } from '../applications/service.ts';
import { reviewCandidates, reviewCommissions, reviewCommittees, reviewExperts, reviewMembers, reviewRecusals } from './tables.ts';

export type CommitteeRow = typeof reviewCommittees.$inferSelect;
export type CommissionRow = typeof reviewCommissions.$inferSelect;
export type ExpertRow = typeof reviewExperts.$inferSelect;
export type MemberRow = typeof reviewMembers.$inferSelect;
export type CandidateRow = typeof reviewCandidates.$inferSelect;
export type CommitteeRole = 'manager' | 'chair' | 'member' | 'enterprise';

export interface CommitteeAccess {
  role: CommitteeRole;
  /** The caller's expert record when a member. */
  expertId: string | null;
  present: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The expert record linked to a user account. */
export async function expertOfUser(db: Database, userId: string): Promise<ExpertRow | null> {
  const [row] = await db.select().from(reviewExperts).where(eq(reviewExperts.userId, userId));
  return row ?? null;
}

/** The caller's capacity on a committee, or null when they have none. */
export async function accessTo(db: Database, context: RequestContext, committee: CommitteeRow): Promise<CommitteeAccess | null> {
  const actor = context.actor;
  if (hasPermission(actor, 'review:manage') && isInScope(actor, committee.bodyPath)) return { role: 'manager', expertId: null, present: false };
  if (hasPermission(actor, 'review:take-part')) {
    const expert = await expertOfUser(db, actor.userId);
    if (expert) {
      const [member] = await db
        .select()
        .from(reviewMembers)
        .where(and(eq(reviewMembers.committeeId, committee.id), eq(reviewMembers.expertId, expert.id)));
      if (member) return { role: member.isChair ? 'chair' : 'member', expertId: expert.id, present: member.present };
    }
  }
  if (hasPermission(actor, 'review:commission') && isInScope(actor, committee.enterprisePath)) return { role: 'enterprise', expertId: null, present: false };
  return null;
}

/** A committee the caller may act on in one of the given capacities; 404 when they have none at all, 403 when another. */
export async function loadCommittee(db: Database, context: RequestContext, id: string, allowed: readonly CommitteeRole[]): Promise<{ committee: CommitteeRow; access: CommitteeAccess }> {
  if (!UUID.test(id)) throw new AppError('NOT_FOUND');
  const [committee] = await db.select().from(reviewCommittees).where(eq(reviewCommittees.id, id));
  if (!committee) throw new AppError('NOT_FOUND');
  const access = await accessTo(db, context, committee);
  if (!access) throw new AppError('NOT_FOUND');
  // The enterprise sees a committee only once its review is closed.
  if (access.role === 'enterprise' && committee.status !== 'closed') throw new AppError('NOT_FOUND');
  if (!allowed.includes(access.role)) throw new AppError('FORBIDDEN');
  return { committee, access };
}

export async function membersOf(db: Database, committeeId: string): Promise<(MemberRow & { expert: ExpertRow })[]> {
  const rows = await db
    .select({ member: reviewMembers, expert: reviewExperts })
    .from(reviewMembers)
    .innerJoin(reviewExperts, eq(reviewExperts.id, reviewMembers.expertId))
    .where(eq(reviewMembers.committeeId, committeeId))
    .orderBy(asc(reviewExperts.name));
  return rows.map((row) => ({ ...row.member, expert: row.expert })).sort((a, b) => Number(b.isChair) - Number(a.isChair));
}

export async function candidatesOf(db: Database, committeeId: string): Promise<CandidateRow[]> {
  return db.select().from(reviewCandidates).where(eq(reviewCandidates.committeeId, committeeId)).orderBy(asc(reviewCandidates.occupationCode), asc(reviewCandidates.name));
}

/**
 * The candidates still in the committee's review: one whose application was disqualified for fraud
 * (六(四)) leaves an open review (nobody scores or votes on them, the close passes them by); a
 * closed review keeps its record as it was.
 */
export async function reviewedCandidatesOf(db: Database, committee: Pick<CommitteeRow, 'id' | 'status'>): Promise<CandidateRow[]> {
  const candidates = await candidatesOf(db, committee.id);
  if (committee.status === 'closed') return candidates;
  const states = await applicationStates(db, candidates.map((candidate) => candidate.applicationId));
  return candidates.filter((candidate) => states.get(candidate.applicationId)?.status !== 'disqualified');
}

export async function recusalsOf(db: Database, committeeId: string) {
  return db.select().from(reviewRecusals).where(eq(reviewRecusals.committeeId, committeeId)).orderBy(asc(reviewRecusals.createdAt));
}

/** Whether an expert recused from an applicant (for any reason). */
export function recusedKeys(recusals: readonly { expertId: string; applicationId: string }[]): Set<string> {
  return new Set(recusals.map((recusal) => `${recusal.expertId}:${recusal.applicationId}`));
}

export async function commissionsByIds(db: Database, ids: readonly string[]): Promise<CommissionRow[]> {
  if (!ids.length) return [];
  return db.select().from(reviewCommissions).where(inArray(reviewCommissions.id, [...ids]));
}

/** Refuses any change once the committee is closed: only a new round may follow. */
export function assertOpen(committee: CommitteeRow): void {
  if (committee.status === 'closed') throw new AppError('REVIEW_CLOSED');
}
