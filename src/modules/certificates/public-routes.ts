import fastJson from 'fast-json-stringify';
import { flushLookupCounts } from './verification-log.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { didDocument, statusListCredential, verifyPresentedCredential } from './credentials.ts';
import {
  CodeParamsSchema,
  CredentialCheckSchema,
  CredentialVerifySchema,
  DocumentVerificationSchema,
  OrganisationParamsSchema,
  SignedDocumentSchema,
  PublicCertificateSchema,
  PublicSearchResultSchema,
  PublicSearchSchema,
  PublicVerifyQuerySchema,
} from './schemas.ts';
import { searchPublicCertificates, verifyCertificate } from './verification.ts';
import multipart from '@fastify/multipart';
import { AppError } from '../../platform/errors.ts';
import { fileField } from '../../platform/openapi.ts';
import { verifyUploadedPdf } from './verify-document.ts';

/** 证书查询: no login; limited per client (PUBLIC_RATE_LIMIT_PER_MINUTE, default 60 a minute per endpoint), the look-up also per person. */
/**
 * The verification answer written by fast-json-stringify from the schema's JSON form (the busiest
 * public route: zod's check and JSON.stringify were ~4% of its CPU). It writes the schema's
 * properties only, so nothing else of a row can slip into the answer.
 */
const writePublicCertificate = fastJson(z.toJSONSchema(PublicCertificateSchema, { target: 'draft-7' }) as Parameters<typeof fastJson>[0]);

export const publicCertificateRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['public'];
  const rateLimit = { max: app.config.publicRateLimitPerMinute, timeWindow: '1 minute' };
  // The anonymous look-up counts this process still holds are written before the server closes.
  app.addHook('onClose', async () => flushLookupCounts(app.db));
  app.get(
    '/public/certificates/:code',
    {
      config: { public: true, rateLimit },
      schema: {
        tags,
        summary: '按证书编号查验 / Verify by code',
        description: '带二维码中的令牌 t 时显示持证人；仅凭编号只显示证书状态。/ With the QR code\'s token `t` the holder is shown; a code alone shows the certificate only.',
        params: CodeParamsSchema,
        querystring: PublicVerifyQuerySchema,
        response: { 200: PublicCertificateSchema },
      },
      serializerCompiler: () => writePublicCertificate,
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return verifyCertificate(app.db, request.params.code, request.query.t, {
        qr: { keyId: request.query.k, signature: request.query.s },
        log: { clock: app.clock, actor: request.actor ?? null },
      });
    },
  );
  // 电子证书: the issuer's DID document (did:web, path form), its revocation list, and a verifier.
  app.get(
    '/public/organisations/:id/did.json',
    { config: { public: true, rateLimit }, schema: { tags, summary: '发证单位的 DID 文档（did:web）/ The issuer’s DID document (did:web): every Ed25519 key, current and retired', params: OrganisationParamsSchema, response: { 200: SignedDocumentSchema } } },
    async (request, reply) => {
      const document = await didDocument(app.db, request.params.id);
      if (!document) throw new AppError('NOT_FOUND');
      reply.header('cache-control', 'public, max-age=300');
      reply.type('application/did+json');
      return document;
    },
  );
  app.get(
    '/public/organisations/:id/status-lists/revocation',
    { config: { public: true, rateLimit }, schema: { tags, summary: '证书撤销状态列表（Bitstring Status List，已签名）/ The issuer’s signed revocation list (Bitstring Status List)', params: OrganisationParamsSchema, response: { 200: SignedDocumentSchema } } },
    async (request, reply) => {
      const list = await statusListCredential(app.db, app.clock, request.params.id);
      if (!list) throw new AppError('NOT_FOUND');
      reply.header('cache-control', 'no-cache');
      return list;
    },
  );
  app.post(
    '/public/credentials/verify',
    {
      config: { public: true, rateLimit },
      bodyLimit: 256 * 1024,
      schema: { tags, summary: '验证电子证书：签名、签发单位和撤销状态 / Verify a credential: signature, issuer and status', body: CredentialVerifySchema, response: { 200: CredentialCheckSchema } },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return verifyPresentedCredential(app.db, app.clock, request.body.credential, request.actor ?? null);
    },
  );
  app.post(
    '/public/certificates/search',
    {
      config: { public: true, rateLimit },
      schema: {
        tags,
        summary: '按证书编号、姓名和证件号码查询 / Look up by code, name and ID number',
        description: '每位被查询人每天限 PUBLIC_LOOKUP_PER_PERSON_PER_DAY 次（不论来源地址）。/ At most PUBLIC_LOOKUP_PER_PERSON_PER_DAY look-ups a day per looked-up person, from any address.',
        body: PublicSearchSchema,
        response: { 200: PublicSearchResultSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return {
        items: await searchPublicCertificates(app.db, app.clock, request.body, {
          today: app.clock.today(),
          perPersonPerDay: app.config.publicLookupPerPersonPerDay,
          log: { clock: app.clock, actor: request.actor ?? null },
        }),
      };
    },
  );
  // 上传 PDF 查验: the PDF is read in memory, checked and forgotten; nothing is stored.
  await app.register(async (scope) => {
    const maxBytes = app.config.uploadMaxBytes;
    await scope.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 1 }, throwFileSizeLimit: true });
    scope.post(
      '/public/documents/verify',
      {
        config: { public: true, rateLimit, multipartBody: { required: ['file'], properties: { file: fileField('本系统出具的证书或聘任协议 PDF / A certificate or agreement PDF this system issued') } } },
        schema: {
          tags,
          summary: '上传 PDF 查验 / Verify an uploaded PDF',
          description:
            '检查 PDF 的签发单位电子签名：真实且未被改动（并给出证书当前状态）、已被改动，或非本系统出具。文件不保存。/ Checks the issuer’s signature of the PDF: authentic and unchanged (with the certificate’s status now), altered, or not issued by this system. Nothing is stored.',
          consumes: ['multipart/form-data'],
          response: { 200: DocumentVerificationSchema },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        if (!request.isMultipart()) throw new AppError('FILE_MISSING');
        let bytes: Buffer;
        try {
          const part = await request.file();
          if (!part) throw new AppError('FILE_MISSING');
          bytes = await part.toBuffer();
        } catch (error) {
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE');
          throw error;
        }
        return verifyUploadedPdf(app.db, bytes, maxBytes, { clock: app.clock, actor: request.actor ?? null });
      },
    );
  });
};
