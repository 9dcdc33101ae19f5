import { sql } from 'drizzle-orm';
import { customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { CertificateTemplate } from './template.ts';
import type { NationalUploadColumn } from '../../domain/national-data.ts';
import type { IssuanceBasis } from '../../domain/sanction-rules.ts';
import { organisations, users } from '../../db/schema.ts';
import { clockNow } from '../../platform/clock.ts';

/** Raw bytes (PostgreSQL bytea): a licensed font an enterprise uploaded. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  fromDriver: (value) => Buffer.from(value),
});

export type CertificateStatus = 'valid' | 'revoked';
/** Where a certificate stands with the national query system (jndj.osta.org.cn). */
export type UploadStatus = 'pending' | 'in-batch' | 'reported' | 'failed';
export type RevocationBasis = 'fraud' | 'exit' | 'issued-in-error' | 'other';
export type IssueBatchStatus = 'queued' | 'issued' | 'failed';
export type NationalUploadMode = 'endpoint' | 'manual';
export type NationalUploadBatchStatus = 'prepared' | 'sending' | 'completed' | 'partially-failed' | 'failed';
export type NationalUploadItemStatus = 'pending' | 'reported' | 'failed';

/** The institution part of a code (parts 1–4), as it was when the certificate was issued. */
export interface IssuedInstitution {
  category: 'Y' | 'S';
  institutionCode: string;
  provinceCode: string;
  siteCode: string;
}

/**
 * The certificate serials (parts 5–7 of annex 2): one row per institution site, year and level,
 * raised inside the issuing transaction with `INSERT … ON CONFLICT DO UPDATE … RETURNING`, so that
 * every app process sharing the database draws from the same counter and a rolled-back issuance
 * gives its number back with everything else.
 */
export const certificateSerials = pgTable(
  'certificate_serials',
  {
    category: text('category').notNull(),
    institutionCode: text('institution_code').notNull(),
    provinceCode: text('province_code').notNull(),
    siteCode: text('site_code').notNull(),
    year: integer('year').notNull(),
    level: text('level').notNull(),
    lastSerial: integer('last_serial').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow).$onUpdateFn(clockNow),
  },
  (table) => [primaryKey({ columns: [table.category, table.institutionCode, table.provinceCode, table.siteCode, table.year, table.level] })],
);

/**
 * A batch of certificates issued in one act (HR's list, an imported list, or a plan's confirmed
 * applications). The holders wait here, their identity numbers encrypted, until the job issues them
 * all in one transaction; the job then renders the print file.
 */
export const certificateIssueBatches = pgTable(
  'certificate_issue_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => organisations.id),
    enterprisePath: text('enterprise_path').notNull(),
    planId: uuid('plan_id'),
    issuedOn: text('issued_on').notNull(),
    status: text('status').$type<IssueBatchStatus>().notNull(),
    holderCount: integer('holder_count').notNull(),
    /** The holders as given (JSON), encrypted with the personal data key; emptied once issued. */
    holdersEncrypted: text('holders_encrypted'),
    /** SHA-256 of the request, so that a retried request with the same key is recognised. */
    requestHash: text('request_hash').notNull(),
    idempotencyKey: text('idempotency_key'),
    verifyBaseUrl: text('verify_base_url').notNull(),
    jobId: uuid('job_id'),
    /** All certificates of the batch in one PDF (a page each), for printing. */
    printFileId: uuid('print_file_id'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    uniqueIndex('certificate_issue_batches_idempotency_idx').on(table.enterpriseId, table.idempotencyKey),
    index('certificate_issue_batches_path_idx').using('btree', table.enterprisePath.op('text_pattern_ops')),
  ],
);

