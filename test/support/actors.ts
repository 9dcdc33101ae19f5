import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { organisations, users } from '../../src/db/schema.ts';
import type { Clock } from '../../src/platform/clock.ts';
import type { RequestContext } from '../../src/platform/context.ts';
import type { Actor, Role } from '../../src/platform/policy.ts';

/** The request context a use case would get for this user, for tests that call services directly. */
export async function contextFor(db: Database, userId: string, clock: Clock): Promise<RequestContext> {
  const [row] = await db
    .select({ user: users, organisation: organisations })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, userId));
  if (!row) throw new Error(`no user ${userId}`);
  const actor: Actor = {
    userId: row.user.id,
    username: row.user.username,
    displayName: row.user.displayName,
    organisationId: row.organisation.id,
    organisationPath: row.organisation.path,
    organisationKind: row.organisation.kind,
    roles: row.user.roles as Role[],
    mustChangePassword: false,
  };
  return { actor, ip: '127.0.0.1', userAgent: 'vitest', clock };
}
