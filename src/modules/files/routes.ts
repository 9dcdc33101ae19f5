import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { contentDisposition, fileTooLarge, mediaTypes, openFile, storeFile } from '../../platform/files.ts';
import { FileDownloadQuerySchema, FileIdParamsSchema, FileSchema } from './schemas.ts';
import { fileField } from '../../platform/openapi.ts';

/** The content security policy of a file shown in the page: nothing runs, only our own page may frame it. */
const INLINE_FILE_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";

export const fileRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['files'];
  const limit = app.config.uploadMaxBytes;
  await app.register(multipart, {
    limits: { fileSize: limit, files: 1, fields: 10, fieldSize: 1024, parts: 11, headerPairs: 100 },
    throwFileSizeLimit: true,
  });

  app.post(
    '/files',
    {
      schema: {
        tags,
        summary: '上传文件（PDF、JPG、PNG）/ Upload a file (PDF, JPG, PNG)',
        consumes: ['multipart/form-data'],
        response: { 201: FileSchema },
      },
      config: {
        rateLimit: { max: app.config.rateLimitPerMinute, timeWindow: '1 minute' },
        multipartBody: { required: ['file'], properties: { file: fileField('PDF、JPG 或 PNG 文件 / A PDF, JPG or PNG file') } },
      },
    },
    async (request, reply) => {
      const context = requestContext(request);
      if (!request.isMultipart()) throw new AppError('FILE_MISSING');
      let upload: { filename: string; bytes: Buffer } | null = null;
      try {
        for await (const part of request.parts()) {
          if (part.type !== 'file') continue;
          if (upload) throw new AppError('FILE_TOO_MANY');
          upload = { filename: part.filename, bytes: await part.toBuffer() };
        }
      } catch (error) {
        if (error instanceof AppError) throw error;
        const code = (error as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(limit);
        if (code === 'FST_FILES_LIMIT') throw new AppError('FILE_TOO_MANY');
        // Anything else here is the body failing to parse as multipart/form-data.
        throw new AppError('MULTIPART_INVALID');
      }
      if (!upload) throw new AppError('FILE_MISSING');
      const stored = await storeFile(app.db, context, { name: upload.filename, bytes: upload.bytes, maxBytes: limit });
      return reply.status(201).send({ id: stored.id, name: stored.name, size: stored.size, mediaType: stored.mediaType, sha256: stored.sha256 });
    },
  );

  app.get(
    '/files/:id',
    {
      schema: {
        tags,
        summary: '下载或预览文件 / Download or preview a file',
        params: FileIdParamsSchema,
        querystring: FileDownloadQuerySchema,
        produces: Object.values(mediaTypes).map((type) => type.mediaType),
      },
    },
    async (request, reply) => {
      const { file, stream } = await openFile(app.db, requestContext(request), request.params.id);
      const wantsInline = request.query.inline === '1' || request.query.inline === 'true';
      const inline = wantsInline && Object.values(mediaTypes).some((type) => type.inline && type.mediaType === file.mediaType);
      reply
        .header('content-type', file.mediaType)
        .header('content-length', String(file.size))
        .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', file.name))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('etag', `"${file.sha256}"`);
      if (inline) reply.header('content-security-policy', INLINE_FILE_CSP);
      return reply.send(stream);
    },
  );
};