/** 职业技能等级证书 (特级技师): one row per certificate, its code never reused. */
export const certificates = pgTable(
  'certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    serial: integer('serial').notNull(),
    year: integer('year').notNull(),
    level: text('level').notNull(),
    institution: jsonb('institution').$type<IssuedInstitution>().notNull(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => organisations.id),
    enterprisePath: text('enterprise_path').notNull(),
    /** The issuing enterprise's filed name as it stood at issuance. */
    issuerName: text('issuer_name').notNull(),
    batchId: uuid('batch_id').references(() => certificateIssueBatches.id),
    planId: uuid('plan_id'),
    applicationId: uuid('application_id'),
    /**
     * What the certificate rests on (四(三), 六(三)): `confirmed-list` (the application on the
     * confirmed list of `basisNoticeId`) or `re-review` (the 复核确认 holder `reReviewHolderId`).
     * `unrecorded` only for certificates issued before this was recorded.
     */
    basis: text('basis').$type<IssuanceBasis>().notNull().default('unrecorded'),
    basisNoticeId: uuid('basis_notice_id'),
    reReviewHolderId: uuid('re_review_holder_id'),
    issuedOn: text('issued_on').notNull(),
    holderName: text('holder_name').notNull(),
    idType: text('id_type').notNull(),
    idNumberEncrypted: text('id_number_encrypted').notNull(),
    /** lookupHash(idType, idNumber): public search by name and identity number. */
    idNumberLookup: text('id_number_lookup').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    gender: text('gender').notNull(),
    birthDate: text('birth_date').notNull(),
    photoFileId: uuid('photo_file_id'),
    occupationCode: text('occupation_code').notNull(),
    occupationName: text('occupation_name').notNull(),
    /** 工种/职业方向; '--' when none, never blank. */
    trade: text('trade').notNull(),
    /** 印制流水号, when the enterprise numbers its printed sheets. */
    printSerial: text('print_serial'),
    /** The address the QR code opens: `${verifyBaseUrl}/verify/${code}?t=${verifyToken}`. */
    verifyBaseUrl: text('verify_base_url').notNull(),
    /**
     * 128 random bits (base64url) the QR code carries beside the code: codes are sequential, so a
     * code alone shows no holder (docs/decisions/public-verification.md); code and token show the
     * certificate as the national query does.
     */
    verifyToken: text('verify_token').notNull(),
    /**
     * The QR code's offline proof (issue 20): the issuer's Ed25519 signature (base64url) over code,
     * holder's name and issue date (src/domain/qr-signature.ts), and the key's id (`kid`, published
     * at /api/v1/public/organisations/{id}/keys). Null for certificates issued before it existed.
     */
    qrKeyId: text('qr_key_id'),
    qrSignature: text('qr_signature'),
    /** The layout and font the certificate was issued with: a reprint is the same document. */
    template: jsonb('template').$type<CertificateTemplate>().notNull(),
    fontId: uuid('font_id'),
    status: text('status').$type<CertificateStatus>().notNull().default('valid'),
    revokedOn: text('revoked_on'),
    revocationReason: text('revocation_reason'),
    revocationBasis: text('revocation_basis').$type<RevocationBasis>(),
    uploadStatus: text('upload_status').$type<UploadStatus>().notNull().default('pending'),
    uploadFailureReason: text('upload_failure_reason'),
    reportedAt: timestamp('reported_at', { withTimezone: true, mode: 'date' }),
    issuedBy: uuid('issued_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow).$onUpdateFn(clockNow),
  },
  (table) => [
    uniqueIndex('certificates_code_idx').on(table.code),
    uniqueIndex('certificates_application_idx').on(table.applicationId).where(sql`${table.applicationId} is not null`),
    index('certificates_path_idx').using('btree', table.enterprisePath.op('text_pattern_ops')),
    index('certificates_lookup_idx').on(table.idNumberLookup),
    index('certificates_batch_idx').on(table.batchId),
    index('certificates_upload_idx').on(table.enterpriseId, table.uploadStatus),
  ],
);

/** An enterprise's certificate settings: its layout overrides, its own font, the provincial query address. */
export const certificateSettings = pgTable('certificate_settings', {
  enterpriseId: uuid('enterprise_id')
    .primaryKey()
    .references(() => organisations.id),
  enterprisePath: text('enterprise_path').notNull(),
  template: jsonb('template').$type<Partial<CertificateTemplate>>(),
  fontId: uuid('font_id'),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow).$onUpdateFn(clockNow),
});

/** Licensed fonts enterprises uploaded (TTF/OTF); a row is never changed, so a certificate keeps its font. */
export const certificateFonts = pgTable(
  'certificate_fonts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    bytes: bytea('bytes').notNull(),
    uploadedBy: uuid('uploaded_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
  },
  (table) => [index('certificate_fonts_enterprise_idx').on(table.enterpriseId)],
);

