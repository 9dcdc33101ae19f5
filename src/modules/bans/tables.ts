import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../../db/schema.ts';

export type BanSubjectType = 'person' | 'unit';

/**
 * 禁入记录 (section 六(四)): an applicant or a reporting unit found to have falsified material may
 * not apply or take part in 特级技师 review for five years. Kept by the keyed hash of the identity
 * number (persons) or of the unified social credit code (units), so that the check works across
 * the whole jurisdiction without storing the number in clear.
 */
export const bans = pgTable(
  'bans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectType: text('subject_type').$type<BanSubjectType>().notNull(),
    /** For persons: the identity document type (part of the hash); for units `credit-code`. */
    idType: text('id_type').notNull(),
    /** lookupHash(idType, number): how every check finds the ban. */
    subjectLookupHash: text('subject_lookup_hash').notNull(),
    /** The number encrypted (personal-data key), for the record; never shown unmasked in lists. */
    subjectNumberEncrypted: text('subject_number_encrypted').notNull(),
    subjectNumberMasked: text('subject_number_masked').notNull(),
    subjectName: text('subject_name').notNull(),
    /** The finding the ban rests on (e.g. 申报材料弄虚作假，经核实…). */
    basis: text('basis').notNull(),
    /** First day of the ban ('YYYY-MM-DD'). */
    fromDate: text('from_date').notNull(),
    /** Last day of the ban, inclusive: five years after fromDate, less one day. */
    untilDate: text('until_date').notNull(),
    /** The year whose evaluation the subject lost the right to take part in. */
    yearDisqualified: integer('year_disqualified').notNull(),
    /** What the ban came from (e.g. `application`, `certificate`), for the record. */
    sourceType: text('source_type'),
    sourceId: uuid('source_id'),
    /** The organisation that recorded it: decides who may list it. */
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    organisationPath: text('organisation_path').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    index('bans_subject_idx').on(table.subjectLookupHash, table.untilDate),
    index('bans_path_idx').using('btree', table.organisationPath.op('text_pattern_ops')),
  ],
);
