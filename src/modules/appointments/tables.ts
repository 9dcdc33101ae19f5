import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../../db/schema.ts';
import { clockNow } from '../../platform/clock.ts';

export type AppointmentStatus = 'drafted' | 'active' | 'renewed' | 'ended';
/** Why an appointment ended (退出机制, section 六(四)). */
export type ExitCategory = 'expired' | 'failed-assessment' | 'left' | 'retired' | 'violation' | 'fraud';
export type StudioEntryKind = 'member' | 'apprentice' | 'project' | 'research' | 'bid-evaluation';
export type ProjectCategory = 'technical-problem' | 'process-improvement' | 'invention';
export type TreatmentKind = 'pay' | 'health-leave' | 'residence' | 'housing' | 'medical' | 'education' | 'other';
/** 聘期: fixed term, or open-ended (无固定期限). */
export type TermKind = 'fixed' | 'open-ended';
/** One treatment an agreement grants (五(二)): its kind, and what the enterprise grants in its own words. */
export interface AgreementTreatment {
  kind: TreatmentKind;
  /** The kind's name for `other` (a free treatment); details for the others. */
  detail: string | null;
}
export type AssessmentKind = 'yearly' | 'end-of-term';
export type AssessmentResult = 'excellent' | 'qualified' | 'basically-qualified' | 'unqualified';

/** 聘任协议模板: one per enterprise; the built-in default applies until the enterprise saves its own. */
export const appointmentTemplates = pgTable('appointment_templates', {
  enterpriseId: uuid('enterprise_id')
    .primaryKey()
    .references(() => organisations.id),
  enterprisePath: text('enterprise_path').notNull(),
  body: text('body').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow).$onUpdateFn(clockNow),
});

/**
 * 聘任: one term of a certificate holder's appointment, with its agreement (the filled text as it
 * was generated, so the PDF is the same document at every download). Renewal opens a new row that
 * links the previous one.
 */
export const appointments = pgTable(
  'appointments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    certificateId: uuid('certificate_id').notNull(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => organisations.id),
    enterprisePath: text('enterprise_path').notNull(),
    holderName: text('holder_name').notNull(),
    certificateCode: text('certificate_code').notNull(),
    /** The term's number: 1 for the first appointment, 2 after the first renewal … */
    termNumber: integer('term_number').notNull(),
    previousId: uuid('previous_id'),
    post: text('post').notNull(),
    duties: text('duties').notNull(),
    /** Further treatment in the enterprise's words (optional beside the list). */
    treatment: text('treatment'),
    /** 五(二): the treatments the agreement grants, each of the notice's kinds or a free one, with its terms. */
    treatments: jsonb('treatments').$type<AgreementTreatment[]>().notNull().default([]),
    /** `fixed`: a term with an end; `open-ended` (无固定期限): no end date, no term-end reminder. */
    termKind: text('term_kind').$type<TermKind>().notNull().default('fixed'),
    termStart: text('term_start').notNull(),
    /** Null for an open-ended term. */
    termEnd: text('term_end'),
    status: text('status').$type<AppointmentStatus>().notNull(),
    agreementText: text('agreement_text').notNull(),
    signedOn: text('signed_on'),
    signedFileId: uuid('signed_file_id'),
    /** The day a reminder of the term's end was sent, so it is sent once. */
    reminderSentOn: text('reminder_sent_on'),
    endedOn: text('ended_on'),
    exitCategory: text('exit_category').$type<ExitCategory>(),
    exitReason: text('exit_reason'),
    exitEvidenceFileIds: jsonb('exit_evidence_file_ids').$type<string[]>(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow).$onUpdateFn(clockNow),
  },
  (table) => [
    index('appointments_path_idx').using('btree', table.enterprisePath.op('text_pattern_ops')),
    index('appointments_certificate_idx').on(table.certificateId),
    uniqueIndex('appointments_certificate_term_idx').on(table.certificateId, table.termNumber),
    index('appointments_term_end_idx').on(table.status, table.termEnd),
  ],
);

/**
 * 技能大师工作室 (section 五(一)): the studio a holder leads — members, apprentices and the levels
 * they reach, projects with results — and the holder's participation in research and bid evaluation.
 */
export const studioEntries = pgTable(
  'studio_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    certificateId: uuid('certificate_id').notNull(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => organisations.id),
    enterprisePath: text('enterprise_path').notNull(),
    kind: text('kind').$type<StudioEntryKind>().notNull(),
    /** A member's or apprentice's name; a project's or research/bid's title. */
    title: text('title').notNull(),
    /** A member's role; an apprentice's level reached; a project's category. */
    detail: text('detail'),
    projectCategory: text('project_category').$type<ProjectCategory>(),
    result: text('result'),
    onDate: text('on_date').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
  },
  (table) => [index('studio_entries_certificate_idx').on(table.certificateId), index('studio_entries_path_idx').using('btree', table.enterprisePath.op('text_pattern_ops'))],
);

/** 待遇落实 (section 五(二)): what the enterprise grants a holder, for the supervising department to see. */
export const treatmentRecords = pgTable(
  'treatment_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    certificateId: uuid('certificate_id').notNull(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => organisations.id),
    enterprisePath: text('enterprise_path').notNull(),
    kind: text('kind').$type<TreatmentKind>().notNull(),
    description: text('description').notNull(),
    grantedOn: text('granted_on').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
  },
  (table) => [index('treatment_records_certificate_idx').on(table.certificateId), index('treatment_records_path_idx').using('btree', table.enterprisePath.op('text_pattern_ops'))],
);

/** 考核: yearly and end-of-term assessments of an appointment. */
export const assessments = pgTable(
  'assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    certificateId: uuid('certificate_id').notNull(),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => organisations.id),
    enterprisePath: text('enterprise_path').notNull(),
    kind: text('kind').$type<AssessmentKind>().notNull(),
    year: integer('year').notNull(),
    result: text('result').$type<AssessmentResult>().notNull(),
    comment: text('comment'),
    assessedOn: text('assessed_on').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
  },
  (table) => [
    index('assessments_certificate_idx').on(table.certificateId),
    uniqueIndex('assessments_once_idx').on(table.appointmentId, table.kind, table.year),
  ],
);
