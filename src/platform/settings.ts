import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { settings } from '../db/schema.ts';

/** A setting kept in the database; created once with the given value if absent (first writer wins). */
export async function getOrCreateSetting<T>(db: Database, key: string, create: () => T): Promise<T> {
  await db.insert(settings).values({ key, value: create() as object }).onConflictDoNothing();
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  return row.value as T;
}

/** The secret that signs session cookies, shared by every app process through the database. */
export function cookieSecret(db: Database): Promise<string> {
  return getOrCreateSetting(db, 'cookie-secret', () => randomBytes(32).toString('base64url'));
}
