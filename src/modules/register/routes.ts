import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { contentDisposition, fileTooLarge, mediaTypes } from '../../platform/files.ts';
import { idempotencyKeyOf } from '../../platform/idempotency.ts';
import {
  EmployeeIdParamsSchema,
  EmployeeListQuerySchema,
  EmployeeListSchema,
  EmployeeUserReqSchema,
  EmployeeUserSchema,
  JobStartedSchema,
  RegisterExportReqSchema,
} from './schemas.ts';
import { createEmployeeUser, downloadRegisterTemplate, listEmployees, REGISTER_IMPORT_MAX_BYTES, startRegisterExport, startRegisterImport } from './service.ts';
import { fileField, textField } from '../../platform/openapi.ts';

/** 职工名册: HR's register of its 高级技师, imported from the template, searched, exported. */
export const registerRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['register'];
  await app.register(multipart, {
    limits: { fileSize: REGISTER_IMPORT_MAX_BYTES, files: 1, fields: 5, fieldSize: 200, parts: 6, headerPairs: 100 },
    throwFileSizeLimit: true,
  });

  app.get(
    '/register',
    { schema: { tags, summary: '职工名册 / The employee register', querystring: EmployeeListQuerySchema, response: { 200: EmployeeListSchema } } },
    async (request) => listEmployees(app.db, requestContext(request), request.query),
  );

  app.get('/register/template', { schema: { tags, summary: '导入模板 / The import template (xlsx)' } }, async (request, reply) => {
    const bytes = await downloadRegisterTemplate(requestContext(request));
    return reply
      .header('content-type', mediaTypes.xlsx.mediaType)
      .header('content-disposition', contentDisposition('attachment', '职工名册导入模板.xlsx'))
      .header('cache-control', 'no-store')
      .send(bytes);
  });

  app.post(
    '/register/imports',
    {
      schema: {
        tags,
        summary: '导入职工名册（后台任务）/ Import the register (a job)',
        consumes: ['multipart/form-data'],
        response: { 200: JobStartedSchema, 202: JobStartedSchema },
      },
      config: {
        multipartBody: {
          required: ['file'],
          properties: {
            file: fileField('职工名册 xlsx / The register as xlsx'),
            enterpriseId: textField('企业（缺省为本人所属企业）/ The enterprise (default: the caller\'s own)', 'uuid'),
          },
        },
      },
    },
    async (request, reply) => {
      const context = requestContext(request);
      if (!request.isMultipart()) throw new AppError('FILE_MISSING');
      let fileName = '';
      let bytes: Buffer | null = null;
      let enterpriseId: string | undefined;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            fileName = part.filename;
            bytes = await part.toBuffer();
          } else if (part.fieldname === 'enterpriseId' && typeof part.value === 'string' && /^[0-9a-f-]{36}$/i.test(part.value)) {
            enterpriseId = part.value;
          }
        }
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(REGISTER_IMPORT_MAX_BYTES);
        throw error;
      }
      if (!bytes) throw new AppError('FILE_MISSING');
      const { job, created } = await startRegisterImport(app.db, context, { fileName, bytes, enterpriseId, idempotencyKey: idempotencyKeyOf(request) });
      // A retried request (same Idempotency-Key, same file) gets the first import's job: 200.
      return reply.status(created ? 202 : 200).send({ job });
    },
  );

  app.post(
    '/register/exports',
    { schema: { tags, summary: '导出职工名册（后台任务）/ Export the register (a job)', body: RegisterExportReqSchema, response: { 200: JobStartedSchema, 202: JobStartedSchema } } },
    async (request, reply) => {
      const { job, created } = await startRegisterExport(app.db, requestContext(request), { ...request.body, idempotencyKey: idempotencyKeyOf(request) });
      return reply.status(created ? 202 : 200).send({ job });
    },
  );

  app.post(
    '/register/:id/user',
    { schema: { tags, summary: '为职工开通账号 / Open an employee account for a register row', params: EmployeeIdParamsSchema, body: EmployeeUserReqSchema, response: { 201: EmployeeUserSchema } } },
    async (request, reply) => reply.status(201).send(await createEmployeeUser(app.db, requestContext(request), request.params.id, request.body)),
  );
};
