import { randomUUID } from 'node:crypto';
import { and, asc, eq, like, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { organisations, sessions, users } from '../../db/schema.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertPasswordStrength, generateOneTimePassword, hashPassword, oneTimePasswordExpiry } from '../../platform/passwords.ts';
import { assertInScope, assertPermission, assignableRoles, type Actor, type Role } from '../../platform/policy.ts';
import { findOrganisationInScope } from '../organisations/service.ts';
import type { UserCreateReq, UserDto, UserUpdateReq } from './schemas.ts';

type UserRow = typeof users.$inferSelect;

export function toUserDto(row: UserRow, organisationName: string, now: Date): UserDto {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    organisationId: row.organisationId,
    organisationName,
    roles: row.roles as Role[],
    disabled: row.disabled,
    mustChangePassword: row.mustChangePassword,
    passwordExpiresAt: row.mustChangePassword && row.passwordExpiresAt ? row.passwordExpiresAt.toISOString() : null,
    lockedUntil: row.lockedUntil && row.lockedUntil > now ? row.lockedUntil.toISOString() : null,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** What the audit log keeps of a user: never the password hash. */
function auditView(row: UserRow) {
  return { username: row.username, displayName: row.displayName, organisationId: row.organisationId, roles: row.roles, disabled: row.disabled, mustChangePassword: row.mustChangePassword };
}

function assertRolesAssignable(actor: Actor, kind: Parameters<typeof assignableRoles>[1], requested: readonly Role[]) {
  const allowed = assignableRoles(actor, kind);
  for (const role of requested) {
    if (!allowed.includes(role)) throw new AppError('ROLE_NOT_ALLOWED', { role });
  }
}

export async function listUsers(db: Database, context: RequestContext, query: { organisationId?: string }): Promise<UserDto[]> {
  assertPermission(context.actor, 'user:read');
  let scopePath = context.actor.organisationPath;
  if (query.organisationId) scopePath = (await findOrganisationInScope(db, context, query.organisationId)).path;
  const rows = await db
    .select({ user: users, organisationName: organisations.name, path: organisations.path })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(query.organisationId ? eq(users.organisationId, query.organisationId) : like(organisations.path, `${scopePath}%`))
    .orderBy(asc(organisations.path), asc(users.username));
  return rows.map((row) => toUserDto(row.user, row.organisationName, context.clock.now()));
}

async function findUserInScope(db: Database, context: RequestContext, id: string) {
  const [row] = await db
    .select({ user: users, organisation: organisations })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, id));
  assertInScope(context.actor, row?.organisation.path);
  return row;
}

/**
 * Opens an account. Its first password is one-time whether the system generates it or the
 * administrator types it: the user must change it at the first log-in (an administrator knows it,
 * so what the account does would not be the user's own), and it stops working after
 * ONE_TIME_PASSWORD_HOURS. There is no way around the change.
 */
export async function createUser(
  db: Database,
  context: RequestContext,
  input: UserCreateReq,
): Promise<{ user: UserDto; initialPassword?: string }> {
  assertPermission(context.actor, 'user:write');
  const organisation = await findOrganisationInScope(db, context, input.organisationId);
  const requestedRoles = [...new Set(input.roles)];
  assertRolesAssignable(context.actor, organisation.kind, requestedRoles);
  let initialPassword: string | undefined;
  if (input.password) {
    await assertPasswordStrength(input.password, { username: input.username, displayName: input.displayName });
  } else {
    initialPassword = generateOneTimePassword();
  }
  const [clash] = await db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.username})`, input.username.toLowerCase()));
  if (clash) throw new AppError('USERNAME_TAKEN', { username: input.username });
  const passwordHash = await hashPassword(input.password ?? initialPassword!);
  const now = context.clock.now();
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({
        id: randomUUID(),
        organisationId: organisation.id,
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        roles: requestedRoles,
        mustChangePassword: true,
        passwordExpiresAt: oneTimePasswordExpiry(now),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await writeAudit(tx, context, {
      action: 'user.created',
      targetType: 'user',
      targetId: created.id,
      organisationId: organisation.id,
      organisationPath: organisation.path,
      after: { ...auditView(created), passwordSetBy: initialPassword ? 'generated' : 'administrator', passwordExpiresAt: created.passwordExpiresAt },
    });
    return created;
  }).catch((error: unknown) => {
    // Two administrators creating the same name at once: the unique index decides.
    if (String((error as { cause?: { code?: string }; code?: string }).cause?.code ?? (error as { code?: string }).code) === '23505') {
      throw new AppError('USERNAME_TAKEN', { username: input.username });
    }
    throw error;
  });
  return { user: toUserDto(row, organisation.name, now), initialPassword };
}

export async function updateUser(db: Database, context: RequestContext, id: string, input: UserUpdateReq): Promise<UserDto> {
  assertPermission(context.actor, 'user:write');
  const { user: current, organisation } = await findUserInScope(db, context, id);
  if (id === context.actor.userId && (input.disabled === true || input.roles !== undefined)) {
    throw new AppError('CANNOT_CHANGE_SELF');
  }
  if (input.roles) assertRolesAssignable(context.actor, organisation.kind, input.roles);
  // Only a system administrator may change another system administrator.
  if ((current.roles as Role[]).includes('system-admin') && !context.actor.roles.includes('system-admin')) {
    throw new AppError('FORBIDDEN');
  }
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(users)
      .set({
        displayName: input.displayName ?? current.displayName,
        roles: input.roles ? [...new Set(input.roles)] : current.roles,
        disabled: input.disabled ?? current.disabled,
        updatedAt: context.clock.now(),
      })
      .where(eq(users.id, id))
      .returning();
    if (updated.disabled) await tx.delete(sessions).where(eq(sessions.userId, id));
    await writeAudit(tx, context, {
      action: 'user.updated',
      targetType: 'user',
      targetId: id,
      organisationId: organisation.id,
      organisationPath: organisation.path,
      before: auditView(current),
      after: auditView(updated),
    });
    return updated;
  });
  return toUserDto(row, organisation.name, context.clock.now());
}

/** A new one-time password (shown once, valid ONE_TIME_PASSWORD_HOURS); the user's sessions end and any lock is lifted. */
export async function resetUserPassword(db: Database, context: RequestContext, id: string): Promise<{ initialPassword: string; passwordExpiresAt: string }> {
  assertPermission(context.actor, 'user:write');
  const { user: current, organisation } = await findUserInScope(db, context, id);
  if ((current.roles as Role[]).includes('system-admin') && !context.actor.roles.includes('system-admin')) {
    throw new AppError('FORBIDDEN');
  }
  const initialPassword = generateOneTimePassword();
  const passwordHash = await hashPassword(initialPassword);
  const now = context.clock.now();
  const passwordExpiresAt = oneTimePasswordExpiry(now);
  await db.transaction(async (tx) => {
    // A new one-time password, and the lock (if any) lifted: the way back in for a locked-out user.
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, passwordExpiresAt, failedLogins: 0, lastFailedLoginAt: null, lockedUntil: null, updatedAt: now })
      .where(and(eq(users.id, id)));
    await tx.delete(sessions).where(eq(sessions.userId, id));
    await writeAudit(tx, context, {
      action: 'user.password-reset',
      targetType: 'user',
      targetId: id,
      organisationId: organisation.id,
      organisationPath: organisation.path,
      before: { lockedUntil: current.lockedUntil && current.lockedUntil > now ? current.lockedUntil : null, failedLogins: current.failedLogins },
      after: { passwordExpiresAt },
    });
  });
  return { initialPassword, passwordExpiresAt: passwordExpiresAt.toISOString() };
}
