import { z } from 'zod';
import { roles } from '../../platform/policy.ts';

export const roleSchema = z.enum(roles);

export const UserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  roles: z.array(roleSchema),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  /** When the one-time password stops working (while one has to be changed), or null. */
  passwordExpiresAt: z.string().nullable(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserDto = z.infer<typeof UserSchema>;

export const UserListQuerySchema = z.object({ organisationId: z.uuid().optional() }).strict();
export const UserListSchema = z.object({ items: z.array(UserSchema) });

export const UserCreateSchema = z
  .object({
    organisationId: z.uuid(),
    username: z
      .string()
      .trim()
      .refine((value) => /^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/.test(value), {
        params: {
          messages: {
            'zh-CN': '用户名为 3–40 位字母、数字、点、下划线或连字符，以字母或数字开头',
            en: 'A user name has 3–40 letters, digits, dots, underscores or hyphens, starting with a letter or digit',
          },
        },
      }),
    displayName: z.string().trim().min(1).max(50),
    roles: z.array(roleSchema).min(1).max(4),
    password: z.string().min(1).max(200).optional(),
  })
  .strict();
export type UserCreateReq = z.infer<typeof UserCreateSchema>;

export const UserCreatedSchema = z.object({ user: UserSchema, initialPassword: z.string().optional() });

export const UserUpdateSchema = z
  .object({
    displayName: z.string().trim().min(1).max(50).optional(),
    roles: z.array(roleSchema).min(1).max(4).optional(),
    disabled: z.boolean().optional(),
  })
  .strict();
export type UserUpdateReq = z.infer<typeof UserUpdateSchema>;

export const PasswordResetSchema = z.object({
  initialPassword: z.string(),
  /** When the one-time password stops working if unused (ONE_TIME_PASSWORD_HOURS). */
  passwordExpiresAt: z.string(),
});
