import { z } from 'zod';
import { IDENTITY_TYPES } from '../../domain/identity.ts';
import { NATIONAL_FIELDS } from '../../domain/national-data.ts';
import { CertificateTemplateOverrideSchema, CertificateTemplateSchema } from './template.ts';

const localised = z.object({ 'zh-CN': z.string(), en: z.string() });
export const FieldErrorSchema = z.object({ path: z.string(), code: z.string(), messages: localised });

export const IdParamsSchema = z.object({ id: z.uuid() }).strict();
export const CodeParamsSchema = z.object({ code: z.string().max(64) }).strict();

// ------------------------------------------------------------------------------- holders

/** One holder as a 复核确认 list gives them, or as a confirmed application gives them. The rules check the content. */
export const HolderInputSchema = z
  .object({
    name: z.string().max(100),
    idType: z.enum(IDENTITY_TYPES),
    idNumber: z.string().max(40),
    gender: z.enum(['male', 'female']),
    birthDate: z.string().max(10),
    photoFileId: z.uuid().nullish(),
    occupationCode: z.string().max(20),
    occupationName: z.string().max(200),
    /** 工种/职业方向; blank or absent is printed '--'. */
    trade: z.string().max(200).nullish(),
    applicationId: z.uuid().nullish(),
  })
  .strict();
export type HolderInputReq = z.infer<typeof HolderInputSchema>;

// ---------------------------------------------------------------------------- certificates

export const certificateStatusSchema = z.enum(['valid', 'revoked']);
export const uploadStatusSchema = z.enum(['pending', 'in-batch', 'reported', 'failed']);
export const revocationBasisSchema = z.enum(['fraud', 'exit', 'issued-in-error', 'other']);
/** What a certificate rests on (四(三), 六(三)): the confirmed list after the notice, or 复核确认. */
export const issuanceBasisSchema = z.enum(['confirmed-list', 're-review', 'unrecorded']);
export const CertificateBasisSchema = z.object({
  kind: issuanceBasisSchema,
  /** The notice whose confirmed list the certificate rests on (confirmed-list). */
  noticeId: z.uuid().nullable(),
  /** The 复核确认 holder it was issued to (re-review). */
  reReviewHolderId: z.uuid().nullable(),
});

export const CertificateSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  status: certificateStatusSchema,
  holderName: z.string(),
  idType: z.string(),
  idNumberMasked: z.string(),
  gender: z.string(),
  /** The year only: beside the masked number, the whole date would give the number away (issue 22). */
  birthYear: z.string().nullable(),
  occupationCode: z.string(),
  occupationName: z.string(),
  trade: z.string(),
  level: z.string(),
  levelName: z.string(),
  issuedOn: z.string(),
  enterpriseId: z.uuid(),
  issuerName: z.string(),
  planId: z.uuid().nullable(),
  applicationId: z.uuid().nullable(),
  basis: CertificateBasisSchema,
  batchId: z.uuid().nullable(),
  photoFileId: z.uuid().nullable(),
  printSerial: z.string().nullable(),
  verifyUrl: z.string(),
  revokedOn: z.string().nullable(),
  revocationReason: z.string().nullable(),
  revocationBasis: revocationBasisSchema.nullable(),
  uploadStatus: uploadStatusSchema,
  uploadFailureReason: z.string().nullable(),
  reportedAt: z.string().nullable(),
  createdAt: z.string(),
  /** What the caller may do with it: print, revoke, correct. */
  allowedActs: z.array(z.string()),
});
export type CertificateDto = z.infer<typeof CertificateSchema>;

