import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError, fieldError, fromZodError, validationError } from '../../platform/errors.ts';
import { fileTooLarge } from '../../platform/files.ts';
import { ObjectionLookupSchema, PUBLIC_EVIDENCE_FILES, PublicNoticeSchema, PublicObjectionFieldsSchema, PublicObjectionReceiptSchema, PublicObjectionStatusSchema, TokenParamsSchema } from './schemas.ts';
import { anonymousContext } from '../../platform/context.ts';
import { getPublicNotice, lookupPublicObjection, raisePublicObjection } from './service.ts';
import { textField } from '../../platform/openapi.ts';

/** The notice on its public link (no login; limited per client like the certificate look-up). */
export const publicNoticeRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['public'];
  const rateLimit = { max: app.config.publicRateLimitPerMinute, timeWindow: '1 minute' };
  const limit = app.config.uploadMaxBytes;
  await app.register(multipart, {
    limits: { fileSize: limit, files: PUBLIC_EVIDENCE_FILES, fields: 10, fieldSize: 8192, parts: PUBLIC_EVIDENCE_FILES + 10, headerPairs: 100 },
    throwFileSizeLimit: true,
  });
  app.get(
    '/public/notices/:token',
    { config: { public: true, rateLimit }, schema: { tags, summary: '公开的公示 / A notice on its public link', params: TokenParamsSchema, response: { 200: PublicNoticeSchema } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return getPublicNotice(app.db, request.params.token, app.clock);
    },
  );
  app.post(
    '/public/notices/:token/objections',
    {
      config: {
        public: true,
        rateLimit: { max: Math.max(5, Math.floor(app.config.publicRateLimitPerMinute / 6)), timeWindow: '1 minute' },
        multipartBody: {
          required: ['candidateId', 'name', 'contact', 'content'],
          properties: {
            candidateId: textField('被提出异议的公示对象 / The candidate objected to', 'uuid'),
            name: textField('异议人真实姓名（2–50 字）/ The objector\'s real name'),
            contact: textField('联系方式（5–200 字）/ How to reach the objector'),
            content: textField('异议内容（10–4000 字）/ The objection'),
            files: { type: 'array', items: { type: 'string', format: 'binary' }, description: `证据文件，至多 ${PUBLIC_EVIDENCE_FILES} 个，限 PDF/JPG/PNG / Evidence, at most ${PUBLIC_EVIDENCE_FILES} PDF/JPG/PNG files` },
          },
        },
      },
      schema: {
        tags,
        summary: '实名提出异议（multipart：candidateId、name、contact、content 及证据文件 files，限 PDF/JPG/PNG）/ Object in one’s real name',
        consumes: ['multipart/form-data'],
        params: TokenParamsSchema,
        response: { 201: PublicObjectionReceiptSchema },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw new AppError('MULTIPART_INVALID');
      const fields: Record<string, string> = {};
      const files: { name: string; bytes: Buffer }[] = [];
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') files.push({ name: part.filename, bytes: await part.toBuffer() });
          else fields[part.fieldname] = String(part.value);
        }
      } catch (error) {
        if (error instanceof AppError) throw error;
        const code = (error as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(limit);
        if (code === 'FST_FILES_LIMIT') throw validationError([fieldError('files', 'FILE_TOO_MANY', `最多附${PUBLIC_EVIDENCE_FILES}个证明材料`, `Attach at most ${PUBLIC_EVIDENCE_FILES} evidence files`)]);
        throw new AppError('MULTIPART_INVALID');
      }
      const parsed = PublicObjectionFieldsSchema.safeParse(fields);
      if (!parsed.success) throw fromZodError(parsed.error);
      return reply.status(201).send(await raisePublicObjection(app.db, anonymousContext(request), request.params.token, { ...parsed.data, files: files.filter((file) => file.bytes.length > 0) }));
    },
  );
  app.post(
    '/public/notices/:token/objection-lookup',
    { config: { public: true, rateLimit }, schema: { tags, summary: '凭查询码查看异议结论 / An objection’s finding by its look-up code', params: TokenParamsSchema, body: ObjectionLookupSchema, response: { 200: PublicObjectionStatusSchema } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return lookupPublicObjection(app.db, request.params.token, request.body.code);
    },
  );
};