/** A package of certificate data for the national certificate query system. */
export const nationalUploadBatches = pgTable(
  'national_upload_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => organisations.id),
    enterprisePath: text('enterprise_path').notNull(),
    mode: text('mode').$type<NationalUploadMode>().notNull(),
    status: text('status').$type<NationalUploadBatchStatus>().notNull(),
    /** The field mapping in force when the package was made. */
    mapping: jsonb('mapping').$type<NationalUploadColumn[]>().notNull(),
    itemCount: integer('item_count').notNull(),
    endpoint: text('endpoint'),
    /** The endpoint's answer: status and (the start of) its body. */
    response: jsonb('response').$type<{ status: number | null; body: string; error?: string }>(),
    jobId: uuid('job_id'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
    /** A retried request with the same key (Idempotency-Key) gets this batch; the hash tells whether it is the same request. */
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
  },
  (table) => [
    index('national_upload_batches_path_idx').using('btree', table.enterprisePath.op('text_pattern_ops')),
    uniqueIndex('national_upload_batches_idempotency_idx').on(table.enterpriseId, table.idempotencyKey),
  ],
);

export const nationalUploadItems = pgTable(
  'national_upload_items',
  {
    batchId: uuid('batch_id')
      .notNull()
      .references(() => nationalUploadBatches.id, { onDelete: 'cascade' }),
    certificateId: uuid('certificate_id')
      .notNull()
      .references(() => certificates.id),
    /** The certificate's status as sent (valid / revoked). */
    sentStatus: text('sent_status').$type<CertificateStatus>().notNull(),
    status: text('status').$type<NationalUploadItemStatus>().notNull(),
    reason: text('reason'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow).$onUpdateFn(clockNow),
  },
  (table) => [primaryKey({ columns: [table.batchId, table.certificateId] }), index('national_upload_items_certificate_idx').on(table.certificateId)],
);

export type ReReviewHolderStatus = 'pending' | 'confirmed' | 'rejected' | 'certified';

/**
 * 复核确认 (section 六(三)): a holder the enterprise evaluated before the notice, imported under its
 * re-review plan, reviewed against the notice's requirements and, once confirmed, issued a
 * certificate through the same issuance path (which moves the row to `certified`).
 */
/** What HR checked of an earlier holder (复核确认), from the certificate and the post's records. */
export interface ReReviewFacts {
  qualification: { kind: 'skill-level' | 'vocational-qualification'; certificateNumber: string; level: number; issuer: string | null; issuedOn: string | null };
  postSince: string;
  stillInOccupation: boolean;
  note: string | null;
}

/** The rules' result on the checked facts: the four basic conditions a holder is re-reviewed against. */
export interface ReReviewCheckResult {
  conditions: { id: string; state: 'met' | 'not-met' | 'to-check'; met: boolean; reason: { 'zh-CN': string; en: string } }[];
  cutoffDate: string;
}

export type ReReviewNoticeStatus = 'open' | 'cancelled';

/**
 * 复核确认名单公示 (六(三) with 四(三)): the confirmed holders of a re-review plan published inside the
 * enterprise for at least 5 working days (the plan's length) before certificates are issued to them.
 * Objections go to the contact; one upheld is acted on by reconsidering the holder, which takes them
 * off the notice. A notice not yet ended can be cancelled with a reason; its holders may be published again.
 */
export const reReviewNotices = pgTable(
  're_review_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id').notNull(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => organisations.id),
    enterprisePath: text('enterprise_path').notNull(),
    status: text('status').$type<ReReviewNoticeStatus>().notNull().default('open'),
    /** First and last day ('YYYY-MM-DD', both included), counted with the working-day calendars. */
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    workingDays: integer('working_days').notNull(),
    /** Where objections go: department, person, telephone. */
    contact: text('contact').notNull(),
    /** The holders published (names and units as published; never an ID number). */
    holders: jsonb('holders').$type<{ holderId: string; name: string; occupationName: string; previousEvaluation: string | null }[]>().notNull(),
    cancelReason: text('cancel_reason'),
    cancelledBy: uuid('cancelled_by').references(() => users.id),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true, mode: 'date' }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
  },
  (table) => [index('re_review_notices_plan_idx').on(table.planId), index('re_review_notices_path_idx').using('btree', table.enterprisePath.op('text_pattern_ops'))],
);

