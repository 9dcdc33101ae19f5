import { z } from 'zod';
import { FIRST_PILOT_YEAR, LAST_PILOT_YEAR } from '../../domain/pilot-rules.ts';
import { departmentTypeSchema, filingSchema } from '../organisations/schemas.ts';

export type PilotApplicationStatus = 'draft' | 'submitted' | 'accepted' | 'returned';
export const pilotApplicationStatusSchema = z.enum(['draft', 'submitted', 'accepted', 'returned']);

const year = z.coerce.number().int().min(FIRST_PILOT_YEAR).max(LAST_PILOT_YEAR);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const localised = z.object({ 'zh-CN': z.string(), en: z.string() });
const optionalText = (max: number) => z.string().trim().max(max).nullish();

// ------------------------------------------------------------------------------- pilot years

export const PilotYearSchema = z.object({
  year: z.number(),
  /** The last day on which applications may be submitted. */
  deadline: z.string(),
  /** True when the ministry set no deadline and 30 September applies. */
  isDefault: z.boolean(),
  note: z.string().nullable(),
  /** Whether submitting is still open today (China's calendar date). */
  open: z.boolean(),
});
export type PilotYearDto = z.infer<typeof PilotYearSchema>;

export const PilotYearListSchema = z.object({ items: z.array(PilotYearSchema), today: z.string() });

export const PilotYearSetSchema = z.object({ year, deadline: date, note: optionalText(500) }).strict();
export type PilotYearSetReq = z.infer<typeof PilotYearSetSchema>;

// ------------------------------------------------------------------------ pilot applications

const applicationFields = {
  contactName: optionalText(50),
  contactPhone: optionalText(50),
  contactEmail: z.email().max(200).nullish().or(z.literal('')),
  remarks: optionalText(5000),
};

export const PilotApplicationCreateSchema = z
  .object({ year, enterpriseIds: z.array(z.uuid()).max(1000).default([]), ...applicationFields })
  .strict();
export type PilotApplicationCreateReq = z.infer<typeof PilotApplicationCreateSchema>;

/** Fields left out keep their value; `enterpriseIds` given replaces the list. */
export const PilotApplicationUpdateSchema = z
  .object({ enterpriseIds: z.array(z.uuid()).max(1000).optional(), ...applicationFields })
  .strict();
export type PilotApplicationUpdateReq = z.infer<typeof PilotApplicationUpdateSchema>;

export const PilotAcceptSchema = z.object({ note: optionalText(2000) }).strict();
export const PilotReturnSchema = z.object({ reason: z.string().trim().min(2).max(2000) }).strict();

/** An enterprise as the application shows it: its filing, and whether it may be put forward. */
export const PilotEnterpriseSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  parentId: z.uuid().nullable(),
  parentName: z.string().nullable(),
  creditCode: z.string().nullable(),
  provinceCode: z.string().nullable(),
  filing: filingSchema.nullable(),
  eligible: z.boolean(),
  problem: z.object({ code: z.string(), messages: localised }).nullable(),
});
export type PilotEnterpriseDto = z.infer<typeof PilotEnterpriseSchema>;

export const PilotHistoryEntrySchema = z.object({
  at: z.string(),
  act: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  actorName: z.string().nullable(),
  note: z.string().nullable(),
});

export const PilotApplicationSchema = z.object({
  id: z.uuid(),
  departmentId: z.uuid(),
  departmentName: z.string(),
  departmentType: departmentTypeSchema.nullable(),
  year: z.number(),
  status: pilotApplicationStatusSchema,
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  remarks: z.string().nullable(),
  returnReason: z.string().nullable(),
  decisionNote: z.string().nullable(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  enterprises: z.array(PilotEnterpriseSchema),
  history: z.array(PilotHistoryEntrySchema),
  deadline: PilotYearSchema,
  /** The acts the caller may take now: submit, accept, return; `edit` while it can still be changed. */
  allowedActs: z.array(z.string()),
});
export type PilotApplicationDto = z.infer<typeof PilotApplicationSchema>;

export const PilotApplicationSummarySchema = PilotApplicationSchema.omit({ history: true, enterprises: true }).extend({
  enterpriseCount: z.number(),
  enterpriseNames: z.array(z.string()),
});
export type PilotApplicationSummaryDto = z.infer<typeof PilotApplicationSummarySchema>;

export const PilotApplicationListQuerySchema = z.object({ year: year.optional(), status: pilotApplicationStatusSchema.optional() }).strict();
export type PilotApplicationListQuery = z.infer<typeof PilotApplicationListQuerySchema>;
export const PilotApplicationListSchema = z.object({ items: z.array(PilotApplicationSummarySchema) });

export const PilotCandidateListSchema = z.object({ items: z.array(PilotEnterpriseSchema) });

export const PilotEnterpriseListQuerySchema = z.object({ year: year.optional() }).strict();
export const PilotEnterpriseListSchema = z.object({
  items: z.array(
    z.object({
      year: z.number(),
      enterpriseId: z.uuid(),
      enterpriseName: z.string(),
      departmentId: z.uuid(),
      departmentName: z.string(),
      applicationId: z.uuid(),
      acceptedAt: z.string().nullable(),
    }),
  ),
});

export const IdParamsSchema = z.object({ id: z.uuid() });
