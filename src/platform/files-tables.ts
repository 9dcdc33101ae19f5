import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../db/schema.ts';

/**
 * Uploaded and generated files. The bytes live on disk under `config.filesDir`, named by their
 * SHA-256 (`ab/cd/<sha256>`), so that the same bytes stored twice share one blob; each row is one
 * upload of them with its own name, owner and organisation (which decides who may read it).
 */
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    /** Decided from the content (magic bytes), never from the name or the client's header. */
    mediaType: text('media_type').notNull(),
    /** The client's file name, sanitised: no path, no control characters, bounded length. */
    name: text('name').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    organisationPath: text('organisation_path').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    index('files_sha256_idx').on(table.sha256),
    index('files_org_path_idx').using('btree', table.organisationPath.op('text_pattern_ops')),
    index('files_uploaded_by_idx').on(table.uploadedBy),
  ],
);
