import { z } from 'zod';
import { OrganisationSchema } from '../organisations/schemas.ts';
import { roleSchema } from '../users/schemas.ts';
import { permissions } from '../../platform/policy.ts';

export const LoginSchema = z
  .object({
    username: z.string().trim().min(1).max(100),
    password: z.string().min(1).max(200),
  })
  .strict();

export const PasswordChangeSchema = z
  .object({
    currentPassword: z.string().min(1).max(200),
    newPassword: z.string().min(1).max(200),
  })
  .strict();

export const MeSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  mustChangePassword: z.boolean(),
  roles: z.array(roleSchema),
  organisation: OrganisationSchema,
  permissions: z.array(z.enum(permissions)),
});
export type MeDto = z.infer<typeof MeSchema>;

export const LoginResultSchema = z.object({ user: MeSchema });
