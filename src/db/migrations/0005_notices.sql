CREATE TABLE "appointment_templates" (
	"enterprise_id" uuid PRIMARY KEY NOT NULL,
	"enterprise_path" text NOT NULL,
	"body" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appointments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"certificate_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"enterprise_path" text NOT NULL,
	"holder_name" text NOT NULL,
	"certificate_code" text NOT NULL,
	"term_number" integer NOT NULL,
	"previous_id" uuid,
	"post" text NOT NULL,
	"duties" text NOT NULL,
	"treatment" text NOT NULL,
	"term_start" text NOT NULL,
	"term_end" text NOT NULL,
	"status" text NOT NULL,
	"agreement_text" text NOT NULL,
	"signed_on" text,
	"signed_file_id" uuid,
	"reminder_sent_on" text,
	"ended_on" text,
	"exit_category" text,
	"exit_reason" text,
	"exit_evidence_file_ids" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"certificate_id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"enterprise_path" text NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"result" text NOT NULL,
	"comment" text,
	"assessed_on" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "studio_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"certificate_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"enterprise_path" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"detail" text,
	"project_category" text,
	"result" text,
	"on_date" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "treatment_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"certificate_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"enterprise_path" text NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"granted_on" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_candidates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"notice_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"organisation_path" text NOT NULL,
	"unit_name" text NOT NULL,
	"department" text,
	"occupation_code" text,
	"occupation_name" text,
	"summary" text NOT NULL,
	"status" text DEFAULT 'in-notice' NOT NULL,
	"withdrawn_reason" text
);
--> statement-breakpoint
CREATE TABLE "notice_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"notice_id" uuid NOT NULL,
	"act" text NOT NULL,
	"candidate_id" uuid,
	"objection_id" uuid,
	"comment" text,
	"actor_id" uuid,
	"actor_name" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_objections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"notice_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"objector_user_id" uuid,
	"objector_name" text NOT NULL,
	"objector_contact" text NOT NULL,
	"content" text NOT NULL,
	"evidence_file_ids" uuid[] NOT NULL,
	"lookup_code_hash" text,
	"status" text DEFAULT 'open' NOT NULL,
	"investigation" text,
	"finding_reasons" text,
	"fraud" boolean DEFAULT false NOT NULL,
	"unit_fraud" boolean DEFAULT false NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decided_by_name" text,
	"raised_on" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"plan_title" text,
	"plan_year" integer NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"enterprise_path" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"start_date" text NOT NULL,
	"end_date" text NOT NULL,
	"working_days" integer NOT NULL,
	"contact" text NOT NULL,
	"public_token" text,
	"public_enabled" boolean DEFAULT false NOT NULL,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "appointment_templates" ADD CONSTRAINT "appointment_templates_enterprise_id_organisations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_templates" ADD CONSTRAINT "appointment_templates_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_enterprise_id_organisations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_enterprise_id_organisations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_entries" ADD CONSTRAINT "studio_entries_enterprise_id_organisations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_entries" ADD CONSTRAINT "studio_entries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_records" ADD CONSTRAINT "treatment_records_enterprise_id_organisations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_records" ADD CONSTRAINT "treatment_records_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_candidates" ADD CONSTRAINT "notice_candidates_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_events" ADD CONSTRAINT "notice_events_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_objections" ADD CONSTRAINT "notice_objections_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_objections" ADD CONSTRAINT "notice_objections_candidate_id_notice_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."notice_candidates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_enterprise_id_organisations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appointments_path_idx" ON "appointments" USING btree ("enterprise_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "appointments_certificate_idx" ON "appointments" USING btree ("certificate_id");--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_certificate_term_idx" ON "appointments" USING btree ("certificate_id","term_number");--> statement-breakpoint
CREATE INDEX "appointments_term_end_idx" ON "appointments" USING btree ("status","term_end");--> statement-breakpoint
CREATE INDEX "assessments_certificate_idx" ON "assessments" USING btree ("certificate_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessments_once_idx" ON "assessments" USING btree ("appointment_id","kind","year");--> statement-breakpoint
CREATE INDEX "studio_entries_certificate_idx" ON "studio_entries" USING btree ("certificate_id");--> statement-breakpoint
CREATE INDEX "studio_entries_path_idx" ON "studio_entries" USING btree ("enterprise_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "treatment_records_certificate_idx" ON "treatment_records" USING btree ("certificate_id");--> statement-breakpoint
CREATE INDEX "treatment_records_path_idx" ON "treatment_records" USING btree ("enterprise_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "notice_candidates_idx" ON "notice_candidates" USING btree ("notice_id","application_id");--> statement-breakpoint
CREATE INDEX "notice_candidates_application_idx" ON "notice_candidates" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "notice_events_idx" ON "notice_events" USING btree ("notice_id","at");--> statement-breakpoint
CREATE INDEX "notice_objections_notice_idx" ON "notice_objections" USING btree ("notice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notice_objections_lookup_idx" ON "notice_objections" USING btree ("lookup_code_hash");--> statement-breakpoint
CREATE INDEX "notices_plan_idx" ON "notices" USING btree ("plan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notices_public_token_idx" ON "notices" USING btree ("public_token");--> statement-breakpoint
CREATE INDEX "notices_path_idx" ON "notices" USING btree ("enterprise_path" text_pattern_ops);