import { and, desc, eq, like } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { RequestContext } from '../../platform/context.ts';
import { assertInScope, assertPermission } from '../../platform/policy.ts';
import { isUuid } from './certificate-records.ts';
import { issueBatchDto } from './issue-certificates.ts';
import type { IssueBatchDto } from './schemas.ts';
import { certificateIssueBatches } from './tables.ts';

/** The issue batches in scope, newest first. */
export async function listIssueBatches(db: Database, context: RequestContext, query: { enterpriseId?: string }): Promise<{ items: IssueBatchDto[] }> {
  assertPermission(context.actor, 'certificate:read');
  const conditions = [like(certificateIssueBatches.enterprisePath, `${context.actor.organisationPath}%`)];
  if (query.enterpriseId) conditions.push(eq(certificateIssueBatches.enterpriseId, query.enterpriseId));
  const rows = await db.select().from(certificateIssueBatches).where(and(...conditions)).orderBy(desc(certificateIssueBatches.createdAt)).limit(100);
  const items: IssueBatchDto[] = [];
  for (const row of rows) items.push(await issueBatchDto(db, context, row));
  return { items };
}

export async function getIssueBatch(db: Database, context: RequestContext, id: string): Promise<IssueBatchDto> {
  assertPermission(context.actor, 'certificate:read');
  const [row] = isUuid(id) ? await db.select().from(certificateIssueBatches).where(eq(certificateIssueBatches.id, id)) : [];
  assertInScope(context.actor, row?.enterprisePath);
  return issueBatchDto(db, context, row);
}
