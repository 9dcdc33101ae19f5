import { z } from 'zod';

export const BanSchema = z.object({
  id: z.uuid(),
  subjectType: z.enum(['person', 'unit']),
  idType: z.string(),
  subjectName: z.string(),
  /** Masked: at most the first 6 and last 4 characters. */
  subjectNumberMasked: z.string(),
  basis: z.string(),
  fromDate: z.string(),
  untilDate: z.string(),
  yearDisqualified: z.number().int(),
  active: z.boolean(),
  sourceType: z.string().nullable(),
  sourceId: z.string().nullable(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  createdAt: z.string(),
});
export type BanDto = z.infer<typeof BanSchema>;

export const BanListQuerySchema = z.object({
  /** Only bans running today. */
  active: z.enum(['true', 'false']).optional(),
  q: z.string().max(50).optional(),
});
export type BanListQuery = z.infer<typeof BanListQuerySchema>;

export const BanListSchema = z.object({ items: z.array(BanSchema) });
