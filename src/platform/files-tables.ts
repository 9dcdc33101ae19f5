import { bigint, customType, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../db/schema.ts';
import { clockNow } from './clock.ts';

/**
 * Uploaded and generated files. Each row is one upload with its own name, owner and organisation
 * (which decides who may read it); the bytes are a blob, encrypted at rest (platform/file-crypto.ts)
 * and kept by the blob store of the installation (platform/blob-store.ts): on PGlite a folder
 * (`config.filesDir`), on PostgreSQL the `file_blobs` / `file_blob_chunks` tables. The same content
 * stored twice shares one blob (found through `sha256`, the hash of the plaintext).
 */
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** SHA-256 of the content (the plaintext): the download's ETag, and how equal contents are found. */
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
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
    /**
     * The encrypted blob in the installation's blob store (folder: the SHA-256 of the stored bytes;
     * database: a `file_blobs.name`). Null for a file stored in clear before encryption at rest,
     * whose blob is `filesDir/ab/cd/<sha256>` until the start-up conversion encrypts it.
     */
    blobName: text('blob_name'),
  },
  (table) => [
    index('files_sha256_idx').on(table.sha256),
    index('files_org_path_idx').using('btree', table.organisationPath.op('text_pattern_ops')),
    index('files_uploaded_by_idx').on(table.uploadedBy),
    index('files_blob_name_idx').on(table.blobName),
  ],
);

/** Raw bytes (PostgreSQL bytea). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * With DATABASE_URL: the encrypted blobs themselves, so that every app process reaches every file
 * and `pg_dump` holds them. A blob is written in the transaction of the file row that first needs it
 * and never changed afterwards; its row is written after its chunks (the chunks are read by `seq`).
 */
export const fileBlobs = pgTable('file_blobs', {
  name: text('name').primaryKey(),
  /** Stored (encrypted) bytes in all chunks. */
  size: bigint('size', { mode: 'number' }).notNull(),
  chunks: integer('chunks').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** The stored bytes of a blob in pieces of about 1 MiB, read one at a time when it is downloaded. */
export const fileBlobChunks = pgTable(
  'file_blob_chunks',
  {
    blobName: text('blob_name').notNull(),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (table) => [primaryKey({ columns: [table.blobName, table.seq] })],
);
