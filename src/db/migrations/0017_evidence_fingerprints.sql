CREATE TABLE "certificate_credentials" (
	"certificate_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"status_index" integer NOT NULL,
	"key_id" uuid NOT NULL,
	"credential" jsonb NOT NULL,
	"issued_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificate_lookup_days" (
	"certificate_id" uuid NOT NULL,
	"day" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "certificate_lookup_days_certificate_id_day_pk" PRIMARY KEY("certificate_id","day")
);
--> statement-breakpoint
CREATE TABLE "certificate_verifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"certificate_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"organisation_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credential_status_lists" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"next_index" integer NOT NULL,
	"credential" jsonb,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_fingerprints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"applicant_key" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"organisation_path" text NOT NULL,
	"plan_enterprise_id" uuid NOT NULL,
	"plan_enterprise_path" text NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"field" text NOT NULL,
	"file_id" uuid,
	"display" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_flag_sides" (
	"flag_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"organisation_path" text NOT NULL,
	"plan_enterprise_id" uuid NOT NULL,
	"plan_enterprise_path" text NOT NULL,
	"field" text NOT NULL,
	"file_id" uuid,
	"file_name" text,
	"status" text NOT NULL,
	"note" text,
	"decided_by" uuid,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	CONSTRAINT "evidence_flag_sides_flag_id_application_id_pk" PRIMARY KEY("flag_id","application_id")
);
--> statement-breakpoint
CREATE TABLE "evidence_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"display" text NOT NULL,
	"first_application_id" uuid NOT NULL,
	"second_application_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "certificate_credentials" ADD CONSTRAINT "certificate_credentials_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_credentials" ADD CONSTRAINT "certificate_credentials_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_lookup_days" ADD CONSTRAINT "certificate_lookup_days_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_verifications" ADD CONSTRAINT "certificate_verifications_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_status_lists" ADD CONSTRAINT "credential_status_lists_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_flag_sides" ADD CONSTRAINT "evidence_flag_sides_flag_id_evidence_flags_id_fk" FOREIGN KEY ("flag_id") REFERENCES "public"."evidence_flags"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certificate_credentials_status_idx" ON "certificate_credentials" USING btree ("organisation_id","status_index");--> statement-breakpoint
CREATE INDEX "certificate_verifications_certificate_idx" ON "certificate_verifications" USING btree ("certificate_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_fingerprints_claim_idx" ON "evidence_fingerprints" USING btree ("application_id","kind","value");--> statement-breakpoint
CREATE INDEX "evidence_fingerprints_value_idx" ON "evidence_fingerprints" USING btree ("kind","value");--> statement-breakpoint
CREATE INDEX "evidence_flag_sides_application_idx" ON "evidence_flag_sides" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "evidence_flag_sides_org_path_idx" ON "evidence_flag_sides" USING btree ("organisation_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "evidence_flag_sides_plan_path_idx" ON "evidence_flag_sides" USING btree ("plan_enterprise_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_flags_pair_idx" ON "evidence_flags" USING btree ("kind","value","first_application_id","second_application_id");--> statement-breakpoint
CREATE INDEX "evidence_flags_created_idx" ON "evidence_flags" USING btree ("created_at");