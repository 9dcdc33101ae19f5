import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../../db/schema.ts';

/**
 * What a key signs with:
 * - `ed25519`: the short signature the certificate's QR code carries (and, later, the Verifiable
 *   Credential's Data Integrity proof and the did:web document);
 * - `x509`: the PAdES signature of every PDF the organisation issues, with its X.509 certificate.
 */
export type SigningKeyKind = 'ed25519' | 'x509';
/** `generated` by the system (at set-up or first issuance), or `uploaded` by an administrator as PKCS#12. */
export type SigningKeySource = 'generated' | 'uploaded';

/** A public key as a JWK (RFC 7517 / 8037), never with its private part. */
export interface PublicJwk {
  kty: 'OKP' | 'EC' | 'RSA';
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
}

/**
 * The signing keys of each issuing organisation. One current key per organisation and kind
 * (`retired_at` null; the partial unique index holds it across app processes); a rotation retires
 * the current key (its `retired_at` becomes its not-after) and adds the next. Retired keys are
 * never deleted: their public part stays published with its validity and still verifies what they
 * signed. The private key (PKCS#8 DER) is encrypted with the personal data key (AES-256-GCM, bound
 * to the row's id), as identity numbers are; a backup carries it as it carries them.
 */
export const signingKeys = pgTable(
  'signing_keys',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    organisationPath: text('organisation_path').notNull(),
    kind: text('kind').$type<SigningKeyKind>().notNull(),
    /** The key identifier published with it (base64url of the first 12 bytes of the public key's SHA-256). */
    kid: text('kid').notNull(),
    /** JOSE name of the signature algorithm: EdDSA, ES256, RS256. */
    algorithm: text('algorithm').notNull(),
    publicJwk: jsonb('public_jwk').$type<PublicJwk>().notNull(),
    /** x509 only: the certificate (PEM) and the chain above it that came with an uploaded PKCS#12. */
    certificatePem: text('certificate_pem'),
    chainPem: text('chain_pem'),
    /** x509 only: SHA-256 (hex) of the certificate's DER, how a signed PDF's signer is found again. */
    certificateSha256: text('certificate_sha256'),
    privateKeyEncrypted: text('private_key_encrypted').notNull(),
    source: text('source').$type<SigningKeySource>().notNull(),
    /** From when the key signs (its creation, or the certificate's own not-before when later). */
    notBefore: timestamp('not_before', { withTimezone: true, mode: 'date' }).notNull(),
    /** Until when it may sign: the certificate's not-after (x509), or none. */
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    /** When a rotation (or an upload) replaced it; null while current. */
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [
    uniqueIndex('signing_keys_current_idx').on(table.organisationId, table.kind).where(sql`${table.retiredAt} is null`),
    uniqueIndex('signing_keys_kid_idx').on(table.kid),
    index('signing_keys_certificate_idx').on(table.certificateSha256),
    index('signing_keys_path_idx').using('btree', table.organisationPath.op('text_pattern_ops')),
  ],
);
