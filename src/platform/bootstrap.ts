import { randomUUID } from 'node:crypto';
import { eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { organisations, users } from '../db/schema.ts';
import { writeAudit } from './audit.ts';
import type { Clock } from './clock.ts';
import { systemContext } from './context.ts';
import { assertPasswordStrength, generateOneTimePassword, hashPassword } from './passwords.ts';

export const ROOT_ORGANISATION_NAME = '中华人民共和国人力资源和社会保障部';
const BOOTSTRAP_LOCK_KEY = 727_210_003;

export interface BootstrapResult {
  created: boolean;
  /** Only when the password was generated: print it once. */
  oneTimePassword?: string;
}

/**
 * The first start creates the root organisation (the ministry) and the system administrator
 * `admin`, with ADMIN_PASSWORD or a printed one-time password that must be changed at the first
 * log-in. Later starts do nothing. Safe when several app processes start at once.
 */
export async function bootstrap(db: Database, options: { adminPassword?: string; clock: Clock }): Promise<BootstrapResult> {
  if (options.adminPassword) assertPasswordStrength(options.adminPassword);
  const existing = await db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.username})`, 'admin'));
  if (existing.length) return { created: false };
  const oneTimePassword = options.adminPassword ? undefined : generateOneTimePassword();
  const passwordHash = await hashPassword(options.adminPassword ?? oneTimePassword!);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`);
    const again = await tx.select({ id: users.id }).from(users).where(eq(sql`lower(${users.username})`, 'admin'));
    if (again.length) return { created: false };
    let [root] = await tx.select().from(organisations).where(isNull(organisations.parentId));
    if (!root) {
      const id = randomUUID();
      [root] = await tx.insert(organisations).values({ id, parentId: null, path: `/${id}/`, kind: 'ministry', name: ROOT_ORGANISATION_NAME }).returning();
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
