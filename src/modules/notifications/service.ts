import { and, desc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../db/client.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { NotificationDto } from './schemas.ts';
import { notifications, type NotificationText } from './tables.ts';

type NotificationRow = typeof notifications.$inferSelect;

function toDto(row: NotificationRow): NotificationDto {
  return { id: row.id, kind: row.kind, title: row.title, body: row.body, link: row.link, read: row.readAt !== null, createdAt: row.createdAt.toISOString() };
}

export interface NotifyInput {
  userId: string;
  kind: string;
  title: NotificationText;
  body: NotificationText;
  link?: string | null;
}

/** Sends in-app notifications; call it inside the transaction of the act that causes them. */
export async function notify(tx: Database, clock: Clock, input: NotifyInput | NotifyInput[]): Promise<void> {
  const list = [input].flat();
  if (!list.length) return;
  const createdAt = clock.now();
  await tx.insert(notifications).values(list.map((item) => ({ userId: item.userId, kind: item.kind, title: item.title, body: item.body, link: item.link ?? null, createdAt })));
}

async function unreadCount(db: Database, userId: string): Promise<number> {
  const [{ count }] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return count;
}

/** The caller's own notifications, newest first, with the number unread. */
export async function listNotifications(db: Database, context: RequestContext, query: { unread?: 'true' | 'false'; limit: number }) {
  const conditions = [eq(notifications.userId, context.actor.userId)];
  if (query.unread === 'true') conditions.push(isNull(notifications.readAt));
  const rows = await db.select().from(notifications).where(and(...conditions)).orderBy(desc(notifications.createdAt)).limit(query.limit);
  return { items: rows.map(toDto), unreadCount: await unreadCount(db, context.actor.userId) };
}

/**
 * Marks one of the caller's notifications read (someone else's is 404). Not audited: it changes
 * nothing but the recipient's own view.
 */
export async function markNotificationRead(db: Database, context: RequestContext, id: string) {
  const [row] = await db.select().from(notifications).where(and(eq(notifications.id, id), eq(notifications.userId, context.actor.userId)));
  if (!row) throw new AppError('NOT_FOUND');
  if (!row.readAt) await db.update(notifications).set({ readAt: context.clock.now() }).where(eq(notifications.id, id));
  return { unreadCount: await unreadCount(db, context.actor.userId) };
}

/** Marks read the caller's notifications created up to `before` (what the page showed); later ones stay unread. */
export async function markAllNotificationsRead(db: Database, context: RequestContext, before: string) {
  await db
    .update(notifications)
    .set({ readAt: context.clock.now() })
    .where(and(eq(notifications.userId, context.actor.userId), isNull(notifications.readAt), lte(notifications.createdAt, new Date(before))));
  return { unreadCount: await unreadCount(db, context.actor.userId) };
}
