CREATE TABLE "file_blob_chunks" (
	"blob_name" text NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "file_blob_chunks_blob_name_seq_pk" PRIMARY KEY("blob_name","seq")
);
--> statement-breakpoint
CREATE TABLE "file_blobs" (
	"name" text PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"chunks" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "mac" text;--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "blob_name" text;--> statement-breakpoint
CREATE INDEX "files_blob_name_idx" ON "files" USING btree ("blob_name");--> statement-breakpoint
-- Encrypted bytes do not compress: stored out of line without PostgreSQL trying to.
ALTER TABLE "file_blob_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL;
