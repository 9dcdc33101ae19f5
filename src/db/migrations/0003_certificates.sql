CREATE TABLE "certificate_fonts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"name" text NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificate_issue_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"enterprise_path" text NOT NULL,
	"plan_id" uuid,
	"issued_on" text NOT NULL,
	"status" text NOT NULL,
	"holder_count" integer NOT NULL,
	"holders_encrypted" text,
	"request_hash" text NOT NULL,
	"idempotency_key" text,
	"verify_base_url" text NOT NULL,
	"job_id" uuid,
	"print_file_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "certificate_serials" (
	"category" text NOT NULL,
	"institution_code" text NOT NULL,
	"province_code" text NOT NULL,
	"site_code" text NOT NULL,
	"year" integer NOT NULL,
	"level" text NOT NULL,
	"last_serial" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificate_serials_category_institution_code_province_code_site_code_year_level_pk" PRIMARY KEY("category","institution_code","province_code","site_code","year","level")
);
--> statement-breakpoint
CREATE TABLE "certificate_settings" (
	"enterprise_id" uuid PRIMARY KEY NOT NULL,
	"enterprise_path" text NOT NULL,
	"template" jsonb,
	"font_id" uuid,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"serial" integer NOT NULL,
	"year" integer NOT NULL,
	"level" text NOT NULL,
	"institution" jsonb NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"enterprise_path" text NOT NULL,
	"issuer_name" text NOT NULL,
	"batch_id" uuid,
	"plan_id" uuid,
	"application_id" uuid,
	"issued_on" text NOT NULL,
	"holder_name" text NOT NULL,
	"id_type" text NOT NULL,
	"id_number_encrypted" text NOT NULL,
	"id_number_lookup" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"gender" text NOT NULL,
	"birth_date" text NOT NULL,
	"photo_file_id" uuid,
	"occupation_code" text NOT NULL,
	"occupation_name" text NOT NULL,
	"trade" text NOT NULL,
	"print_serial" text,
	"verify_base_url" text NOT NULL,
	"template" jsonb NOT NULL,
	"font_id" uuid,
	"status" text DEFAULT 'valid' NOT NULL,
	"revoked_on" text,
	"revocation_reason" text,
	"revocation_basis" text,
	"upload_status" text DEFAULT 'pending' NOT NULL,
	"upload_failure_reason" text,
	"reported_at" timestamp with time zone,
	"issued_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "national_upload_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"enterprise_path" text NOT NULL,
	"mode" text NOT NULL,
	"status" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"item_count" integer NOT NULL,
	"endpoint" text,
	"response" jsonb,
	"job_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "national_upload_items" (
	"batch_id" uuid NOT NULL,
	"certificate_id" uuid NOT NULL,
	"sent_status" text NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "national_upload_items_batch_id_certificate_id_pk" PRIMARY KEY("batch_id","certificate_id")
);
--> statement-breakpoint
ALTER TABLE "certificate_fonts" ADD CONSTRAINT "certificate_fonts_enterprise_id_organisations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_issue_batches" ADD CONSTRAINT "certificate_issue_batches_enterprise_id_organisations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_issue_batches" ADD CONSTRAINT "certificate_issue_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_settings" ADD CONSTRAINT "certificate_settings_enterprise_id_organisations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_enterprise_id_organisations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_batch_id_certificate_issue_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."certificate_issue_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_upload_batches" ADD CONSTRAINT "national_upload_batches_enterprise_id_organisations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_upload_batches" ADD CONSTRAINT "national_upload_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_upload_items" ADD CONSTRAINT "national_upload_items_batch_id_national_upload_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."national_upload_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "national_upload_items" ADD CONSTRAINT "national_upload_items_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certificate_fonts_enterprise_idx" ON "certificate_fonts" USING btree ("enterprise_id");--> statement-breakpoint
CREATE UNIQUE INDEX "certificate_issue_batches_idempotency_idx" ON "certificate_issue_batches" USING btree ("enterprise_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "certificate_issue_batches_path_idx" ON "certificate_issue_batches" USING btree ("enterprise_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_code_idx" ON "certificates" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_application_idx" ON "certificates" USING btree ("application_id") WHERE "certificates"."application_id" is not null;--> statement-breakpoint
CREATE INDEX "certificates_path_idx" ON "certificates" USING btree ("enterprise_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "certificates_lookup_idx" ON "certificates" USING btree ("id_number_lookup");--> statement-breakpoint
CREATE INDEX "certificates_batch_idx" ON "certificates" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "certificates_upload_idx" ON "certificates" USING btree ("enterprise_id","upload_status");--> statement-breakpoint
CREATE INDEX "national_upload_batches_path_idx" ON "national_upload_batches" USING btree ("enterprise_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "national_upload_items_certificate_idx" ON "national_upload_items" USING btree ("certificate_id");