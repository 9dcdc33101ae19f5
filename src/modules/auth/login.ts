// Logging in: the attempt is counted before the password is checked, a locked account is answered
// exactly like a wrong password, and the lock grows with each further failure.
//
// Why counted first: when the count was raised only after a wrong password, thirty guesses sent at
// once all found the account unlocked and were all checked, so the right one got in after the limit.
// Now each attempt takes its number in one short transaction (the user's row locked FOR UPDATE)
// before argon2 runs; an attempt past the limit is refused without looking at the password.
//
// Why no "account locked" answer: it told an attacker which user names exist (an unknown name was
// "wrong password" forever) and that the lock worked. A locked account, a wrong password and an
// unknown user name get the same 401 INVALID_CREDENTIALS with the same body, after the same work
// (one argon2 verification, against a decoy hash where there is nothing to verify, and one audit
// entry). The lock is recorded and audited; the user learns of it from an administrator (the users
// page shows it) or by trying again after it ends.
//
// Why a growing lock: a fixed 15-minute lock after five failures let anyone lock anyone out for 15
// minutes with five requests. Now the first lock lasts a minute, and each further failure before a
// successful log-in locks again for twice as long, up to LOGIN_LOCK_MINUTES: a user who mistypes
// waits a minute, a guesser gets one try per lock, and the longest wait is bounded. A count whose
// last failure is more than a day old starts again from nothing, so last month's typos do not make
// today's single typo lock the account.
import { randomBytes } from 'node:crypto';
import { eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { organisations, sessions, users } from '../../db/schema.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { AuditContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hashPassword, verifyPassword } from '../../platform/passwords.ts';
import { hashToken, toActor, type AuthSettings, type LoginResult } from './service.ts';

type UserRow = typeof users.$inferSelect;
type OrganisationRow = typeof organisations.$inferSelect;

/** The first lock; each further failure doubles it, up to `loginLockMinutes`. */
export const FIRST_LOCK_MS = 60_000;

/** Failures are forgotten when the last one is older than this. */
export const FAILURE_MEMORY_MS = 24 * 3_600_000;

/** How long the lock after `failures` failures in a row lasts, or 0 while under the limit. */
export function lockDurationMs(settings: Pick<AuthSettings, 'loginMaxFailures' | 'loginLockMinutes'>, failures: number): number {
  if (failures < settings.loginMaxFailures) return 0;
  const cap = settings.loginLockMinutes * 60_000;
  const exponent = Math.min(failures - settings.loginMaxFailures, 30);
  return Math.min(cap, FIRST_LOCK_MS * 2 ** exponent);
}

/** A hash with the same parameters as real ones, verified where there is nothing to verify, so that timing does not tell. */
let decoyHash: Promise<string> | null = null;
function decoy(): Promise<string> {
  decoyHash ??= hashPassword('decoy-password-0');
  return decoyHash;
}

type Attempt = { kind: 'locked'; failedLogins: number; lockedUntil: Date } | { kind: 'counted'; failedLogins: number; lockedUntil: Date | null };

/**
 * Takes the attempt's number before the password is checked. While a lock runs, the attempt is
 * refused and not counted (hammering a locked account does not lengthen the lock). Otherwise it is
 * counted, and the attempt that reaches the limit sets the lock at once, before its own password is
 * checked: concurrent attempts behind it find the account locked. A right password clears the lock.
 * Should the process die before the check, the lock still ends by itself.
 */
async function countAttempt(db: Database, settings: AuthSettings, context: AuditContext, user: UserRow, organisation: OrganisationRow, now: Date): Promise<Attempt> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ failedLogins: users.failedLogins, lastFailedLoginAt: users.lastFailedLoginAt, lockedUntil: users.lockedUntil })
      .from(users)
      .where(eq(users.id, user.id))
      .for('update');
    if (row.lockedUntil && row.lockedUntil > now) return { kind: 'locked', failedLogins: row.failedLogins, lockedUntil: row.lockedUntil };
    const remembered = row.lastFailedLoginAt && now.getTime() - row.lastFailedLoginAt.getTime() < FAILURE_MEMORY_MS ? row.failedLogins : 0;
    const failedLogins = remembered + 1;
    const lockMs = lockDurationMs(settings, failedLogins);
    const lockedUntil = lockMs > 0 ? new Date(now.getTime() + lockMs) : null;
    // Counted as a failure until the password proves right (then the count is cleared).
    await tx.update(users).set({ failedLogins, lastFailedLoginAt: now, lockedUntil }).where(eq(users.id, user.id));
    if (lockedUntil) {
      await writeAudit(tx, context, {
        action: 'auth.account-locked',
        targetType: 'user',
        targetId: user.id,
        organisationId: organisation.id,
        organisationPath: organisation.path,
        after: { failedLogins, lockedUntil, lockMinutes: lockMs / 60_000 },
      });
    }
    return { kind: 'counted', failedLogins, lockedUntil };
  });
}

