import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import { NotificationIdParamsSchema, NotificationListQuerySchema, NotificationListSchema, ReadAllSchema, UnreadCountSchema } from './schemas.ts';
import { listNotifications, markAllNotificationsRead, markNotificationRead } from './service.ts';

/** 站内消息: every signed-in user reads and marks their own notifications. */
export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['notifications'];
  app.get(
    '/notifications',
    { schema: { tags, summary: '我的消息 / My notifications', querystring: NotificationListQuerySchema, response: { 200: NotificationListSchema } } },
    async (request) => listNotifications(app.db, requestContext(request), request.query),
  );
  app.post(
    '/notifications/:id/read',
    { schema: { tags, summary: '标为已读 / Mark read', params: NotificationIdParamsSchema, response: { 200: UnreadCountSchema } } },
    async (request) => markNotificationRead(app.db, requestContext(request), request.params.id),
  );
  app.post(
    '/notifications/read-all',
    { schema: { tags, summary: '全部标为已读 / Mark all read', body: ReadAllSchema, response: { 200: UnreadCountSchema } } },
    async (request) => markAllNotificationsRead(app.db, requestContext(request), request.body.before),
  );
};
