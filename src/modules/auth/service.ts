import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { organisations, sessions, users } from '../../db/schema.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { AuditContext, RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertPasswordStrength, hashPassword, verifyPassword } from '../../platform/passwords.ts';
import type { Actor, Role } from '../../platform/policy.ts';

export interface AuthSettings {
  sessionTtlHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  actor: Actor;
}

/** A hash to verify against when the user does not exist, so that timing does not tell. */
let decoyHash: Promise<string> | null = null;

export async function login(
  db: Database,
  settings: AuthSettings,
  input: { username: string; password: string },
  client: { ip: string | null; userAgent: string | null; clock: Clock },
): Promise<LoginResult> {
  const username = input.username.trim();
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.username})`, username.toLowerCase()));
  if (!user) {
    decoyHash ??= hashPassword('decoy-password-0');
    await verifyPassword(await decoyHash, input.password);
    throw new AppError('INVALID_CREDENTIALS');
  }
  const now = client.clock.now();
  if (user.lockedUntil && user.lockedUntil > now) {
    throw new AppError('ACCOUNT_LOCKED', { until: user.lockedUntil.toISOString(), lockedUntil: user.lockedUntil.toISOString() });
  }
  const [organisation] = await db.select().from(organisations).where(eq(organisations.id, user.organisationId));
  const ok = await verifyPassword(user.passwordHash, input.password);
  const context: AuditContext = { actor: null, ip: client.ip, userAgent: client.userAgent, clock: client.clock };
  if (!ok) {
    const locked = await db.transaction(async (tx) => {
      const [updated] = await tx
        .update(users)
        .set({ failedLogins: sql`${users.failedLogins} + 1` })
        .where(eq(users.id, user.id))
        .returning({ failedLogins: users.failedLogins });
      let lockedUntil: Date | null = null;
      if (updated.failedLogins >= settings.loginMaxFailures) {
        lockedUntil = new Date(now.getTime() + settings.loginLockMinutes * 60_000);
        await tx.update(users).set({ lockedUntil, failedLogins: 0 }).where(eq(users.id, user.id));
      }
      await writeAudit(tx, context, {
        action: 'auth.login-failed',
        targetType: 'user',
        targetId: user.id,
        organisationId: organisation.id,
        organisationPath: organisation.path,
        after: { failedLogins: lockedUntil ? settings.loginMaxFailures : updated.failedLogins, lockedUntil },
      });
      return lockedUntil;
    });
    if (locked) throw new AppError('ACCOUNT_LOCKED', { until: locked.toISOString(), lockedUntil: locked.toISOString() });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.disabled) throw new AppError('ACCOUNT_DISABLED');

  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + settings.sessionTtlHours * 3_600_000);
  const actor = toActor(user, organisation);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
    await tx.insert(sessions).values({ tokenHash: hashToken(token), userId: user.id, csrfToken, ip: client.ip, userAgent: client.userAgent, expiresAt });
    // Expired sessions are cleared as users log in, so the table stays small without a timer.
    await tx.delete(sessions).where(lt(sessions.expiresAt, now));
    await writeAudit(tx, { actor, ip: client.ip, userAgent: client.userAgent, clock: client.clock }, {
      action: 'auth.login',
      targetType: 'user',
      targetId: user.id,
      organisationId: organisation.id,
      organisationPath: organisation.path,
    });
  });
  return { token, csrfToken, expiresAt, actor };
}

function toActor(user: typeof users.$inferSelect, organisation: typeof organisations.$inferSelect): Actor {
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

/** The live session of a token, or null; extends it when less than half of its time is left. */
export async function resolveSession(db: Database, settings: AuthSettings, token: string, clock: Clock): Promise<ResolvedSession | null> {
  const tokenHash = hashToken(token);
  const now = clock.now();
  const [row] = await db
    .select({ session: sessions, user: users, organisation: organisations })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)));
  if (!row || row.user.disabled) return null;
  let expiresAt = row.session.expiresAt;
  const ttl = settings.sessionTtlHours * 3_600_000;
  if (expiresAt.getTime() - now.getTime() < ttl / 2) {
    expiresAt = new Date(now.getTime() + ttl);
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
  assertPasswordStrength(input.newPassword);
  if (input.newPassword === input.currentPassword) throw new AppError('PASSWORD_UNCHANGED');
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: context.clock.now() }).where(eq(users.id, user.id));
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
