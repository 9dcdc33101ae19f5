// The certificate pages' view of /api/v1: shapes (kept by hand in step with
// src/modules/certificates/schemas.ts) and queries.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { API_BASE, ApiError, CSRF_COOKIE, NetworkError, api, readCookie } from '../../api/client';
import type { LocalizedMessages } from '../../api/types';

export type IdType = 'resident-id' | 'passport' | 'hk-macao-pass' | 'taiwan-pass' | 'foreign-permanent-residence' | 'hmt-residence-permit';
export const ID_TYPES: IdType[] = ['resident-id', 'passport', 'hk-macao-pass', 'taiwan-pass', 'foreign-permanent-residence', 'hmt-residence-permit'];
export type CertificateStatus = 'valid' | 'revoked';
export type UploadStatus = 'pending' | 'in-batch' | 'reported' | 'failed';
export type RevocationBasis = 'fraud' | 'exit' | 'issued-in-error' | 'other';

export type IssuanceBasis = 'confirmed-list' | 're-review' | 'unrecorded';

export interface Certificate {
  id: string;
  code: string;
  status: CertificateStatus;
  holderName: string;
  idType: IdType;
  idNumberMasked: string;
  gender: 'male' | 'female';
  /** The birth year only: the server never sends the whole date beside a masked number. */
  birthYear: string | null;
  occupationCode: string;
  occupationName: string;
  trade: string;
  level: string;
  levelName: string;
  issuedOn: string;
  enterpriseId: string;
  issuerName: string;
  planId: string | null;
  applicationId: string | null;
  /** 发证依据: the confirmed list after the notice (with the notice), or 复核确认 (with the holder). */
  basis: { kind: IssuanceBasis; noticeId: string | null; reReviewHolderId: string | null };
  batchId: string | null;
  photoFileId: string | null;
  printSerial: string | null;
  verifyUrl: string;
  revokedOn: string | null;
  revocationReason: string | null;
  revocationBasis: RevocationBasis | null;
  uploadStatus: UploadStatus;
  uploadFailureReason: string | null;
  reportedAt: string | null;
  createdAt: string;
  allowedActs: string[];
}

export interface HolderInput {
  name: string;
  idType: IdType;
  idNumber: string;
  gender: 'male' | 'female';
  birthDate: string;
  photoFileId?: string | null;
  occupationCode: string;
  occupationName: string;
  trade?: string | null;
  applicationId?: string | null;
}

export interface IssueBatch {
  id: string;
  enterpriseId: string;
  planId: string | null;
  issuedOn: string;
  status: 'queued' | 'issued' | 'failed';
  holderCount: number;
  certificateCount: number;
  jobId: string | null;
  job: { status: string; progress: { done: number; total: number | null }; error: { code: string; messages: LocalizedMessages } | null } | null;
  printFileId: string | null;
  createdAt: string;
  issuedAt: string | null;
}

export interface ConfirmedApplication {
  applicationId: string;
  name: string;
  idType: IdType;
  idNumberMasked: string;
  occupationCode: string | null;
  occupationName: string | null;
  organisationId: string;
}

export interface FieldIssue {
  path: string;
  code: string;
  messages: LocalizedMessages;
}

export interface HolderFileResult {
  rows: { row: number; holder: Record<string, string | null>; errors: FieldIssue[] }[];
  holders: HolderInput[];
  errorCount: number;
}

export interface CertificateTemplate {
  border: { show: boolean; colour: string; outerInset: number; innerInset: number };
  title: { text: string; textEn: string; y: number; size: number; colour: string };
  body: { text: string; textEn: string; x: number; y: number; width: number; size: number };
  fields: { showEnglishLabels: boolean } & Record<string, unknown>;
  queries: { provincialQuery: string | null } & Record<string, unknown>;
  [section: string]: unknown;
}

