import { z } from 'zod';
import { EVIDENCE_CLAIM_KINDS } from '../../domain/evidence-claims.ts';
import { lifeCycles } from '../../domain/transitions.ts';

const SIDE_STATES = Object.keys(lifeCycles.evidenceFlagSide) as [keyof typeof lifeCycles.evidenceFlagSide, ...(keyof typeof lifeCycles.evidenceFlagSide)[]];

export const EvidenceFlagListQuerySchema = z
  .object({
    applicationId: z.uuid().optional(),
    /** `open`: a side still to be checked; `cleared`: every side cleared. */
    status: z.enum(['open', 'cleared', 'all']).default('all'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();
export type EvidenceFlagListQuery = z.infer<typeof EvidenceFlagListQuerySchema>;

/** One application of a flag, as the reader may see it: in full when they may read it, masked otherwise. */
export const EvidenceFlagSideSchema = z.object({
  applicationId: z.uuid(),
  /** The reader may read this application; otherwise name masked, no number, file or note. */
  readable: z.boolean(),
  /** In full, or (another organisation's applicant) the surname and stars. */
  name: z.string(),
  idNumberMasked: z.string().nullable(),
  applicationStatus: z.string().nullable(),
  planTitle: z.string().nullable(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  planEnterpriseName: z.string(),
  /** Where in the form the claim stands: `qualification`, `achievements.0`, `honours.china-skills-award` … */
  field: z.string(),
  section: z.enum(['qualification', 'post', 'achievements', 'honours', 'health', 'integrity']),
  fileId: z.uuid().nullable(),
  fileName: z.string().nullable(),
  status: z.enum(SIDE_STATES),
  note: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  /** A finding of fraud (the fraud module) was recorded on this application. */
  fraudFound: z.boolean(),
  fraudFindingId: z.uuid().nullable(),
  /** What the reader may do with this side: clear, reopen. */
  allowedActs: z.array(z.string()),
});

export const EvidenceFlagSchema = z.object({
  id: z.uuid(),
  /** `file`: the same bytes (SHA-256); `number`: the same certificate or award number. */
  kind: z.enum(EVIDENCE_CLAIM_KINDS as [string, ...string[]]),
  /** The file's SHA-256 shortened, or the number masked. */
  display: z.string(),
  createdAt: z.string(),
  /** A side is still to be checked. */
  open: z.boolean(),
  sides: z.array(EvidenceFlagSideSchema),
});
export type EvidenceFlagDto = z.infer<typeof EvidenceFlagSchema>;
export const EvidenceFlagListSchema = z.object({ items: z.array(EvidenceFlagSchema) });

export const EvidenceFlagParamsSchema = z.object({ id: z.uuid() }).strict();
export const EvidenceFlagSideParamsSchema = z.object({ id: z.uuid(), applicationId: z.uuid() }).strict();
/** Why the side is cleared (the explanation found) or reopened. */
export const EvidenceFlagDecisionSchema = z.object({ note: z.string().trim().min(2).max(2000) }).strict();
