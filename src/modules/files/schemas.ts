import { z } from 'zod';

export const FileIdParamsSchema = z.object({ id: z.uuid() }).strict();

export const FileDownloadQuerySchema = z
  .object({
    /** 1: show in the page (images and PDF only), instead of a download. */
    inline: z.enum(['0', '1', 'true', 'false']).optional(),
  })
  .strict();
export type FileDownloadQuery = z.infer<typeof FileDownloadQuerySchema>;

export const FileSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  size: z.number().int(),
  mediaType: z.string(),
  sha256: z.string(),
});
export type FileDto = z.infer<typeof FileSchema>;