export interface CertificateSettings {
  enterpriseId: string;
  enterpriseName: string;
  institution: { category: string; institutionCode: string; provinceCode: string; siteCode: string } | null;
  nextCode: string | null;
  template: CertificateTemplate;
  overrides: Partial<CertificateTemplate>;
  font: { id: string; name: string; size: number; createdAt: string } | null;
}

export type UploadBatchStatus = 'prepared' | 'sending' | 'completed' | 'partially-failed' | 'failed';
export interface UploadItem {
  certificateId: string;
  code: string;
  holderName: string;
  idNumberMasked: string;
  sentStatus: CertificateStatus;
  status: 'pending' | 'reported' | 'failed';
  reason: string | null;
}
export interface UploadBatch {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  mode: 'endpoint' | 'manual';
  status: UploadBatchStatus;
  itemCount: number;
  counts: { pending: number; reported: number; failed: number };
  response: { status: number | null; body: string; error?: string } | null;
  jobId: string | null;
  createdAt: string;
  sentAt: string | null;
  completedAt: string | null;
  items: UploadItem[];
}

export interface MappingColumn {
  field: string;
  column: string;
  values?: Record<string, string> | null;
}
export interface NationalMapping {
  columns: MappingColumn[];
  isDefault: boolean;
  fields: { field: string; name: LocalizedMessages }[];
  endpointConfigured: boolean;
}

export interface PublicCertificate {
  code: string;
  /** full: the QR code's token (or code + name + ID number) was given; code-only: a code alone, no holder. */
  disclosure: 'full' | 'code-only';
  holderName: string | null;
  /** The last 4 characters only; null without the holder. */
  idNumberMasked: string | null;
  occupation: string;
  level: string;
  issuer: string;
  issuedOn: string;
  status: CertificateStatus;
  revokedOn: string | null;
  basis: IssuanceBasis;
  /** The issuing organisation: its public keys are at /public/organisations/{issuerId}/keys. */
  issuerId: string;
  /** The QR code's signature as the server checked it; null when the link carried none. */
  qrSignature: 'valid' | 'invalid' | null;
}

/** What an uploaded PDF is (POST /public/documents/verify). */
export interface DocumentVerification {
  result: 'authentic' | 'altered' | 'not-ours';
  reason: 'signed' | 'modified' | 'appended' | 'unsigned' | 'unknown-signer' | 'malformed';
  signer: { organisationId: string; organisationName: string; keyId: string; keyStatus: 'current' | 'retired'; signedAt: string | null } | null;
  document: { kind: 'certificate' | 'agreement' | 'certificate-batch' | 'other'; certificate: PublicCertificate | null } | null;
}

/** POST /public/credentials/verify: the signature, the issuer, the status now and the certificate it was issued for. */
export interface CredentialCheck {
  verified: boolean;
  signature: 'valid' | 'invalid';
  issuer: { id: string | null; known: boolean; name: string | null };
  status: 'valid' | 'revoked' | 'unknown';
  certificate: { code: string; holderName: string; occupation: string; level: string; issuerName: string; issuedOn: string; status: string; revokedOn: string | null } | null;
  problems: { code: string; 'zh-CN': string; en: string }[];
}

/** A published key (JWK with its validity). */
export interface PublishedKey {
  kid: string;
  kty: string;
  crv?: string;
  x?: string;
  alg: string;
  purpose: 'qr-signature' | 'pdf-signature';
  status: 'current' | 'retired';
  notBefore: string;
  notAfter: string | null;
}

export const certificateKeys = {
  all: ['certificates'] as const,
  list: (filters: Record<string, unknown>) => ['certificates', 'list', filters] as const,
  batches: ['certificate-batches'] as const,
  batch: (id: string) => ['certificate-batches', id] as const,
  settings: ['certificate-settings'] as const,
  uploads: ['national-uploads'] as const,
  upload: (id: string) => ['national-uploads', id] as const,
  mapping: ['national-upload-mapping'] as const,
};

