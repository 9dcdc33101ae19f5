import { z } from 'zod';
import { PRIORITY_CONDITION_IDS } from '../../domain/eligibility.ts';

export const EmployeeSchema = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  name: z.string(),
  idType: z.string(),
  /** Masked (first 6 and last 4 characters at most). */
  idNumberMasked: z.string(),
  gender: z.enum(['male', 'female']),
  birthDate: z.string(),
  department: z.string().nullable(),
  post: z.string().nullable(),
  occupationCode: z.string(),
  occupationName: z.string().nullable(),
  certificateNumber: z.string(),
  certificateKind: z.enum(['skill-level', 'vocational-qualification']),
  certificateDate: z.string(),
  postSince: z.string(),
  stillInOccupation: z.boolean(),
  honours: z.array(z.enum(PRIORITY_CONDITION_IDS)),
  user: z.object({ id: z.uuid(), username: z.string() }).nullable(),
  updatedAt: z.string(),
});
export type EmployeeDto = z.infer<typeof EmployeeSchema>;

export const EmployeeListQuerySchema = z.object({
  enterpriseId: z.uuid().optional(),
  /** Name (part of it), department, or a whole ID number. */
  q: z.string().max(50).optional(),
  occupationCode: z.string().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export type EmployeeListQuery = z.infer<typeof EmployeeListQuerySchema>;

export const EmployeeListSchema = z.object({ items: z.array(EmployeeSchema), total: z.number().int() });

export const EmployeeIdParamsSchema = z.object({ id: z.uuid() });

export const RegisterExportReqSchema = z
  .object({
    /** The file format asked for (the register's Excel template). */
    format: z.literal('xlsx'),
    enterpriseId: z.uuid().optional(),
  })
  .strict();
export type RegisterExportReq = z.infer<typeof RegisterExportReqSchema>;

export const EmployeeUserReqSchema = z
  .object({
    username: z
      .string()
      .trim()
      .min(3)
      .max(50)
      .regex(/^[A-Za-z0-9._-]+$/),
    /** Without it, a one-time password is generated and returned once. */
    password: z.string().min(10).max(200).optional(),
  })
  .strict();
export type EmployeeUserReq = z.infer<typeof EmployeeUserReqSchema>;

export const EmployeeUserSchema = z.object({
  employee: EmployeeSchema,
  user: z.object({ id: z.uuid(), username: z.string() }),
  initialPassword: z.string().optional(),
});

const TextSchema = z.object({ 'zh-CN': z.string(), en: z.string() });

export const RegisterRowIssueSchema = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  code: z.string(),
  message: TextSchema,
  /** A warning keeps the row (e.g. an older certificate number HR will check); an error refuses the file. */
  severity: z.enum(['error', 'warning']).optional(),
});

/** The result of a register import job (GET /jobs/:id → result). */
export const RegisterImportResultSchema = z.object({
  outcome: z.enum(['imported', 'rejected']),
  rows: z.number().int(),
  created: z.number().int().optional(),
  updated: z.number().int().optional(),
  errorCount: z.number().int().optional(),
  /** Rows imported with a note (an older certificate number for HR to check): the count and the first ones. */
  warningCount: z.number().int().optional(),
  warnings: z.array(RegisterRowIssueSchema).optional(),
  /** The errors of the lowest rows, at most 1,000 (the report file lists the same); errorCount counts them all. */
  errors: z.array(RegisterRowIssueSchema).optional(),
  /** Errors counted but not listed (beyond the first 1,000). */
  errorsNotListed: z.number().int().optional(),
  reportFileId: z.string().nullable().optional(),
});
export type RegisterImportResult = z.infer<typeof RegisterImportResultSchema>;

export const JobStartedSchema = z.object({
  job: z.object({
    id: z.uuid(),
    kind: z.string(),
    status: z.string(),
    progress: z.object({ done: z.number(), total: z.number().nullable() }),
  }),
});
