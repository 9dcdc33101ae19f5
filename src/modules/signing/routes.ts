import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { fileField, textField } from '../../platform/openapi.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import { publicKeys } from './keys.ts';
import { listSigningKeys, rotateKeys, uploadPkcs12 } from './manage-keys.ts';
import { MAX_PKCS12_BYTES } from './pkcs12.ts';
import { OrganisationParamsSchema, PublicKeySetSchema, RotateKeysSchema, SigningKeyQuerySchema, SigningKeySetSchema } from './schemas.ts';

/** 签名密钥: the keys an enterprise signs its certificates' PDFs and QR codes with, and their public half for anyone. */
export const signingRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['signing-keys'];
  app.get('/signing-keys', { schema: { tags, summary: '签名密钥 / Signing keys', querystring: SigningKeyQuerySchema, response: { 200: SigningKeySetSchema } } }, async (request) =>
    listSigningKeys(app.db, requestContext(request), request.query.organisationId),
  );
  app.post(
    '/signing-keys/rotate',
    {
      schema: {
        tags,
        summary: '轮换签名密钥 / Rotate the signing keys',
        description: '新密钥成为当前密钥；旧密钥的公钥继续公布（注明有效期），仍可查验其签过的证书。/ A new key becomes current; the old public key stays published with its validity and still verifies what it signed.',
        body: RotateKeysSchema,
        response: { 200: SigningKeySetSchema },
      },
    },
    async (request) => rotateKeys(app.db, requestContext(request), request.body),
  );
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_PKCS12_BYTES, files: 1, fields: 3, fieldSize: 1024, parts: 4 }, throwFileSizeLimit: true });
    scope.post(
      '/signing-keys/pkcs12',
      {
        schema: { tags, summary: '上传签名证书（PKCS#12）/ Upload a signing certificate (PKCS#12)', querystring: SigningKeyQuerySchema, consumes: ['multipart/form-data'], response: { 200: SigningKeySetSchema } },
        config: {
          multipartBody: {
            required: ['file'],
            properties: { password: textField('PKCS#12 的密码 / The PKCS#12 password'), file: fileField('.p12 或 .pfx 文件 / A .p12 or .pfx file') },
          },
        },
      },
      async (request) => {
        const context = requestContext(request);
        if (!request.isMultipart()) throw new AppError('FILE_MISSING');
        let bytes: Buffer | null = null;
        let password = '';
        try {
          for await (const part of request.parts()) {
            if (part.type === 'file') bytes = await part.toBuffer();
            else if (part.fieldname === 'password') password = String(part.value ?? '');
          }
        } catch (error) {
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE');
          throw error;
        }
        if (!bytes) throw new AppError('FILE_MISSING');
        return uploadPkcs12(app.db, context, { organisationId: (request.query as { organisationId?: string }).organisationId, bytes, password });
      },
    );
  });

  app.get(
    '/public/organisations/:id/keys',
    {
      config: { public: true, rateLimit: { max: app.config.publicRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: '签发单位的公钥 / An issuer’s public keys',
        description:
          '签发单位历来的全部签名公钥（JWK 集合），含当前与已停用的密钥及其有效期：用于离线核验证书二维码签名（Ed25519）和 PDF 签名证书。/ Every signing public key the issuer has had (a JWK set), current and retired, with validity: to check the QR code signature (Ed25519) and the PDF signing certificate offline.',
        params: OrganisationParamsSchema,
        response: { 200: PublicKeySetSchema },
      },
    },
    async (request, reply) => {
      const keys = await publicKeys(app.db, request.params.id);
      const [organisation] = keys.length ? await findOrganisationsByIds(app.db, [request.params.id]) : [];
      if (!organisation) throw new AppError('NOT_FOUND');
      reply.header('cache-control', 'public, max-age=300');
      return { organisationId: organisation.id, organisationName: organisation.name, keys };
    },
  );
};
