import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { contentDisposition } from '../../platform/files.ts';
import { idempotencyKeyOf } from '../../platform/idempotency.ts';
import { configureVerifyBaseUrl } from './certificate-records.ts';
import { configureFallbackFonts } from './print-fonts.ts';
import { getCertificateSettings, MAX_FONT_BYTES, previewCertificate, updateCertificateSettings, uploadCertificateFont } from './certificate-settings.ts';
import { listConfirmedForCertificates, startBatchForConfirmedApplications } from './confirmed-applications.ts';
import { holderTemplate } from './holder-file.ts';
import { registerCertificateJobs } from './jobs.ts';
import { correctCertificate, getCertificate, getCertificatePdf, listCertificates, revokeCertificate } from './manage-certificates.ts';
import {
  createNationalUpload,
  getNationalMapping,
  getNationalUpload,
  listNationalUploads,
  nationalUploadPackage,
  recordNationalResults,
  updateNationalMapping,
} from './national-upload.ts';
import { getIssueBatch, listIssueBatches } from './read-batches.ts';
import { listMyCertificates, myCertificateVerifications } from './verification-log.ts';
import { getCertificateCredential } from './credentials.ts';
import {
  CertificateListQuerySchema,
  CertificateListSchema,
  CertificateSchema,
  CertificateSettingsSchema,
  CertificateSettingsUpdateSchema,
  ConfirmedIssueSchema,
  ConfirmedListSchema,
  ConfirmedQuerySchema,
  CorrectionSchema,
  IdParamsSchema,
  MyCertificateListSchema,
  CredentialQuerySchema,
  SignedDocumentSchema,
  MyVerificationsQuerySchema,
  MyVerificationsSchema,
  IssueBatchListQuerySchema,
  IssueBatchListSchema,
  IssueBatchSchema,
  NationalMappingSchema,
  NationalMappingUpdateSchema,
  NationalResultsSchema,
  NationalUploadCreateSchema,
  NationalUploadDetailSchema,
  NationalUploadListQuerySchema,
  NationalUploadListSchema,
  PackageQuerySchema,
  RevokeSchema,
  SettingsQuerySchema,
} from './schemas.ts';
import { publicCertificateRoutes } from './public-routes.ts';
import { fileField } from '../../platform/openapi.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sendPdf(reply: FastifyReply, pdf: Buffer, fileName: string, inline: boolean) {
  return reply
    .type('application/pdf')
    .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', fileName))
    .header('cache-control', 'private, no-store')
    .send(pdf);
}

const PdfQuerySchema = z.object({ inline: z.enum(['0', '1', 'true', 'false']).optional() }).strict();