export function useCertificates(filters: { q?: string; status?: string; uploadStatus?: string; limit: number; offset: number }) {
  return useQuery({
    queryKey: certificateKeys.list(filters),
    queryFn: ({ signal }) => api.get<{ items: Certificate[]; total: number }>('/certificates', filters, signal),
    placeholderData: keepPreviousData,
  });
}

export function useIssueBatches(enabled = true) {
  return useQuery({
    queryKey: certificateKeys.batches,
    queryFn: ({ signal }) => api.get<{ items: IssueBatch[] }>('/certificate-batches', undefined, signal),
    select: (data) => data.items,
    enabled,
  });
}

/** A batch, polled every half second until its job has finished. */
export function useIssueBatch(id: string | null) {
  return useQuery({
    queryKey: certificateKeys.batch(id ?? ''),
    queryFn: ({ signal }) => api.get<IssueBatch>(`/certificate-batches/${id}`, undefined, signal),
    enabled: Boolean(id),
    refetchInterval: (query) => {
      const job = query.state.data?.job?.status;
      return job === 'succeeded' || job === 'failed' ? false : 500;
    },
  });
}

export function useNationalMapping(enabled = true) {
  return useQuery({
    queryKey: certificateKeys.mapping,
    queryFn: ({ signal }) => api.get<NationalMapping>('/national-upload-mapping', undefined, signal),
    enabled,
  });
}

/** PUT with the CSRF token (the shared client offers GET, POST, PATCH and DELETE). */
export async function put<T>(path: string, body: unknown, locale: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method: 'PUT',
      body: JSON.stringify(body),
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json, application/problem+json', 'accept-language': locale, 'x-csrf-token': readCookie(CSRF_COOKIE) ?? '' },
    });
  } catch (error) {
    throw new NetworkError(error);
  }
  const data = (await response.json().catch(() => undefined)) as (T & { code?: string }) | undefined;
  if (!response.ok) {
    throw new ApiError(data && typeof data === 'object' && 'code' in data ? ({ ...(data as object), status: response.status } as never) : { status: response.status, code: `HTTP_${response.status}` });
  }
  return data as T;
}

/** A file's bytes as base64 (for the holder list import). */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** The certificate's signed verifiable credential as a file to keep (HR in scope, or the holder). */
export const credentialUrl = (id: string) => `${API_BASE}/certificates/${id}/credential?download=1`;
export const pdfUrl = (id: string, inline = false) => `${API_BASE}/certificates/${id}/pdf${inline ? '?inline=1' : ''}`;
export const packageUrl = (id: string, format: 'xlsx' | 'json') => `${API_BASE}/national-uploads/${id}/package?format=${format}`;
export const holderTemplateUrl = `${API_BASE}/certificate-holders/template`;

/** 我的证书: one of the holder's own certificates (GET /api/v1/my/certificates). */
export interface MyCertificate {
  id: string;
  code: string;
  holderName: string;
  idNumberMasked: string;
  occupationName: string;
  trade: string;
  level: string;
  issuerName: string;
  enterpriseId: string;
  issuedOn: string;
  status: CertificateStatus;
  revokedOn: string | null;
}

/** 谁查询了我的证书: signed-in look-ups by organisation, anonymous ones counted per day. */
export interface MyVerifications {
  certificateId: string;
  signedIn: { at: string; channel: 'code' | 'search' | 'credential' | 'document'; organisationName: string }[];
  anonymousDays: { day: string; count: number }[];
  totals: { signedIn: number; anonymous: number };
}

export function useMyCertificates() {
  return useQuery({
    queryKey: ['my-certificates'],
    queryFn: ({ signal }) => api.get<{ items: MyCertificate[] }>('/my/certificates', undefined, signal),
    select: (data) => data.items,
  });
}

export function useMyVerifications(certificateId: string) {
  return useQuery({
    queryKey: ['my-certificates', certificateId, 'verifications'],
    queryFn: ({ signal }) => api.get<MyVerifications>(`/my/certificates/${certificateId}/verifications`, undefined, signal),
  });
}
