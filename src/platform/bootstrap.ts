import { randomUUID } from 'node:crypto';
import { and, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { organisations, users } from '../db/schema.ts';
import { writeAudit } from './audit.ts';
import type { Clock } from './clock.ts';
import { ConfigError } from './config.ts';
import { systemContext } from './context.ts';
import { AppError } from './errors.ts';
import { assertPasswordStrength, generateOneTimePassword, hashPassword, oneTimePasswordExpiry } from './passwords.ts';

export const ROOT_ORGANISATION_NAME = '中华人民共和国人力资源和社会保障部';
const BOOTSTRAP_LOCK_KEY = 727_210_003;

export interface BootstrapResult {
  created: boolean;
  /** Only when the password was generated: print it once. */
  oneTimePassword?: string;
  /** The printed one-time password had expired unused: `oneTimePassword` is a new one. */
  renewed?: boolean;
}

export interface BootstrapOptions {
  adminPassword?: string;
  clock: Clock;
  /** How long the printed one-time password works (ONE_TIME_PASSWORD_HOURS). */
  oneTimePasswordHours?: number;
}

/**
 * The first start creates the root organisation (the ministry) and the system administrator
 * `admin`, with ADMIN_PASSWORD or a printed one-time password that must be changed at the first
 * log-in and works for ONE_TIME_PASSWORD_HOURS. A later start does nothing, unless that printed
 * password expired unused: then it prints a new one (otherwise nobody could get in). Safe when
 * several app processes start at once.
 */
export async function bootstrap(db: Database, options: BootstrapOptions): Promise<BootstrapResult> {
  if (options.adminPassword) {
    try {
      await assertPasswordStrength(options.adminPassword, { username: 'admin', displayName: '系统管理员' });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      throw new ConfigError(`配置有误 / Invalid configuration:\n  ADMIN_PASSWORD: ${error.messages['zh-CN']} / ${error.messages.en}`);
    }
  }
  const now = options.clock.now();
  const existing = await db.select({ id: users.id, mustChangePassword: users.mustChangePassword, passwordExpiresAt: users.passwordExpiresAt }).from(users).where(eq(sql`lower(${users.username})`, 'admin'));
  if (existing.length) {
    const [admin] = existing;
    if (admin.mustChangePassword && admin.passwordExpiresAt && admin.passwordExpiresAt <= now) return renewOneTimePassword(db, options, admin.id);
    return { created: false };
  }
  const oneTimePassword = options.adminPassword ? undefined : generateOneTimePassword();
  const passwordHash = await hashPassword(options.adminPassword ?? oneTimePassword!);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`);
    const again = await tx.select({ id: users.id }).from(users).where(eq(sql`lower(${users.username})`, 'admin'));
    if (again.length) return { created: false };
    let [root] = await tx.select().from(organisations).where(isNull(organisations.parentId));
    if (!root) {
      const id = randomUUID();
      [root] = await tx.insert(organisations).values({ id, parentId: null, path: `/${id}/`, kind: 'ministry', name: ROOT_ORGANISATION_NAME, createdAt: now, updatedAt: now }).returning();
    }
    const [admin] = await tx
      .insert(users)
      .values({
        organisationId: root.id,
        username: 'admin',
        displayName: '系统管理员',
        passwordHash,
        roles: ['system-admin'],
        mustChangePassword: oneTimePassword !== undefined,
        passwordExpiresAt: oneTimePassword !== undefined ? oneTimePasswordExpiry(now, options.oneTimePasswordHours) : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await writeAudit(tx, systemContext(options.clock, 'bootstrap'), {
      action: 'system.bootstrap',
      targetType: 'user',
      targetId: admin.id,
      organisationId: root.id,
      organisationPath: root.path,
      after: { organisation: root.name, username: 'admin', oneTimePassword: oneTimePassword !== undefined },
    });
    return { created: true, oneTimePassword };
  });
}

async function renewOneTimePassword(db: Database, options: BootstrapOptions, adminId: string): Promise<BootstrapResult> {
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`);
    const now = options.clock.now();
    // Another process starting at the same time may have renewed it already.
    const [renewed] = await tx
      .update(users)
      .set({ passwordHash, passwordExpiresAt: oneTimePasswordExpiry(now, options.oneTimePasswordHours), failedLogins: 0, lockedUntil: null, updatedAt: now })
      .where(and(eq(users.id, adminId), eq(users.mustChangePassword, true), lte(users.passwordExpiresAt, now)))
      .returning();
    if (!renewed) return { created: false };
    const [root] = await tx.select().from(organisations).where(eq(organisations.id, renewed.organisationId));
    await writeAudit(tx, systemContext(options.clock, 'bootstrap'), {
      action: 'system.one-time-password-renewed',
      targetType: 'user',
      targetId: renewed.id,
      organisationId: root.id,
      organisationPath: root.path,
    });
    return { created: false, renewed: true, oneTimePassword };
  });
}
