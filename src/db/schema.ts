import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { clockNow } from '../platform/clock.ts';

/** Times are UTC instants; rule dates (working days, years in post) are 'YYYY-MM-DD' text. */
const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow);
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow).$onUpdateFn(clockNow);

export type OrganisationKind = 'ministry' | 'department' | 'enterprise' | 'evaluation-body';
export type DepartmentType = 'provincial' | 'state-council' | 'central-enterprise' | 'xpcc';
export type EvaluationBodyType = 'internal' | 'industry';

export interface FilingSettings {
  /** Filed (备案) for vocational skill level recognition. */
  filed: boolean;
  level: 'national' | 'provincial' | null;
  authority: string | null;
  number: string | null;
}

export interface InstitutionSettings {
  category: 'Y' | 'S';
  institutionCode: string;
  provinceCode: string;
  siteCode: string;
}

/**
 * The organisation tree. `path` is the chain of ids from the root, '/a/b/c/', so that
 * "this organisation and every one below it" is one indexed prefix match.
 */
export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    parentId: uuid('parent_id').references((): AnyPgColumn => organisations.id),
    path: text('path').notNull(),
    kind: text('kind').$type<OrganisationKind>().notNull(),
    name: text('name').notNull(),
    departmentType: text('department_type').$type<DepartmentType>(),
    provinceCode: text('province_code'),
    creditCode: text('credit_code'),
    bodyType: text('body_type').$type<EvaluationBodyType>(),
    filing: jsonb('filing').$type<FilingSettings>(),
    institution: jsonb('institution').$type<InstitutionSettings>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index('organisations_path_idx').using('btree', table.path.op('text_pattern_ops')),
    index('organisations_parent_idx').on(table.parentId),
    uniqueIndex('organisations_credit_code_idx').on(table.creditCode),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    disabled: boolean('disabled').notNull().default(false),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    /**
     * Failed log-ins in a row since the last successful one, counted before the password is checked
     * (src/modules/auth/login.ts): from LOGIN_MAX_FAILURES on, each one locks the account for twice
     * as long as the one before, up to LOGIN_LOCK_MINUTES.
     */
    failedLogins: integer('failed_logins').notNull().default(0),
    /** The last failed log-in: a count whose last failure is older than a day starts again from nothing. */
    lastFailedLoginAt: timestamp('last_failed_login_at', { withTimezone: true, mode: 'date' }),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    /**
     * When the password stops working: set for a one-time password (generated, or set by an
     * administrator), null for a password the user chose.
     */
    passwordExpiresAt: timestamp('password_expires_at', { withTimezone: true, mode: 'date' }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('users_username_idx').on(sql`lower(${table.username})`),
    index('users_organisation_idx').on(table.organisationId),
  ],
);

/** Server-side sessions: the cookie carries a random token; only its SHA-256 is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    /** The idle limit: moved on while the session is used (SESSION_TTL_HOURS), never past `absoluteExpiresAt`. */
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The session ends then however busy it is (SESSION_ABSOLUTE_HOURS after the log-in). */
    absoluteExpiresAt: timestamp('absolute_expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('sessions_user_idx').on(table.userId), index('sessions_expires_idx').on(table.expiresAt)],
);

/**
 * The append-only audit log. Each entry carries the SHA-256 of the one before (`prevHash`) and its
 * own (`hash`), so that editing or deleting a row breaks the chain.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull().unique(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    organisationId: uuid('organisation_id'),
    organisationPath: text('organisation_path'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /**
     * The keyed chain: HMAC-SHA256 under the audit key (derived from the personal data key, never in
     * the database) of the previous entry's `mac` and this entry's `hash`. Null only on entries
     * written before the keyed chain, until the one-time re-keying (platform/audit.ts) fills them.
     */
    mac: text('mac'),
  },
  (table) => [
    index('audit_log_org_path_idx').using('btree', table.organisationPath.op('text_pattern_ops')),
    index('audit_log_action_idx').on(table.action),
    index('audit_log_actor_idx').on(table.actorId),
    index('audit_log_target_idx').on(table.targetType, table.targetId),
  ],
);

/** System settings kept in the database so that every app process shares them. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
});

/** The State Council's calendar of a year: public holidays and weekend days made working days. */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  holidays: text('holidays').array().notNull(),
  workdays: text('workdays').array().notNull(),
  /** Where it comes from (CALENDAR_SOURCES): chinese-days, state-council-notice, file, manual. */
  source: text('source').notNull(),
  /** What exactly: the package version, the notice's title and document number, the file's name. */
  sourceDetail: text('source_detail'),
  loadedAt: timestamp('loaded_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
  /** The user who loaded it; null for the system (first start) and the command line. */
  loadedBy: uuid('loaded_by'),
});

// Tables of the capability modules live beside their module (src/modules/<capability>/tables.ts)
// and are re-exported here, so that Drizzle and drizzle-kit see one schema.
export * from '../platform/files-tables.ts';
export * from '../platform/jobs-tables.ts';
export * from '../platform/rate-limit-tables.ts';
export * from '../modules/occupations/tables.ts';
export * from '../modules/pilots/tables.ts';
export * from '../modules/plans/tables.ts';
export * from '../modules/certificates/tables.ts';
export * from '../modules/notifications/tables.ts';
export * from '../modules/bans/tables.ts';
export * from '../modules/register/tables.ts';
export * from '../modules/applications/tables.ts';
export * from '../modules/review/tables.ts';
export * from '../modules/appointments/tables.ts';
export * from '../modules/notices/tables.ts';
export * from '../modules/fraud/tables.ts';
export * from '../modules/signing/tables.ts';
export * from '../modules/evidence/tables.ts';
export * from '../modules/statistics/tables.ts';
