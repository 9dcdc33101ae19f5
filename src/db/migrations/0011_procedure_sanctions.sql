CREATE TABLE "ban_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ban_id" uuid NOT NULL,
	"act" text NOT NULL,
	"reason" text NOT NULL,
	"before" jsonb NOT NULL,
	"after" jsonb NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"organisation_name" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suspensions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"enterprise_path" text NOT NULL,
	"enterprise_name" text NOT NULL,
	"from_date" text NOT NULL,
	"until_date" text NOT NULL,
	"findings" text NOT NULL,
	"evidence_file_ids" uuid[] NOT NULL,
	"status" text DEFAULT 'effective' NOT NULL,
	"source_type" text NOT NULL,
	"source_id" uuid,
	"decided_by_id" uuid NOT NULL,
	"decided_by_name" text NOT NULL,
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lifted_on" text,
	"lift_reason" text,
	"lifted_by" uuid,
	"lifted_by_name" text
);
--> statement-breakpoint
CREATE TABLE "fraud_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid,
	"certificate_id" uuid,
	"from_status" text,
	"stage" text NOT NULL,
	"finder" text NOT NULL,
	"subject_name" text NOT NULL,
	"subject_number_masked" text NOT NULL,
	"year" integer NOT NULL,
	"findings" text NOT NULL,
	"evidence_file_ids" uuid[] NOT NULL,
	"ban_id" uuid NOT NULL,
	"certificate_revoked" boolean DEFAULT false NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"enterprise_path" text NOT NULL,
	"found_by" uuid,
	"found_by_name" text NOT NULL,
	"found_by_organisation_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "basis" text DEFAULT 'unrecorded' NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "basis_notice_id" uuid;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "re_review_holder_id" uuid;--> statement-breakpoint
ALTER TABLE "bans" ADD COLUMN "status" text DEFAULT 'effective' NOT NULL;--> statement-breakpoint
ALTER TABLE "bans" ADD COLUMN "lifted_on" text;--> statement-breakpoint
ALTER TABLE "bans" ADD COLUMN "lift_reason" text;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "cancelled_by" uuid;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "ban_changes" ADD CONSTRAINT "ban_changes_ban_id_bans_id_fk" FOREIGN KEY ("ban_id") REFERENCES "public"."bans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspensions" ADD CONSTRAINT "suspensions_enterprise_id_organisations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fraud_findings" ADD CONSTRAINT "fraud_findings_enterprise_id_organisations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ban_changes_ban_idx" ON "ban_changes" USING btree ("ban_id","at");--> statement-breakpoint
CREATE INDEX "suspensions_path_idx" ON "suspensions" USING btree ("enterprise_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "suspensions_until_idx" ON "suspensions" USING btree ("until_date");--> statement-breakpoint
CREATE INDEX "fraud_findings_application_idx" ON "fraud_findings" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "fraud_findings_certificate_idx" ON "fraud_findings" USING btree ("certificate_id");--> statement-breakpoint
CREATE INDEX "fraud_findings_path_idx" ON "fraud_findings" USING btree ("enterprise_path" text_pattern_ops);--> statement-breakpoint
-- Existing certificates get the basis they rest on, where the records show it: an application on a
-- confirmed notice → the confirmed list of that notice; a 复核确认 holder → re-review. The others
-- (issued from a free list before the basis was recorded) stay 'unrecorded'.
UPDATE "certificates" c SET "basis" = 'confirmed-list', "basis_notice_id" = (
	SELECT n."id" FROM "notice_candidates" nc JOIN "notices" n ON n."id" = nc."notice_id"
	WHERE nc."application_id" = c."application_id" AND nc."status" = 'confirmed' AND n."status" = 'confirmed'
	ORDER BY n."confirmed_at" DESC NULLS LAST LIMIT 1
) WHERE c."application_id" IS NOT NULL;--> statement-breakpoint
UPDATE "certificates" c SET "basis" = 're-review', "re_review_holder_id" = r."id"
FROM "re_review_holders" r WHERE r."certificate_id" = c."id";
