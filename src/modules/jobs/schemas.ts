import { z } from 'zod';

export const JobIdParamsSchema = z.object({ id: z.uuid() }).strict();

const localisedText = z.object({ 'zh-CN': z.string(), en: z.string() });

export const JobSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  progress: z.object({ done: z.number().int(), total: z.number().int().nullable() }),
  result: z.unknown(),
  error: z.object({ code: z.string(), messages: localisedText }).nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type JobResponse = z.infer<typeof JobSchema>;
