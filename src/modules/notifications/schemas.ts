import { z } from 'zod';

const TextSchema = z.object({ 'zh-CN': z.string(), en: z.string() });

export const NotificationSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: TextSchema,
  body: TextSchema,
  link: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.string(),
});
export type NotificationDto = z.infer<typeof NotificationSchema>;

export const NotificationListQuerySchema = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const NotificationListSchema = z.object({ items: z.array(NotificationSchema), unreadCount: z.number().int() });
export const NotificationIdParamsSchema = z.object({ id: z.uuid() });
export const UnreadCountSchema = z.object({ unreadCount: z.number().int() });

/** Marks read what the page has shown: the notifications created up to this instant. */
export const ReadAllSchema = z.object({ before: z.iso.datetime({ offset: true }) }).strict();
