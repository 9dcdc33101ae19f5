// Who must act on something, as notifications: every enabled user holding a role in an
// organisation (or in it and every organisation below it). One INSERT … SELECT, so that a plan
// published to an enterprise of many thousand employees writes its rows without loading them.
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { clockNow, type Clock } from '../../platform/clock.ts';
import type { Role } from '../../platform/policy.ts';
import type { NotificationText } from './tables.ts';

export interface RoleNotification {
  role: Role;
  /** The organisation whose users are told. */
  organisationPath: string;
  /** Also the users of every organisation below it. */
  below?: boolean;
  kind: string;
  title: NotificationText;
  body: NotificationText;
  link?: string | null;
  /** Leave out the user who caused it (they know). */
  exceptUserId?: string | null;
}

/** Sends the notification to every enabled holder of the role; call it inside the act's transaction. Returns how many were told. */
export async function notifyRole(tx: Database, input: RoleNotification): Promise<number> {
  const where = input.below ? sql`o.path like ${`${input.organisationPath}%`}` : sql`o.path = ${input.organisationPath}`;
  const result = (await tx.execute(sql`
    with sent as (
    insert into notifications (user_id, kind, title, body, link, created_at)
    select u.id, ${input.kind}, ${JSON.stringify(input.title)}::jsonb, ${JSON.stringify(input.body)}::jsonb, ${input.link ?? null}, ${clockNow().toISOString()}::timestamptz
    from users u join organisations o on o.id = u.organisation_id
    where ${where} and u.disabled = false and ${input.role} = any(u.roles)
      and (${input.exceptUserId ?? null}::uuid is null or u.id <> ${input.exceptUserId ?? null}::uuid)
    returning 1)
    select count(*)::int as count from sent`)) as unknown as { rows: { count: number }[] };
  return Number(result.rows[0]?.count ?? 0);
}

export interface RoleNotificationAt {
  role: Role;
  /**
   * `at`: the users of these organisations; `above`: the users of every organisation these lie
   * in or below (their supervising departments, up the tree).
   */
  match: 'at' | 'above';
  organisationPaths: readonly string[];
  kind: string;
  title: NotificationText;
  body: NotificationText;
  link?: string | null;
  exceptUserId?: string | null;
}

/**
 * Sends the notification once to every enabled holder of the role in (or above) any of the
 * organisations: a user above two of them is told once. Call it inside the act's transaction.
 */
export async function notifyRoleAt(tx: Database, clock: Clock, input: RoleNotificationAt): Promise<number> {
  if (!input.organisationPaths.length) return 0;
  const paths = sql.join(input.organisationPaths.map((path) => sql`${path}::text`), sql`, `);
  const where = input.match === 'at' ? sql`o.path in (${paths})` : sql`exists (select 1 from unnest(array[${paths}]) as p(path) where p.path like o.path || '%')`;
  const result = (await tx.execute(sql`
    with sent as (
    insert into notifications (user_id, kind, title, body, link, created_at)
    select u.id, ${input.kind}, ${JSON.stringify(input.title)}::jsonb, ${JSON.stringify(input.body)}::jsonb, ${input.link ?? null}, ${clock.now().toISOString()}::timestamptz
    from users u join organisations o on o.id = u.organisation_id
    where ${where} and u.disabled = false and ${input.role} = any(u.roles)
      and (${input.exceptUserId ?? null}::uuid is null or u.id <> ${input.exceptUserId ?? null}::uuid)
    returning 1)
    select count(*)::int as count from sent`)) as unknown as { rows: { count: number }[] };
  return Number(result.rows[0]?.count ?? 0);
}
