import { z } from 'zod';

export const organisationKindSchema = z.enum(['ministry', 'department', 'enterprise', 'evaluation-body']);
export const departmentTypeSchema = z.enum(['provincial', 'state-council', 'central-enterprise', 'xpcc']);
export const bodyTypeSchema = z.enum(['internal', 'industry']);

export const filingSchema = z
  .object({
    filed: z.boolean(),
    level: z.enum(['national', 'provincial']).nullable().default(null),
    authority: z.string().trim().max(200).nullable().default(null),
    number: z.string().trim().max(100).nullable().default(null),
  })
  .strict();

export const institutionSchema = z
  .object({
    category: z.enum(['Y', 'S']),
    institutionCode: z.string().regex(/^\d{4}$/),
    provinceCode: z.string().regex(/^\d{2}$/),
    siteCode: z.string().regex(/^\d{6}$/),
  })
  .strict();

const name = z.string().trim().min(2).max(100);
const provinceCode = z.string().regex(/^\d{2}$/);
const creditCode = z.string().trim().toUpperCase().length(18);

export const OrganisationCreateSchema = z
  .object({
    parentId: z.uuid(),
    kind: organisationKindSchema,
    name,
    departmentType: departmentTypeSchema.nullish(),
    provinceCode: provinceCode.nullish(),
    creditCode: creditCode.nullish(),
    bodyType: bodyTypeSchema.nullish(),
    filing: filingSchema.nullish(),
    institution: institutionSchema.nullish(),
  })
  .strict();
export type OrganisationCreateReq = z.infer<typeof OrganisationCreateSchema>;

export const OrganisationUpdateSchema = z
  .object({
    name: name.optional(),
    departmentType: departmentTypeSchema.nullish(),
    provinceCode: provinceCode.nullish(),
    creditCode: creditCode.nullish(),
    bodyType: bodyTypeSchema.nullish(),
    filing: filingSchema.nullish(),
    institution: institutionSchema.nullish(),
  })
  .strict();
export type OrganisationUpdateReq = z.infer<typeof OrganisationUpdateSchema>;

export const OrganisationSchema = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  kind: organisationKindSchema,
  name: z.string(),
  departmentType: departmentTypeSchema.nullable(),
  provinceCode: z.string().nullable(),
  creditCode: z.string().nullable(),
  bodyType: bodyTypeSchema.nullable(),
  filing: filingSchema.nullable(),
  institution: institutionSchema.nullable(),
  createdAt: z.string(),
});
export type OrganisationDto = z.infer<typeof OrganisationSchema>;

export const OrganisationListSchema = z.object({ items: z.array(OrganisationSchema) });
export const IdParamsSchema = z.object({ id: z.uuid() });
