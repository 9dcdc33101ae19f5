import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { contentDisposition, fileTooLarge, mediaTypes } from '../../platform/files.ts';
import { CATALOGUE_IMPORT_MAX_BYTES, OccupationImportResultSchema, OccupationListQuerySchema, OccupationListSchema } from './schemas.ts';
import { importCatalogue, listOccupations, occupationTemplate, seedOccupations } from './service.ts';
import { fileField } from '../../platform/openapi.ts';

export const occupationRoutes: FastifyPluginAsyncZod = async (app) => {
  // The catalogue ships with a starter list, loaded on a new database.
  await seedOccupations(app.db, app.clock);
  await app.register(multipart, {
    limits: { fileSize: CATALOGUE_IMPORT_MAX_BYTES, files: 1, fields: 2, fieldSize: 200, parts: 3, headerPairs: 100 },
    throwFileSizeLimit: true,
  });
  const tags = ['occupations'];

  app.get(
    '/occupations',
    { schema: { tags, summary: '职业（工种）目录 / Occupation catalogue', querystring: OccupationListQuerySchema, response: { 200: OccupationListSchema } } },
    async (request) => listOccupations(app.db, requestContext(request), request.query),
  );

  app.post(
    '/occupations/import',
    {
      schema: {
        tags,
        summary: '导入职业（工种）目录（xlsx、csv 或 json 文件，字段名 file）/ Import the occupation catalogue (file field "file")',
        consumes: ['multipart/form-data'],
        response: { 200: OccupationImportResultSchema },
      },
      config: { multipartBody: { required: ['file'], properties: { file: fileField('职业（工种）目录：xlsx、csv 或 json / The catalogue as xlsx, csv or json') } } },
    },
    async (request) => {
      const context = requestContext(request);
      if (!request.isMultipart()) throw new AppError('FILE_MISSING');
      let fileName = '';
      let bytes: Buffer | null = null;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            fileName = part.filename;
            bytes = await part.toBuffer();
          }
        }
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(CATALOGUE_IMPORT_MAX_BYTES);
        throw error;
      }
      if (!bytes) throw new AppError('FILE_MISSING');
      if (!bytes.length) throw new AppError('FILE_EMPTY');
      return importCatalogue(app.db, context, { fileName: fileName || 'catalogue', bytes });
    },
  );

  app.get('/occupations/template', { schema: { tags, summary: '导入模板 / Import template (xlsx)' } }, async (request, reply) => {
    requestContext(request);
    const workbook = await occupationTemplate();
    return reply
      .header('content-type', mediaTypes.xlsx.mediaType)
      .header('content-disposition', contentDisposition('attachment', '职业（工种）目录导入模板.xlsx'))
      .header('cache-control', 'no-store')
      .send(workbook);
  });
};
