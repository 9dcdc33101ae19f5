import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { FraudFinder, FraudStage } from '../../domain/sanction-rules.ts';
import { organisations } from '../../db/schema.ts';
import { clockNow } from '../../platform/clock.ts';

/**
 * 取消本年度评审资格（弄虚作假）(section 六(四)): a finding that an applicant falsified material,
 * made at whatever step it came to light (screening, review, notice, after certification). The
 * same transaction voids the year's result (the application → disqualified), records the five-year
 * ban and, after certification, revokes the certificate. Never changed once written.
 */
export const fraudFindings = pgTable(
  'fraud_findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The application whose result is void (null for a certificate without one: 复核确认). */
    applicationId: uuid('application_id'),
    /** The certificate revoked with the finding, if there was a valid one. */
    certificateId: uuid('certificate_id'),
    /** The application's state when the fraud was found (its step: `stage`). */
    fromStatus: text('from_status'),
    stage: text('stage').$type<FraudStage | 'supervision'>().notNull(),
    finder: text('finder').$type<FraudFinder>().notNull(),
    subjectName: text('subject_name').notNull(),
    subjectNumberMasked: text('subject_number_masked').notNull(),
    year: integer('year').notNull(),
    findings: text('findings').notNull(),
    evidenceFileIds: uuid('evidence_file_ids').array().notNull(),
    banId: uuid('ban_id').notNull(),
    certificateRevoked: boolean('certificate_revoked').notNull().default(false),
    /** The enterprise whose evaluation it concerns (scope: its HR, the departments above it). */
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => organisations.id),
    enterprisePath: text('enterprise_path').notNull(),
    foundBy: uuid('found_by'),
    foundByName: text('found_by_name').notNull(),
    foundByOrganisationName: text('found_by_organisation_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
  },
  (table) => [
    index('fraud_findings_application_idx').on(table.applicationId),
    index('fraud_findings_certificate_idx').on(table.certificateId),
    index('fraud_findings_path_idx').using('btree', table.enterprisePath.op('text_pattern_ops')),
  ],
);