export const CertificateListQuerySchema = z
  .object({
    enterpriseId: z.uuid().optional(),
    status: certificateStatusSchema.optional(),
    uploadStatus: uploadStatusSchema.optional(),
    batchId: z.uuid().optional(),
    planId: z.uuid().optional(),
    year: z.coerce.number().int().min(2000).max(2099).optional(),
    /** A name or (part of) a code. */
    q: z.string().trim().max(50).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();
export type CertificateListQuery = z.infer<typeof CertificateListQuerySchema>;
export const CertificateListSchema = z.object({ items: z.array(CertificateSchema), total: z.number() });

export const RevokeSchema = z
  .object({
    reason: z.string().trim().min(2).max(1000),
    basis: revocationBasisSchema,
  })
  .strict();
export type RevokeReq = z.infer<typeof RevokeSchema>;

export const CorrectionSchema = z
  .object({
    holderName: z.string().max(100).optional(),
    idType: z.enum(IDENTITY_TYPES).optional(),
    idNumber: z.string().max(40).optional(),
    gender: z.enum(['male', 'female']).optional(),
    /** Absent: the stored birth date stays (the page shows the year only). */
    birthDate: z.string().max(10).optional(),
    occupationCode: z.string().max(20).optional(),
    occupationName: z.string().max(200).optional(),
    trade: z.string().max(200).nullish(),
    photoFileId: z.uuid().nullish(),
    /** Why the data changes (a typo, the national system's answer …). */
    reason: z.string().trim().min(2).max(1000),
  })
  .strict();
export type CorrectionReq = z.infer<typeof CorrectionSchema>;

// ------------------------------------------------------------------------------- batches

export const IssueBatchSchema = z.object({
  id: z.uuid(),
  enterpriseId: z.uuid(),
  planId: z.uuid().nullable(),
  issuedOn: z.string(),
  status: z.enum(['queued', 'issued', 'failed']),
  holderCount: z.number(),
  certificateCount: z.number(),
  jobId: z.uuid().nullable(),
  job: z
    .object({ status: z.string(), progress: z.object({ done: z.number(), total: z.number().nullable() }), error: z.object({ code: z.string(), messages: localised }).nullable() })
    .nullable(),
  printFileId: z.uuid().nullable(),
  createdAt: z.string(),
  issuedAt: z.string().nullable(),
});
export type IssueBatchDto = z.infer<typeof IssueBatchSchema>;
export const IssueBatchListSchema = z.object({ items: z.array(IssueBatchSchema) });
export const IssueBatchListQuerySchema = z.object({ enterpriseId: z.uuid().optional() }).strict();

// ------------------------------------------------------------------------------- settings

export const SettingsQuerySchema = z.object({ enterpriseId: z.uuid().optional() }).strict();
export const CertificateSettingsSchema = z.object({
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  institution: z.object({ category: z.string(), institutionCode: z.string(), provinceCode: z.string(), siteCode: z.string() }).nullable(),
  /** The code the next certificate of this year would get (nothing is drawn). */
  nextCode: z.string().nullable(),
  template: CertificateTemplateSchema,
  overrides: CertificateTemplateOverrideSchema,
  font: z.object({ id: z.uuid(), name: z.string(), size: z.number(), createdAt: z.string() }).nullable(),
});
export const CertificateSettingsUpdateSchema = z
  .object({
    enterpriseId: z.uuid().optional(),
    /** Sections replacing the default's; null returns to the default layout. */
    overrides: CertificateTemplateOverrideSchema.nullable(),
    /** false: print with the bundled Noto Serif SC again. */
    useUploadedFont: z.boolean().optional(),
  })
  .strict();
export type CertificateSettingsUpdateReq = z.infer<typeof CertificateSettingsUpdateSchema>;

// ----------------------------------------------------------------------------- public

/**
 * The public answer: exactly these fields (what the national query shows). `full` (the QR code's
 * token, or code + name + ID number) shows the holder and the last 4 characters of the identity
 * number; `code-only` (a code alone) shows no holder: codes are sequential and can be walked.
 */
export const PublicCertificateSchema = z
  .object({
    code: z.string(),
    disclosure: z.enum(['full', 'code-only']),
    holderName: z.string().nullable(),
    /** The last 4 characters, the rest stars (no region digits); null without the holder. */
    idNumberMasked: z.string().nullable(),
    occupation: z.string(),
    level: z.string(),
    issuer: z.string(),
    issuedOn: z.string(),
    status: z.enum(['valid', 'revoked']),
    revokedOn: z.string().nullable(),
    /** 发证依据: the confirmed list after the notice, or 复核确认. */
    basis: issuanceBasisSchema,
    /** The issuing organisation: its public keys are at /api/v1/public/organisations/{issuerId}/keys. */
    issuerId: z.string(),
    /**
     * The QR code's signature (`k` and `s` of its link) checked with the issuer's public key over
     * code, name and issue date: valid, invalid (a forged or altered QR code), or null when none was given.
     */
    qrSignature: z.enum(['valid', 'invalid']).nullable(),
  })
  .strict();
export type PublicCertificateDto = z.infer<typeof PublicCertificateSchema>;
/** `t`: the token the certificate's QR code carries beside the code. */
export const PublicVerifyQuerySchema = z.object({
  t: z.string().max(64).optional(),
  /** The QR code's key id and Ed25519 signature (issue 20). */
  k: z.string().max(64).optional(),
  s: z.string().max(128).optional(),
});

/** What an uploaded PDF is: this system's, unchanged (`authentic`); this system's, changed since (`altered`); or not this system's (`not-ours`). */
export const DocumentVerificationSchema = z.object({
  result: z.enum(['authentic', 'altered', 'not-ours']),
  /**
   * Why: `signed` (authentic); `modified` (the signed bytes changed), `appended` (bytes added after
   * the signature) for altered; `unsigned`, `unknown-signer`, `malformed` for not ours.
   */
  reason: z.enum(['signed', 'modified', 'appended', 'unsigned', 'unknown-signer', 'malformed']),
  signer: z
    .object({
      organisationId: z.string(),
      organisationName: z.string(),
      keyId: z.string(),
      /** Whether the signing key is still the current one (a retired key still verifies what it signed). */
      keyStatus: z.enum(['current', 'retired']),
      /** The claimed signing time (/M), ISO. */
      signedAt: z.string().nullable(),
    })
    .nullable(),
  document: z
    .object({
      kind: z.enum(['certificate', 'agreement', 'certificate-batch', 'other']),
      /** For a certificate: what the certificate is now (its status: valid or revoked). */
      certificate: PublicCertificateSchema.nullable(),
    })
    .nullable(),
});
export type DocumentVerificationDto = z.infer<typeof DocumentVerificationSchema>;
export const PublicSearchSchema = z
  .object({
    /** The certificate code as well: name and ID number alone are not enough (issue 22). */
    code: z.string().trim().min(1).max(64),
    name: z.string().trim().min(1).max(50),
    idType: z.enum(IDENTITY_TYPES).optional(),
    idNumber: z.string().trim().min(4).max(40),
  })
  .strict();
export const PublicSearchResultSchema = z.object({ items: z.array(PublicCertificateSchema) });

// ------------------------------------------------------------------------ national upload

export const NationalColumnSchema = z
  .object({
    field: z.enum(NATIONAL_FIELDS),
    column: z.string().trim().min(1).max(50),
    values: z.record(z.string().max(50), z.string().max(50)).nullish(),
  })
  .strict();
export const NationalMappingSchema = z.object({
  columns: z.array(NationalColumnSchema),
  isDefault: z.boolean(),
  fields: z.array(z.object({ field: z.enum(NATIONAL_FIELDS), name: localised })),
  endpointConfigured: z.boolean(),
});
export const NationalMappingUpdateSchema = z
  .object({
    /** The columns in order (the page's "restore the default" sends the default columns). */
    columns: z.array(NationalColumnSchema).min(1).max(50),
  })
  .strict();

export const NationalUploadCreateSchema = z
  .object({
    enterpriseId: z.uuid().optional(),
    /** The certificates to send; every certificate not yet reported (or failed) when absent. */
    certificateIds: z.array(z.uuid()).min(1).max(5000).optional(),
  })
  .strict();
export type NationalUploadCreateReq = z.infer<typeof NationalUploadCreateSchema>;

const uploadBatchStatus = z.enum(['prepared', 'sending', 'completed', 'partially-failed', 'failed']);
export const NationalUploadItemSchema = z.object({
  certificateId: z.uuid(),
  code: z.string(),
  holderName: z.string(),
  idNumberMasked: z.string(),
  sentStatus: certificateStatusSchema,
  status: z.enum(['pending', 'reported', 'failed']),
  reason: z.string().nullable(),
});
export const NationalUploadSchema = z.object({
  id: z.uuid(),
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  mode: z.enum(['endpoint', 'manual']),
  status: uploadBatchStatus,
  itemCount: z.number(),
  counts: z.object({ pending: z.number(), reported: z.number(), failed: z.number() }),
  response: z.object({ status: z.number().nullable(), body: z.string(), error: z.string().optional() }).nullable(),
  jobId: z.uuid().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  completedAt: z.string().nullable(),
});
export const NationalUploadDetailSchema = NationalUploadSchema.extend({ items: z.array(NationalUploadItemSchema) });
export const NationalUploadListSchema = z.object({ items: z.array(NationalUploadSchema) });
export const NationalUploadListQuerySchema = z.object({ enterpriseId: z.uuid().optional() }).strict();
export const PackageQuerySchema = z.object({ format: z.enum(['xlsx', 'json']).default('xlsx') }).strict();
export const NationalResultsSchema = z
  .object({
    items: z
      .array(
        z
          .object({
            certificateId: z.uuid(),
            outcome: z.enum(['reported', 'failed']),
            reason: z.string().trim().max(500).nullish(),
          })
          .strict(),
      )
      .min(1)
      .max(5000),
  })
  .strict();
export type NationalResultsReq = z.infer<typeof NationalResultsSchema>;

// ------------------------------------------------------------- confirmed applications

export const ConfirmedQuerySchema = z.object({ planId: z.uuid() }).strict();
export const ConfirmedListSchema = z.object({
  planId: z.uuid(),
  enterpriseId: z.uuid(),
  items: z.array(
    z.object({
      applicationId: z.uuid(),
      name: z.string(),
      idType: z.string(),
      idNumberMasked: z.string(),
      occupationCode: z.string().nullable(),
      occupationName: z.string().nullable(),
      organisationId: z.uuid(),
    }),
  ),
});
export const ConfirmedIssueSchema = z
  .object({
    planId: z.uuid(),
    issuedOn: z.string().max(10),
    /** Only these confirmed applications; all of the plan's when absent. */
    applicationIds: z.array(z.uuid()).min(1).max(2000).optional(),
    printSerialPrefix: z.string().trim().max(20).nullish(),
    idempotencyKey: z.string().trim().min(8).max(100).optional(),
  })
  .strict();

/** 我的证书: one of the holder's own certificates, as the holder reads it. */
export const MyCertificateSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  holderName: z.string(),
  idNumberMasked: z.string(),
  occupationName: z.string(),
  trade: z.string(),
  level: z.string(),
  issuerName: z.string(),
  enterpriseId: z.uuid(),
  issuedOn: z.string(),
  status: z.enum(['valid', 'revoked']),
  revokedOn: z.string().nullable(),
});
export const MyCertificateListSchema = z.object({ items: z.array(MyCertificateSchema) });

