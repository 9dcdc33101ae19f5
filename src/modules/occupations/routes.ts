import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import { OccupationImportResultSchema, OccupationImportSchema, OccupationListQuerySchema, OccupationListSchema } from './schemas.ts';
import { importCatalogue, listOccupations, occupationTemplate, seedOccupations } from './service.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const occupationRoutes: FastifyPluginAsyncZod = async (app) => {
  // The catalogue ships with a starter list, loaded on a new database.
  await seedOccupations(app.db);
  const tags = ['occupations'];

  app.get(
    '/occupations',
    { schema: { tags, summary: '职业（工种）目录 / Occupation catalogue', querystring: OccupationListQuerySchema, response: { 200: OccupationListSchema } } },
    async (request) => listOccupations(app.db, requestContext(request), request.query),
  );

  app.post(
    '/occupations/import',
    {
      bodyLimit: 30 * 1024 * 1024,
      schema: { tags, summary: '导入职业（工种）目录 / Import the occupation catalogue', body: OccupationImportSchema, response: { 200: OccupationImportResultSchema } },
    },
    async (request) => importCatalogue(app.db, requestContext(request), request.body),
  );

  app.get('/occupations/template', { schema: { tags, summary: '导入模板 / Import template (xlsx)' } }, async (request, reply) => {
    requestContext(request);
    const workbook = await occupationTemplate();
    return reply
      .type(XLSX_TYPE)
      .header('content-disposition', `attachment; filename="occupation-template.xlsx"; filename*=UTF-8''${encodeURIComponent('职业（工种）目录导入模板.xlsx')}`)
      .send(workbook);
  });
};
