import { createHash } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { organisations, sessions, users } from '../../db/schema.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertPasswordStrength, hashPassword, oneTimePasswordHours, verifyPassword } from '../../platform/passwords.ts';
import type { Actor, Role } from '../../platform/policy.ts';

export interface AuthSettings {
  sessionTtlHours: number;
  sessionAbsoluteHours: number;
  oneTimePasswordHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  /** The idle limit. */
  expiresAt: Date;
  /** The session's end however busy (SESSION_ABSOLUTE_HOURS): the cookie lives until then. */
  absoluteExpiresAt: Date;
  actor: Actor;
}

export function toActor(user: typeof users.$inferSelect, organisation: typeof organisations.$inferSelect): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    organisationId: organisation.id,
    organisationPath: organisation.path,
    organisationKind: organisation.kind,
    roles: user.roles as Role[],
    mustChangePassword: user.mustChangePassword,
  };
}

export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
  expiresAt: Date;
}

/**
 * The live session of a token, or null. Each use moves the idle limit on when less than half of it
 * is left, never past the session's absolute end.
 */
export async function resolveSession(db: Database, settings: AuthSettings, token: string, clock: Clock): Promise<ResolvedSession | null> {
  const tokenHash = hashToken(token);
  const now = clock.now();
  const [row] = await db
    .select({ session: sessions, user: users, organisation: organisations })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), gt(sessions.absoluteExpiresAt, now)));
  if (!row || row.user.disabled) return null;
  let expiresAt = row.session.expiresAt;
  const ttl = settings.sessionTtlHours * 3_600_000;
  const end = row.session.absoluteExpiresAt.getTime();
  if (expiresAt.getTime() - now.getTime() < ttl / 2 && expiresAt.getTime() < end) {
    expiresAt = new Date(Math.min(now.getTime() + ttl, end));
    await db.update(sessions).set({ expiresAt }).where(eq(sessions.tokenHash, tokenHash));
  }
  return { actor: toActor(row.user, row.organisation), csrfToken: row.session.csrfToken, expiresAt };
}

export async function logout(db: Database, context: RequestContext, token: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
    await writeAudit(tx, context, {
      action: 'auth.logout',
      targetType: 'user',
      targetId: context.actor.userId,
      organisationId: context.actor.organisationId,
      organisationPath: context.actor.organisationPath,
    });
  });
}

/** Changes the actor's own password; ends their other sessions. */
export async function changePassword(
  db: Database,
  context: RequestContext,
  input: { currentPassword: string; newPassword: string },
  currentToken: string,
): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.id, context.actor.userId));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('CURRENT_PASSWORD_WRONG');
  }
  // A one-time password left unused too long works no more, here as at the log-in.
  if (user.mustChangePassword && user.passwordExpiresAt && user.passwordExpiresAt <= context.clock.now()) {
    throw new AppError('ONE_TIME_PASSWORD_EXPIRED', { hours: oneTimePasswordHours() });
  }
  if (input.newPassword === input.currentPassword) throw new AppError('PASSWORD_UNCHANGED');
  await assertPasswordStrength(input.newPassword, { username: user.username, displayName: user.displayName });
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false, passwordExpiresAt: null, updatedAt: context.clock.now() }).where(eq(users.id, user.id));
    await tx.delete(sessions).where(and(eq(sessions.userId, user.id), sql`${sessions.tokenHash} <> ${hashToken(currentToken)}`));
    await writeAudit(tx, context, {
      action: 'auth.password-changed',
      targetType: 'user',
      targetId: user.id,
      organisationId: context.actor.organisationId,
      organisationPath: context.actor.organisationPath,
    });
  });
}