export const MyVerificationsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }).strict();

/** 谁查询了我的证书: each signed-in look-up (when, which organisation) and the anonymous ones counted per day. */
export const MyVerificationsSchema = z.object({
  certificateId: z.uuid(),
  signedIn: z.array(z.object({ at: z.string(), channel: z.enum(['code', 'search', 'credential', 'document']), organisationName: z.string() })),
  anonymousDays: z.array(z.object({ day: z.string(), count: z.number().int() })),
  totals: z.object({ signedIn: z.number().int(), anonymous: z.number().int() }),
});

/** A JSON-LD document as signed (a credential, a DID document, a status list): passed through as it is. */
export const SignedDocumentSchema = z.record(z.string(), z.unknown());
export const CredentialQuerySchema = z.object({ download: z.enum(['0', '1', 'true', 'false']).optional() }).strict();
export const OrganisationParamsSchema = z.object({ id: z.uuid() }).strict();
/**
 * A presented credential has at least the shape of one (contexts, types, issuer, subject, proof):
 * anything else is bad input (400 with the missing members named), not a credential that failed
 * its check (200, verified false). The members are checked for their content by the verifier.
 */
export const CredentialVerifySchema = z
  .object({
    credential: z.looseObject({
      '@context': z.array(z.unknown()).min(1),
      type: z.union([z.string().min(1), z.array(z.string()).min(1)]),
      issuer: z.union([z.string().min(1), z.looseObject({ id: z.string().min(1) })]),
      credentialSubject: z.record(z.string(), z.unknown()),
      proof: z.record(z.string(), z.unknown()),
    }),
  })
  .strict();
const localisedProblem = z.object({ code: z.string(), 'zh-CN': z.string(), en: z.string() });
export const CredentialCheckSchema = z.object({
  verified: z.boolean(),
  signature: z.enum(['valid', 'invalid']),
  issuer: z.object({ id: z.string().nullable(), known: z.boolean(), name: z.string().nullable() }),
  status: z.enum(['valid', 'revoked', 'unknown']),
  certificate: z
    .object({ code: z.string(), holderName: z.string(), occupation: z.string(), level: z.string(), issuerName: z.string(), issuedOn: z.string(), status: z.string(), revokedOn: z.string().nullable() })
    .nullable(),
  problems: z.array(localisedProblem),
});