export const reReviewHolders = pgTable(
  're_review_holders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id').notNull(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => organisations.id),
    enterprisePath: text('enterprise_path').notNull(),
    /** The row of the imported Excel file, for finding it again. */
    sourceRow: integer('source_row').notNull(),
    /** 原评聘情况: the earlier evaluation (document number, year) as the importer gave it. */
    previousEvaluation: text('previous_evaluation'),
    name: text('name').notNull(),
    idType: text('id_type').notNull(),
    idNumberEncrypted: text('id_number_encrypted').notNull(),
    idNumberLookup: text('id_number_lookup').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    gender: text('gender').notNull(),
    birthDate: text('birth_date').notNull(),
    occupationCode: text('occupation_code').notNull(),
    occupationName: text('occupation_name').notNull(),
    trade: text('trade').notNull(),
    status: text('status').$type<ReReviewHolderStatus>().notNull().default('pending'),
    decisionReason: text('decision_reason'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    certificateId: uuid('certificate_id').references(() => certificates.id),
    /** The public notice that published this confirmed holder (六(三)); cleared when it is cancelled or the holder reconsidered. */
    noticeId: uuid('notice_id').references(() => reReviewNotices.id),
    /**
     * 六(三) "按本通知有关要求": the facts HR checked against 三's basic conditions (qualification,
     * post's start, still in the occupation), the evidence, and the rules' result on them.
     */
    checkedFacts: jsonb('checked_facts').$type<ReReviewFacts>(),
    checkEvidence: jsonb('check_evidence').$type<{ fileId: string; name: string }[]>(),
    checkResult: jsonb('check_result').$type<ReReviewCheckResult>(),
    checkedBy: uuid('checked_by').references(() => users.id),
    checkedAt: timestamp('checked_at', { withTimezone: true, mode: 'date' }),
    importedBy: uuid('imported_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow).$onUpdateFn(clockNow),
  },
  (table) => [
    uniqueIndex('re_review_holders_person_idx').on(table.planId, table.idNumberLookup, table.occupationCode),
    index('re_review_holders_path_idx').using('btree', table.enterprisePath.op('text_pattern_ops')),
  ],
);

/** How a certificate was verified: by its code (the QR code's link or typed), by code + name + ID number, or by its verifiable credential. */
export type VerificationChannel = 'code' | 'search' | 'credential' | 'document';

/**
 * 谁查询了我的证书: a verification made by a signed-in user (an employer's HR checking a candidate,
 * a department): when, and which organisation — not who, and no address. The holder reads them on
 * their certificate's page. Anonymous public look-ups are only counted (certificate_lookup_days).
 */
export const certificateVerifications = pgTable(
  'certificate_verifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    certificateId: uuid('certificate_id')
      .notNull()
      .references(() => certificates.id),
    channel: text('channel').$type<VerificationChannel>().notNull(),
    organisationId: uuid('organisation_id').notNull(),
    /** The organisation's name as it stood at the look-up. */
    organisationName: text('organisation_name').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('certificate_verifications_certificate_idx').on(table.certificateId, table.at)],
);

/**
 * Anonymous public look-ups of a certificate, counted per day (China's calendar date): no address,
 * no browser, nothing that identifies the asker. Written by one upsert per batch of look-ups.
 */
export const certificateLookupDays = pgTable(
  'certificate_lookup_days',
  {
    certificateId: uuid('certificate_id')
      .notNull()
      .references(() => certificates.id),
    day: text('day').notNull(),
    count: integer('count').notNull(),
  },
  (table) => [primaryKey({ columns: [table.certificateId, table.day] })],
);

/**
 * 电子证书: a certificate issued as a W3C Verifiable Credential (Open Badges 3.0
 * `OpenBadgeCredential`), signed with the issuing organisation's Ed25519 key (Data Integrity,
 * `eddsa-rdfc-2022`). Issued once, when first asked for, and kept as signed: the same document is
 * handed out every time. `statusIndex` is its bit in the issuer's revocation status list.
 */
export const certificateCredentials = pgTable(
  'certificate_credentials',
  {
    certificateId: uuid('certificate_id')
      .primaryKey()
      .references(() => certificates.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    statusIndex: integer('status_index').notNull(),
    /** The signing key (signing_keys.id) that made the proof. */
    keyId: uuid('key_id').notNull(),
    credential: jsonb('credential').$type<Record<string, unknown>>().notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [uniqueIndex('certificate_credentials_status_idx').on(table.organisationId, table.statusIndex)],
);

/**
 * The revocation status list of an issuing organisation (W3C Bitstring Status List): the next free
 * index (raised with an upsert, so every app process draws from the same counter) and the signed
 * `BitstringStatusListCredential` as it stands, rebuilt and signed again in the transaction of every
 * revocation of one of its certificates that carries a credential.
 */
export const credentialStatusLists = pgTable('credential_status_lists', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id),
  nextIndex: integer('next_index').notNull(),
  credential: jsonb('credential').$type<Record<string, unknown>>(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
});
