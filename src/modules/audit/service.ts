import { and, desc, eq, gte, ilike, isNull, like, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { auditLog, organisations } from '../../db/schema.ts';
import { verifyAuditChain } from '../../platform/audit.ts';
import { makeAuditCheckpoint, parseCheckpoints, verifyAuditChainWithCheckpoints } from '../../platform/audit-checkpoints.ts';
import type { RequestContext } from '../../platform/context.ts';
import { assertPermission } from '../../platform/policy.ts';
import { findOrganisationInScope } from '../organisations/service.ts';
import { targetNames } from './target-names.ts';
import type { AuditQuery, AuditVerifyWithCheckpointsReq } from './schemas.ts';

/** The audit entries of the actor's organisation and those below it, newest first. */
export async function listAuditEntries(db: Database, context: RequestContext, query: AuditQuery) {
  assertPermission(context.actor, 'audit:read');
  let scopePath = context.actor.organisationPath;
  if (query.organisationId) scopePath = (await findOrganisationInScope(db, context, query.organisationId)).path;
  // Entries of the system itself (no organisation) belong to the ministry's administrators.
  const systemEntries = !query.organisationId && context.actor.organisationKind === 'ministry';
  const inScope = like(auditLog.organisationPath, `${scopePath}%`);
  const conditions: SQL[] = [systemEntries ? or(inScope, isNull(auditLog.organisationPath))! : inScope];
  if (query.action) conditions.push(like(auditLog.action, `${query.action.replace(/[%_\\]/g, '\\$&')}%`));
  if (query.actor) {
    const pattern = `%${query.actor.replace(/[%_\\]/g, '\\$&')}%`;
    conditions.push(or(ilike(auditLog.actorName, pattern), sql`${auditLog.actorId}::text = ${query.actor}`)!);
  }
  if (query.targetId) conditions.push(eq(auditLog.targetId, query.targetId));
  if (query.from) conditions.push(gte(auditLog.at, new Date(query.from)));
  if (query.to) conditions.push(lte(auditLog.at, new Date(query.to)));
  const where = and(...conditions);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({ entry: auditLog, organisationName: organisations.name })
      .from(auditLog)
      .leftJoin(organisations, eq(organisations.id, auditLog.organisationId))
      .where(where)
      .orderBy(desc(auditLog.seq))
      .limit(query.limit)
      .offset(query.offset),
    db.select({ total: sql<number>`count(*)::int` }).from(auditLog).where(where),
  ]);
  const names = await targetNames(db, rows.map(({ entry }) => entry));
  return {
    total,
    items: rows.map(({ entry, organisationName }) => {
      const target = names.get(`${entry.targetType}:${entry.targetId?.toLowerCase()}`);
      return {
      seq: entry.seq,
      id: entry.id,
      at: entry.at.toISOString(),
      actorId: entry.actorId,
      actorName: entry.actorName,
      organisationId: entry.organisationId,
      organisationName: organisationName ?? null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      targetName: target?.name ?? null,
      targetDetail: target?.detail ?? null,
      before: entry.before,
      after: entry.after,
      ip: entry.ip,
      userAgent: entry.userAgent,
      hash: entry.hash,
      };
    }),
  };
}

/** The whole chain verified (links, content, keyed hashes): what `ptech audit verify` reports. */
export async function verifyAudit(db: Database, context: RequestContext) {
  assertPermission(context.actor, 'audit:read');
  return verifyAuditChain(db);
}

/** The chain verified against checkpoints the administrator kept: what `ptech audit verify --checkpoint FILE` reports. */
export async function verifyAuditWithCheckpoints(db: Database, context: RequestContext, input: AuditVerifyWithCheckpointsReq) {
  assertPermission(context.actor, 'audit:checkpoint');
  return verifyAuditChainWithCheckpoints(db, parseCheckpoints(input.checkpoints));
}

/** A signed checkpoint of the chain, once the whole chain verified: for the administrator to keep outside the system. */
export async function makeCheckpoint(db: Database, context: RequestContext) {
  assertPermission(context.actor, 'audit:checkpoint');
  return (await makeAuditCheckpoint(db, context.clock)).checkpoint;
}
