import { z } from 'zod';

export const SigningKeyKindSchema = z.enum(['ed25519', 'x509']);

export const SigningKeySchema = z.object({
  id: z.string().uuid(),
  kind: SigningKeyKindSchema,
  kid: z.string(),
  algorithm: z.string(),
  source: z.enum(['generated', 'uploaded']),
  status: z.enum(['current', 'retired']),
  notBefore: z.string(),
  notAfter: z.string().nullable(),
  certificateSha256: z.string().nullable(),
  createdAt: z.string(),
});

export const SigningKeySetSchema = z.object({
  organisationId: z.string().uuid(),
  organisationName: z.string(),
  /** Where the public keys are published without a session. */
  publicKeysUrl: z.string(),
  /** Newest first. */
  keys: z.array(SigningKeySchema),
});
export type SigningKeySetDto = z.infer<typeof SigningKeySetSchema>;

export const SigningKeyQuerySchema = z.object({ organisationId: z.string().uuid().optional() }).strict();

export const RotateKeysSchema = z
  .object({
    organisationId: z.string().uuid().optional(),
    /** Which keys to rotate; both when absent. */
    kinds: z.array(SigningKeyKindSchema).max(2).optional(),
  })
  .strict();

export const OrganisationParamsSchema = z.object({ id: z.string().uuid() });

/** A published public key (JWK, RFC 7517 / 8037) with its validity. */
export const PublishedKeySchema = z
  .object({
    kty: z.enum(['OKP', 'EC', 'RSA']),
    crv: z.string().optional(),
    x: z.string().optional(),
    y: z.string().optional(),
    n: z.string().optional(),
    e: z.string().optional(),
    kid: z.string(),
    use: z.literal('sig'),
    alg: z.string(),
    purpose: z.enum(['qr-signature', 'pdf-signature']),
    status: z.enum(['current', 'retired']),
    notBefore: z.string(),
    notAfter: z.string().nullable(),
    x5c: z.array(z.string()).optional(),
    'x5t#S256': z.string().optional(),
  })
  .strict();

/** A JWK set (RFC 7517 §5) of every key the organisation has had, current and retired. */
export const PublicKeySetSchema = z.object({
  organisationId: z.string().uuid(),
  organisationName: z.string(),
  keys: z.array(PublishedKeySchema),
});
