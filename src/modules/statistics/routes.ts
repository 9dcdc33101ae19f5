import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import { contentDisposition, mediaTypes } from '../../platform/files.ts';
import { loadDashboard } from './dashboard.ts';
import { exportDashboardTable } from './export.ts';
import { DashboardQuerySchema, DashboardSchema, ExportQuerySchema } from './schemas.ts';

/** 监督管理与统计 (sections 六(一), 六(二), 六(四)): the dashboards of every level and their tables in Excel. */
export const statisticsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['statistics'];
  app.get(
    '/statistics/dashboard',
    { schema: { tags, summary: '统计看板 / The dashboard of an organisation in scope', querystring: DashboardQuerySchema, response: { 200: DashboardSchema } } },
    async (request) => loadDashboard(app.db, requestContext(request), request.query),
  );
  app.get(
    '/statistics/export',
    { schema: { tags, summary: '导出统计表（xlsx）/ Export a dashboard table (xlsx)', querystring: ExportQuerySchema } },
    async (request, reply) => {
      const file = await exportDashboardTable(app.db, requestContext(request), request.query);
      return reply
        .header('content-type', mediaTypes.xlsx.mediaType)
        .header('content-disposition', contentDisposition('attachment', file.fileName))
        .header('cache-control', 'private, no-store')
        .send(file.bytes);
    },
  );
};