async function auditRefusal(db: Database, context: AuditContext, target: { user: UserRow; organisation: OrganisationRow } | null, after: Record<string, unknown>) {
  await db.transaction(async (tx) => {
    await writeAudit(tx, context, {
      action: 'auth.login-failed',
      targetType: 'user',
      targetId: target?.user.id ?? null,
      organisationId: target?.organisation.id ?? null,
      organisationPath: target?.organisation.path ?? null,
      after,
    });
  });
}

export async function login(
  db: Database,
  settings: AuthSettings,
  input: { username: string; password: string },
  client: { ip: string | null; userAgent: string | null; clock: Clock },
): Promise<LoginResult> {
  const username = input.username.trim();
  const context: AuditContext = { actor: null, ip: client.ip, userAgent: client.userAgent, clock: client.clock };
  const now = client.clock.now();
  const [found] = await db
    .select({ user: users, organisation: organisations })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(sql`lower(${users.username})`, username.toLowerCase()));
  if (!found) {
    // No account: the same work as for one (a verification, an audit entry), the same answer. The
    // name typed is not kept (it may be a password typed into the wrong field).
    await verifyPassword(await decoy(), input.password);
    await auditRefusal(db, context, null, { reason: 'unknown-user' });
    throw new AppError('INVALID_CREDENTIALS');
  }
  const { user, organisation } = found;
  const attempt = await countAttempt(db, settings, context, user, organisation, now);
  if (attempt.kind === 'locked') {
    await verifyPassword(await decoy(), input.password);
    await auditRefusal(db, context, found, { reason: 'locked', failedLogins: attempt.failedLogins, lockedUntil: attempt.lockedUntil });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await auditRefusal(db, context, found, { reason: 'wrong-password', failedLogins: attempt.failedLogins, lockedUntil: attempt.lockedUntil });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.disabled) throw new AppError('ACCOUNT_DISABLED');
  if (user.passwordExpiresAt && user.passwordExpiresAt <= now) {
    // The right one-time password, too late: say so (whoever typed it knows the password already).
    await auditRefusal(db, context, found, { reason: 'one-time-password-expired', passwordExpiresAt: user.passwordExpiresAt });
    throw new AppError('ONE_TIME_PASSWORD_EXPIRED', { hours: settings.oneTimePasswordHours });
  }

  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const absoluteExpiresAt = new Date(now.getTime() + settings.sessionAbsoluteHours * 3_600_000);
  const expiresAt = new Date(Math.min(now.getTime() + settings.sessionTtlHours * 3_600_000, absoluteExpiresAt.getTime()));
  const actor = toActor(user, organisation);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ failedLogins: 0, lastFailedLoginAt: null, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
    await tx.insert(sessions).values({ tokenHash: hashToken(token), userId: user.id, csrfToken, ip: client.ip, userAgent: client.userAgent, createdAt: now, expiresAt, absoluteExpiresAt });
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
  return { token, csrfToken, expiresAt, absoluteExpiresAt, actor };
}
