// 疑似重复使用的证明材料: reading the evidence flags in scope and deciding one's own side.
//
// Who sees what: a flag is seen by whoever may read applications (application:read) of either side
// (the applicant's enterprise, the plan's enterprise, the departments above them, the ministry).
// A side the reader may read is shown as the application itself is (name, masked number, state,
// the file); a side of another organisation is shown masked: the surname and stars, no number, no
// file, no note — one organisation never reads another's applicant (DOMAIN.md, personal data).
//
// Who decides: each side by its own people — HR of the plan's enterprise (application:screen) or a
// department above it (fraud:sanction) — clears it with the explanation found, or reopens it. Fraud
// itself is found through the fraud module (POST /applications/{id}/fraud), whose finding the flag
// shows: a flag is a suspicion, not a finding.
import { and, desc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { claimSection, maskPersonName } from '../../domain/evidence-claims.ts';
import { allowedActs, assertTransition } from '../../domain/transitions.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertPermission, hasPermission, isInScope, type Actor } from '../../platform/policy.ts';
import { applicationBriefs } from '../applications/service.ts';
import { findingsForApplications } from '../fraud/find-fraud.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import type { EvidenceFlagDto, EvidenceFlagListQuery } from './schemas.ts';
import { evidenceFlags, evidenceFlagSides, type EvidenceFlagSideStatus } from './tables.ts';

type FlagRow = typeof evidenceFlags.$inferSelect;
type SideRow = typeof evidenceFlagSides.$inferSelect;

/** The reader may read this side's application (as GET /applications/{id} decides for a reader in scope). */
function mayRead(actor: Actor, side: Pick<SideRow, 'organisationPath' | 'planEnterprisePath'>): boolean {
  return hasPermission(actor, 'application:read') && (isInScope(actor, side.organisationPath) || isInScope(actor, side.planEnterprisePath));
}

/** The reader decides this side: HR of the plan's enterprise, or a department above the applicant or the plan. */
function mayDecide(actor: Actor, side: Pick<SideRow, 'organisationPath' | 'planEnterprisePath'>): boolean {
  if (hasPermission(actor, 'application:screen') && isInScope(actor, side.planEnterprisePath)) return true;
  return hasPermission(actor, 'fraud:sanction') && (isInScope(actor, side.organisationPath) || isInScope(actor, side.planEnterprisePath));
}

async function toDtos(db: Database, actor: Actor, flags: FlagRow[]): Promise<EvidenceFlagDto[]> {
  if (!flags.length) return [];
  const sides = await db
    .select()
    .from(evidenceFlagSides)
    .where(
      inArray(
        evidenceFlagSides.flagId,
        flags.map((flag) => flag.id),
      ),
    );
  const applicationIds = [...new Set(sides.map((side) => side.applicationId))];
  const [briefs, findings, organisationRows] = await Promise.all([
    applicationBriefs(db, applicationIds),
    findingsForApplications(db, applicationIds),
    findOrganisationsByIds(db, [...new Set(sides.flatMap((side) => [side.organisationId, side.planEnterpriseId]))]),
  ]);
  const organisationNames = new Map(organisationRows.map((row) => [row.id, row.name]));
  const bySide = new Map<string, SideRow[]>();
  for (const side of sides) bySide.set(side.flagId, [...(bySide.get(side.flagId) ?? []), side]);
  return flags.map((flag) => {
    const pair = (bySide.get(flag.id) ?? []).sort((a, b) => (a.applicationId === flag.firstApplicationId ? -1 : b.applicationId === flag.firstApplicationId ? 1 : 0));
    return {
      id: flag.id,
      kind: flag.kind,
      display: flag.display,
      createdAt: flag.createdAt.toISOString(),
      open: pair.some((side) => side.status === 'open'),
      sides: pair.map((side) => {
        const brief = briefs.get(side.applicationId);
        const readable = mayRead(actor, side);
        const finding = findings.get(side.applicationId) ?? null;
        return {
          applicationId: side.applicationId,
          readable,
          name: brief ? (readable ? brief.name : maskPersonName(brief.name)) : '—',
          idNumberMasked: readable ? (brief?.idNumberMasked ?? null) : null,
          applicationStatus: readable ? (brief?.status ?? null) : null,
          planTitle: readable ? (brief?.planTitle ?? null) : null,
          organisationId: side.organisationId,
          organisationName: organisationNames.get(side.organisationId) ?? '',
          planEnterpriseName: organisationNames.get(side.planEnterpriseId) ?? '',
          field: side.field,
          section: claimSection(side.field),
          fileId: readable ? side.fileId : null,
          fileName: readable ? side.fileName : null,
          status: side.status,
          note: readable ? side.note : null,
          decidedByName: readable ? side.decidedByName : null,
          decidedAt: side.decidedAt?.toISOString() ?? null,
          fraudFound: finding !== null,
          fraudFindingId: readable ? (finding?.id ?? null) : null,
          allowedActs: mayDecide(actor, side) ? (allowedActs('evidenceFlagSide', side.status) as string[]) : [],
        };
      }),
    };
  });
}

/**
 * 证明材料疑点: the flags with a side in the reader's scope, newest first; for one application (its
 * page), or all (the departments' and HR's list), open ones only when asked.
 */
export async function listEvidenceFlags(db: Database, context: RequestContext, query: EvidenceFlagListQuery): Promise<EvidenceFlagDto[]> {
  assertPermission(context.actor, 'application:read');
  const path = `${context.actor.organisationPath}%`;
  const conditions: SQL[] = [or(like(evidenceFlagSides.organisationPath, path), like(evidenceFlagSides.planEnterprisePath, path))!];
  if (query.applicationId) conditions.push(eq(evidenceFlagSides.applicationId, query.applicationId));
  const inScope = db.selectDistinct({ flagId: evidenceFlagSides.flagId }).from(evidenceFlagSides).where(and(...conditions));
  const flagConditions: SQL[] = [inArray(evidenceFlags.id, inScope)];
  if (query.status === 'open') flagConditions.push(sql`exists (select 1 from ${evidenceFlagSides} s where s.flag_id = ${evidenceFlags.id} and s.status = 'open')`);
  if (query.status === 'cleared') flagConditions.push(sql`not exists (select 1 from ${evidenceFlagSides} s where s.flag_id = ${evidenceFlags.id} and s.status = 'open')`);
  const rows = await db
    .select()
    .from(evidenceFlags)
    .where(and(...flagConditions))
    .orderBy(desc(evidenceFlags.createdAt), desc(evidenceFlags.id))
    .limit(query.limit)
    .offset(query.offset);
  return toDtos(db, context.actor, rows);
}

/** One flag, if a side of it lies in the reader's scope (404 otherwise). */
export async function getEvidenceFlag(db: Database, context: RequestContext, id: string): Promise<EvidenceFlagDto> {
  assertPermission(context.actor, 'application:read');
  const [flag] = await db.select().from(evidenceFlags).where(eq(evidenceFlags.id, id));
  if (!flag) throw new AppError('NOT_FOUND');
  const sides = await db.select().from(evidenceFlagSides).where(eq(evidenceFlagSides.flagId, id));
  if (!sides.some((side) => mayRead(context.actor, side))) throw new AppError('NOT_FOUND');
  const [dto] = await toDtos(db, context.actor, [flag]);
  return dto;
}

/**
 * Clears (an explanation was found: a group's appointment document naming several people, a team
 * award…) or reopens one side of a flag, with the reason: its life cycle `evidenceFlagSide`, the
 * audit entry in the same transaction. 404 for a side the reader may not read; 403 for one they
 * read but do not decide (the ministry reads, a subsidiary's HR reads its group's plan).
 */
export async function decideEvidenceFlagSide(db: Database, context: RequestContext, flagId: string, applicationId: string, act: 'clear' | 'reopen', note: string): Promise<EvidenceFlagDto> {
  assertPermission(context.actor, 'application:read');
  const [side] = await db
    .select()
    .from(evidenceFlagSides)
    .where(and(eq(evidenceFlagSides.flagId, flagId), eq(evidenceFlagSides.applicationId, applicationId)));
  if (!side || !mayRead(context.actor, side)) throw new AppError('NOT_FOUND');
  if (!mayDecide(context.actor, side)) throw new AppError('FORBIDDEN', { permission: 'application:screen' });
  const to = assertTransition('evidenceFlagSide', side.status, act) as EvidenceFlagSideStatus;
  const at = context.clock.now();
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(evidenceFlagSides)
      .set({ status: to, note: note.trim(), decidedBy: context.actor.userId, decidedByName: context.actor.displayName, decidedAt: at })
      .where(and(eq(evidenceFlagSides.flagId, flagId), eq(evidenceFlagSides.applicationId, applicationId), eq(evidenceFlagSides.status, side.status)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await writeAudit(tx, context, {
      action: act === 'clear' ? 'evidence.flag-cleared' : 'evidence.flag-reopened',
      targetType: 'evidence-flag',
      targetId: flagId,
      organisationId: side.organisationId,
      organisationPath: side.organisationPath,
      before: { applicationId, status: side.status },
      after: { applicationId, status: to, note: note.trim() },
    });
  });
  return getEvidenceFlag(db, context, flagId);
}