/** 颁证、证书管理与数据上报 (sections 四(三), 四(四)): certificates, their settings and the national data upload. */
export const certificateRoutes: FastifyPluginAsyncZod = async (app) => {
  configureVerifyBaseUrl(app.config.publicBaseUrl ?? `http://${app.config.host}:${app.config.port}`, { publicBaseUrl: app.config.publicBaseUrl, allowLocal: app.config.demo });
  configureFallbackFonts(app.config.certificateFallbackFonts);
  const upload = { endpoint: app.config.nationalUploadUrl ?? null };
  registerCertificateJobs();
  const origin = (request: FastifyRequest) => app.config.publicBaseUrl ?? `${request.protocol}://${request.host}`;
  const tags = ['certificates'];

  await app.register(publicCertificateRoutes);

  app.get('/certificates', { schema: { tags, summary: '证书列表 / Certificates in scope', querystring: CertificateListQuerySchema, response: { 200: CertificateListSchema } } }, async (request) =>
    listCertificates(app.db, requestContext(request), request.query),
  );
  // 我的证书 (the holder): their own certificates and who verified them.
  app.get('/my/certificates', { schema: { tags, summary: '我的证书 / My certificates (the holder)', response: { 200: MyCertificateListSchema } } }, async (request) => ({
    items: await listMyCertificates(app.db, requestContext(request)),
  }));
  app.get(
    '/my/certificates/:id/verifications',
    { schema: { tags, summary: '谁查询了我的证书 / Who verified my certificate: signed-in look-ups by organisation, anonymous ones counted per day', params: IdParamsSchema, querystring: MyVerificationsQuerySchema, response: { 200: MyVerificationsSchema } } },
    async (request) => myCertificateVerifications(app.db, requestContext(request), request.params.id, request.query),
  );
  app.get(
    '/certificates/:id/credential',
    {
      schema: {
        tags,
        summary: '电子证书（可验证凭证，Open Badges 3.0）/ The certificate as a signed Verifiable Credential (HR in scope, the holder)',
        params: IdParamsSchema,
        querystring: CredentialQuerySchema,
        response: { 200: SignedDocumentSchema },
      },
    },
    async (request, reply) => {
      const credential = await getCertificateCredential(app.db, requestContext(request), request.params.id);
      if (request.query.download === '1' || request.query.download === 'true') {
        const code = ((credential.credentialSubject as { achievement?: { humanCode?: string } })?.achievement?.humanCode ?? request.params.id).replace(/[^A-Za-z0-9-]/g, '');
        reply.header('content-disposition', contentDisposition('attachment', `特级技师电子证书-${code}.json`));
      }
      reply.header('cache-control', 'no-store');
      return credential;
    },
  );
  app.get('/certificates/:id', { schema: { tags, summary: '查看证书 / Read a certificate', params: IdParamsSchema, response: { 200: CertificateSchema } } }, async (request) =>
    getCertificate(app.db, requestContext(request), request.params.id),
  );
  app.get(
    '/certificates/:id/pdf',
    { schema: { tags, summary: '证书 PDF（打印、补打）/ The certificate as PDF (print, reprint)', params: IdParamsSchema, querystring: PdfQuerySchema, produces: ['application/pdf'] } },
    async (request, reply) => {
      const { pdf, fileName } = await getCertificatePdf(app.db, requestContext(request), request.params.id);
      return sendPdf(reply, pdf, fileName, request.query.inline === '1' || request.query.inline === 'true');
    },
  );
  app.post('/certificates/:id/revoke', { schema: { tags, summary: '撤销证书 / Revoke', params: IdParamsSchema, body: RevokeSchema, response: { 200: CertificateSchema } } }, async (request) =>
    revokeCertificate(app.db, requestContext(request), request.params.id, request.body),
  );
  app.post('/certificates/:id/correct', { schema: { tags, summary: '更正持证人信息 / Correct the holder data', params: IdParamsSchema, body: CorrectionSchema, response: { 200: CertificateSchema } } }, async (request) =>
    correctCertificate(app.db, requestContext(request), request.params.id, request.body),
  );

  // Issuing: only at the end of the procedure (四(三), 六(三)) — to a plan's confirmed list after its
  // notice ran its full period (here), or to holders confirmed by 复核确认 (re-review-routes.ts).
  // There is no free list: a batch is checked at once, issued by a job in one transaction, with a print file.
  app.get(
    '/certificate-batches/confirmed-applications',
    { schema: { tags, summary: '待发证的已核准申报 / Confirmed applications of a plan', querystring: ConfirmedQuerySchema, response: { 200: ConfirmedListSchema } } },
    async (request) => listConfirmedForCertificates(app.db, requestContext(request), request.query.planId),
  );
  app.post(
    '/certificate-batches/from-applications',
    { schema: { tags, summary: '为已核准申报发证 / Issue to the confirmed applications of a plan', body: ConfirmedIssueSchema, response: { 200: IssueBatchSchema, 202: IssueBatchSchema } } },
    async (request, reply) => {
      const { batch, created } = await startBatchForConfirmedApplications(app.db, requestContext(request), {
        ...request.body,
        idempotencyKey: idempotencyKeyOf(request, request.body.idempotencyKey),
        verifyBaseUrl: origin(request),
      });
      return reply.status(created ? 202 : 200).send(batch);
    },
  );
  app.get('/certificate-batches', { schema: { tags, summary: '发证批次 / Issue batches', querystring: IssueBatchListQuerySchema, response: { 200: IssueBatchListSchema } } }, async (request) =>
    listIssueBatches(app.db, requestContext(request), request.query),
  );
  app.get('/certificate-batches/:id', { schema: { tags, summary: '查看颁发批次 / Read an issue batch', params: IdParamsSchema, response: { 200: IssueBatchSchema } } }, async (request) =>
    getIssueBatch(app.db, requestContext(request), request.params.id),
  );
  app.get('/certificate-holders/template', { schema: { tags, summary: '复核确认人员名单模板 / Holder list template for 复核确认 (xlsx)' } }, async (request, reply) => {
    requestContext(request);
    return reply.type(XLSX_TYPE).header('content-disposition', contentDisposition('attachment', '特级技师发证名单模板.xlsx')).send(await holderTemplate());
  });

  // Layout and font.
  app.get('/certificate-settings', { schema: { tags, summary: '证书版式与字体 / Layout and font', querystring: SettingsQuerySchema, response: { 200: CertificateSettingsSchema } } }, async (request) =>
    getCertificateSettings(app.db, requestContext(request), request.query.enterpriseId),
  );
  app.put('/certificate-settings', { schema: { tags, summary: '修改证书设置 / Update certificate settings', body: CertificateSettingsUpdateSchema, response: { 200: CertificateSettingsSchema } } }, async (request) =>
    updateCertificateSettings(app.db, requestContext(request), request.body),
  );
  app.get('/certificate-settings/preview', { schema: { tags, summary: '版式预览（样例数据）/ Preview with sample data', querystring: SettingsQuerySchema, produces: ['application/pdf'] } }, async (request, reply) =>
    sendPdf(reply, await previewCertificate(app.db, requestContext(request), request.query.enterpriseId), '证书版式预览.pdf', true),
  );
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_FONT_BYTES, files: 1, fields: 5, fieldSize: 200, parts: 6 }, throwFileSizeLimit: true });
    scope.post(
      '/certificate-settings/font',
      {
        schema: { tags, summary: '上传授权字体（TTF/OTF）/ Upload a licensed font (TTF/OTF)', querystring: SettingsQuerySchema, consumes: ['multipart/form-data'], response: { 200: CertificateSettingsSchema } },
        config: { multipartBody: { required: ['file'], properties: { file: fileField('TTF 或 OTF 字体文件 / A TTF or OTF font') } } },
      },
      async (request) => {
        const context = requestContext(request);
        if (!request.isMultipart()) throw new AppError('FILE_MISSING');
        let part;
        let bytes: Buffer;
        try {
          part = await request.file();
          if (!part) throw new AppError('FILE_MISSING');
          bytes = await part.toBuffer();
        } catch (error) {
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('CERTIFICATE_FONT_INVALID');
          throw error;
        }
        return uploadCertificateFont(app.db, context, { enterpriseId: (request.query as { enterpriseId?: string }).enterpriseId, name: part.filename, bytes });
      },
    );
  });

  // 数据上报: the national certificate query system.
  const uploadTags = ['national-upload'];
  app.get('/national-upload-mapping', { schema: { tags: uploadTags, summary: '上报字段映射 / Field mapping', response: { 200: NationalMappingSchema } } }, async (request) =>
    getNationalMapping(app.db, requestContext(request), upload),
  );
  app.put('/national-upload-mapping', { schema: { tags: uploadTags, summary: '修改全国数据上报字段对应 / Update the national upload column mapping', body: NationalMappingUpdateSchema, response: { 200: NationalMappingSchema } } }, async (request) =>
    updateNationalMapping(app.db, requestContext(request), request.body.columns, upload),
  );
  app.get('/national-uploads', { schema: { tags: uploadTags, summary: '上报批次 / Upload batches', querystring: NationalUploadListQuerySchema, response: { 200: NationalUploadListSchema } } }, async (request) =>
    listNationalUploads(app.db, requestContext(request), request.query),
  );
  app.post(
    '/national-uploads',
    { schema: { tags: uploadTags, summary: '生成上报批次 / Make an upload batch', body: NationalUploadCreateSchema, response: { 200: NationalUploadDetailSchema, 201: NationalUploadDetailSchema } } },
    async (request, reply) => {
      // A retried request (same Idempotency-Key, same certificates) gets the first batch: 200.
      const { created, ...batch } = await createNationalUpload(app.db, requestContext(request), { ...request.body, idempotencyKey: idempotencyKeyOf(request) }, upload);
      return reply.status(created ? 201 : 200).send(batch);
    },
  );
  app.get('/national-uploads/:id', { schema: { tags: uploadTags, summary: '查看数据上报批次 / Read a national upload', params: IdParamsSchema, response: { 200: NationalUploadDetailSchema } } }, async (request) =>
    getNationalUpload(app.db, requestContext(request), request.params.id),
  );
  app.get(
    '/national-uploads/:id/package',
    { schema: { tags: uploadTags, summary: '下载数据包（Excel 或 JSON）/ Download the package', params: IdParamsSchema, querystring: PackageQuerySchema, produces: ['application/json', XLSX_TYPE] } },
    async (request, reply) => {
      const file = await nationalUploadPackage(app.db, requestContext(request), request.params.id, request.query.format);
      return reply.type(file.contentType).header('content-disposition', contentDisposition('attachment', file.fileName)).header('cache-control', 'private, no-store').send(file.bytes);
    },
  );
  app.post(
    '/national-uploads/:id/results',
    { schema: { tags: uploadTags, summary: '记录上报结果 / Record the results', params: IdParamsSchema, body: NationalResultsSchema, response: { 200: NationalUploadDetailSchema } } },
    async (request) => recordNationalResults(app.db, requestContext(request), request.params.id, request.body),
  );
};

