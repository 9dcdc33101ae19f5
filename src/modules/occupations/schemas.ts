import { z } from 'zod';

/** 职业编码: four parts (6-18-01-01), or five with a 工种 suffix (6-18-01-01-01). */
export const OCCUPATION_CODE_PATTERN = /^\d-\d{2}-\d{2}-\d{2}(-\d{2})?$/;

export const OccupationSchema = z.object({
  code: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  source: z.string(),
  updatedAt: z.string(),
});
export type OccupationDto = z.infer<typeof OccupationSchema>;

export const OccupationListQuerySchema = z
  .object({
    q: z.string().trim().max(100).optional(),
    /** Exact codes, comma-separated (the names of a plan's occupations). */
    codes: z.string().max(5000).optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();
export type OccupationListQuery = z.infer<typeof OccupationListQuerySchema>;

export const OccupationListSchema = z.object({ items: z.array(OccupationSchema), total: z.number() });

/** An uploaded catalogue file: its name (the extension says the format when the content does not) and bytes. */
export interface OccupationImportReq {
  fileName: string;
  bytes: Buffer;
}

/** The largest catalogue file accepted (the whole 大典 with its 工种 is well under 1 MB as CSV). */
export const CATALOGUE_IMPORT_MAX_BYTES = 20 * 1024 * 1024;

export const OccupationImportResultSchema = z.object({
  format: z.enum(['xlsx', 'csv', 'json']),
  total: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
});
export type OccupationImportResult = z.infer<typeof OccupationImportResultSchema>;
