import { z } from 'zod';
import { EVALUATION_MODELS } from '../../domain/jurisdiction-rules.ts';
import { FIRST_PILOT_YEAR, LAST_PILOT_YEAR } from '../../domain/pilot-rules.ts';
import { departmentTypeSchema, filingSchema } from '../organisations/schemas.ts';

export type PilotApplicationStatus = 'draft' | 'submitted' | 'accepted' | 'returned';
export const pilotApplicationStatusSchema = z.enum(['draft', 'submitted', 'accepted', 'returned']);

const year = z.coerce.number().int().min(FIRST_PILOT_YEAR).max(LAST_PILOT_YEAR);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const localised = z.object({ 'zh-CN': z.string(), en: z.string() });
const optionalText = (max: number) => z.string().trim().max(max).nullish();

// ------------------------------------------------------------------------ jurisdiction settings

export const evaluationModelSchema = z.enum(EVALUATION_MODELS);
const fraction = z.object({ numerator: z.number().int().min(1).max(1000), denominator: z.number().int().min(1).max(1000) }).strict();

const committeeLimitsSchema = z.object({
  minimumSize: z.number().int().nullable(),
  oddSizeRequired: z.boolean().nullable(),
  quorumFloor: fraction.nullable(),
  thresholdFloor: fraction.nullable(),
});

/** One jurisdiction's setting for a year: the ministry's (national) or a provincial department's (its area). */
export const JurisdictionSettingSchema = z.object({
  level: z.enum(['national', 'provincial']),
  organisationId: z.uuid(),
  organisationName: z.string(),
  year: z.number(),
  /** Null: the level above decides. */
  model: evaluationModelSchema.nullable(),
  deadline: z.string().nullable(),
  committee: committeeLimitsSchema,
  note: z.string().nullable(),
  updatedAt: z.string(),
});
export type JurisdictionSettingDto = z.infer<typeof JurisdictionSettingSchema>;

const setBy = z.string().nullable();
export const EffectiveSettingSchema = z.object({
  year: z.number(),
  model: evaluationModelSchema,
  modelName: localised,
  modelSource: z.enum(['default', 'national', 'provincial']),
  modelSetBy: setBy,
  deadline: z.string().nullable(),
  committee: committeeLimitsSchema,
  committeeSetBy: z.object({ minimumSize: setBy, oddSizeRequired: setBy, quorumFloor: setBy, thresholdFloor: setBy }),
  province: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});

export const JurisdictionSettingListSchema = z.object({
  today: z.string(),
  /** What the caller sets: national (the ministry), provincial (a provincial department), or nothing. */
  level: z.enum(['national', 'provincial']).nullable(),
  organisation: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  items: z.array(
    z.object({
      year: z.number(),
      national: JurisdictionSettingSchema.nullable(),
      /** The caller's province's own row. */
      provincial: JurisdictionSettingSchema.nullable(),
      /** What applies in the caller's own area. */
      effective: EffectiveSettingSchema,
      /** Whether the deadline that applies is still ahead (null without a deadline). */
      deadlineOpen: z.boolean().nullable(),
      /** For the ministry: every province's own row of the year. */
      provinces: z.array(JurisdictionSettingSchema),
    }),
  ),
});

export const JurisdictionSettingSetSchema = z
  .object({
    year,
    model: evaluationModelSchema.nullish(),
    deadline: date.nullish(),
    committee: z
      .object({
        minimumSize: z.number().int().min(1).max(99).nullish(),
        oddSizeRequired: z.boolean().nullish(),
        quorumFloor: fraction.nullish(),
        thresholdFloor: fraction.nullish(),
      })
      .strict()
      .optional(),
    note: optionalText(500),
  })
  .strict();
export type JurisdictionSettingSetReq = z.infer<typeof JurisdictionSettingSetSchema>;

/** A department's pilot filing for a year: the model that applies in its jurisdiction, the deadline, whether submitting is open. */
export const PilotDeadlineSchema = z.object({
  year: z.number(),
  model: evaluationModelSchema,
  /** The last day on which applications may be submitted (the jurisdiction's date); null when none is set. */
  deadline: z.string().nullable(),
  /** The body whose setting it is. */
  setBy: z.string().nullable(),
  /** Whether a pilot application may be submitted today: the model asks for one and the deadline has not passed. */
  open: z.boolean(),
});
export type PilotDeadlineDto = z.infer<typeof PilotDeadlineSchema>;

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

/** The accepting body amends an accepted list: the whole new list, and why. */
export const PilotAmendSchema = z.object({ enterpriseIds: z.array(z.uuid()).min(1).max(1000), reason: z.string().trim().min(2).max(2000) }).strict();
export type PilotAmendReq = z.infer<typeof PilotAmendSchema>;

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
  deadline: PilotDeadlineSchema,
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
