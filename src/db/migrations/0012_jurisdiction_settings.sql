CREATE TABLE "jurisdiction_settings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"organisation_path" text NOT NULL,
	"level" text NOT NULL,
	"year" integer NOT NULL,
	"model" text,
	"deadline" text,
	"committee_minimum_size" integer,
	"committee_odd_required" boolean,
	"committee_quorum_floor" jsonb,
	"committee_threshold_floor" jsonb,
	"note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "appointments" ALTER COLUMN "treatment" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "appointments" ALTER COLUMN "term_end" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "filing_status" text;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "filing_decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "filing_decided_by" uuid;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "filing_decision_note" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "treatments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "term_kind" text DEFAULT 'fixed' NOT NULL;--> statement-breakpoint
ALTER TABLE "jurisdiction_settings" ADD CONSTRAINT "jurisdiction_settings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "jurisdiction_settings_organisation_year_idx" ON "jurisdiction_settings" USING btree ("organisation_id","year");--> statement-breakpoint
CREATE INDEX "jurisdiction_settings_year_idx" ON "jurisdiction_settings" USING btree ("year");
--> statement-breakpoint
-- Data: the years this installation ran under the 2021 model keep it. A year the ministry set a
-- deadline for, and a year that holds pilot applications (deadline 30 September, the old default),
-- becomes a national ministry-pilot-filing setting; any other year runs the new default.
-- This runs before pilot_years is dropped below.
INSERT INTO "jurisdiction_settings" ("organisation_id", "organisation_path", "level", "year", "model", "deadline", "note", "updated_at", "updated_by")
SELECT m."id", m."path", 'national', y."year", 'ministry-pilot-filing', y."deadline", y."note", y."updated_at", y."updated_by"
FROM "pilot_years" y CROSS JOIN (SELECT "id", "path" FROM "organisations" WHERE "kind" = 'ministry' AND "parent_id" IS NULL ORDER BY "created_at" LIMIT 1) m;
--> statement-breakpoint
INSERT INTO "jurisdiction_settings" ("organisation_id", "organisation_path", "level", "year", "model", "deadline", "note")
SELECT m."id", m."path", 'national', a."year", 'ministry-pilot-filing', a."year" || '-09-30', '2021年试点模式（迁移时按已有试点申请保留）'
FROM (SELECT DISTINCT "year" FROM "pilot_applications") a
CROSS JOIN (SELECT "id", "path" FROM "organisations" WHERE "kind" = 'ministry' AND "parent_id" IS NULL ORDER BY "created_at" LIMIT 1) m
WHERE NOT EXISTS (SELECT 1 FROM "pilot_years" y WHERE y."year" = a."year");
--> statement-breakpoint
-- Filings recorded before departments could answer them stand as submitted.
UPDATE "plans" SET "filing_status" = 'submitted' WHERE "filed_version" IS NOT NULL AND "filing_status" IS NULL;
--> statement-breakpoint
DROP TABLE "pilot_years" CASCADE;
