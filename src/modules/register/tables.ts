import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../../db/schema.ts';
import { clockNow } from '../../platform/clock.ts';

/** The columns an employee row and a staged import row share. */
const employeeColumns = () => ({
  organisationId: uuid('organisation_id')
    .notNull()
    .references(() => organisations.id),
  organisationPath: text('organisation_path').notNull(),
  name: text('name').notNull(),
  idType: text('id_type').notNull(),
  /** The identity number, encrypted with the personal-data key. */
  idNumberEncrypted: text('id_number_encrypted').notNull(),
  /** lookupHash(idType, number): finds the person again (bans, applications, user matching). */
  idLookupHash: text('id_lookup_hash').notNull(),
  /** maskIdNumber(number), for lists. */
  idNumberMasked: text('id_number_masked').notNull(),
  gender: text('gender').$type<'male' | 'female'>().notNull(),
  birthDate: text('birth_date').notNull(),
  department: text('department'),
  /** 岗位: with the department, what HR confirms front-line work (三's lead-in) from. */
  post: text('post'),
  occupationCode: text('occupation_code').notNull(),
  /** The 高级技师 certificate: a 22-character skill level code or a 16-digit qualification number. */
  certificateNumber: text('certificate_number').notNull(),
  certificateKind: text('certificate_kind').$type<'skill-level' | 'vocational-qualification'>().notNull(),
  certificateDate: text('certificate_date').notNull(),
  /** The day the 高级技师 post began. */
  postSince: text('post_since').notNull(),
  stillInOccupation: boolean('still_in_occupation').notNull(),
  /** Priority conditions (honours) by id: china-skills-award, … */
  honours: text('honours').array().notNull(),
});

/**
 * 职工名册: an enterprise's register of its 高级技师 employees, kept by HR (imported from the
 * Excel template). One row per person per enterprise (by the lookup hash of the ID number).
 */
export const employees = pgTable(
  'employees',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...employeeColumns(),
    /** The user account of this employee, once created from the row or matched by ID number. */
    userId: uuid('user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow).$onUpdateFn(clockNow),
  },
  (table) => [
    uniqueIndex('employees_person_idx').on(table.organisationId, table.idLookupHash),
    uniqueIndex('employees_user_idx').on(table.userId),
    index('employees_path_idx').using('btree', table.organisationPath.op('text_pattern_ops')),
    index('employees_hash_idx').on(table.idLookupHash),
  ],
);

/**
 * Rows of an import being written: staged in batches by the import job, then merged into
 * `employees` by one statement, so that an import lands whole or not at all.
 */
export const employeeImportRows = pgTable(
  'employee_import_rows',
  {
    jobId: uuid('job_id').notNull(),
    rowNumber: integer('row_number').notNull(),
    ...employeeColumns(),
  },
  (table) => [uniqueIndex('employee_import_rows_idx').on(table.jobId, table.rowNumber)],
);
