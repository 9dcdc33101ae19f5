CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" jsonb NOT NULL,
	"body" jsonb NOT NULL,
	"link" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" text NOT NULL,
	"id_type" text NOT NULL,
	"subject_lookup_hash" text NOT NULL,
	"subject_number_encrypted" text NOT NULL,
	"subject_number_masked" text NOT NULL,
	"subject_name" text NOT NULL,
	"basis" text NOT NULL,
	"from_date" text NOT NULL,
	"until_date" text NOT NULL,
	"year_disqualified" integer NOT NULL,
	"source_type" text,
	"source_id" uuid,
	"organisation_id" uuid NOT NULL,
	"organisation_path" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employee_import_rows" (
	"job_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"organisation_id" uuid NOT NULL,
	"organisation_path" text NOT NULL,
	"name" text NOT NULL,
	"id_type" text NOT NULL,
	"id_number_encrypted" text NOT NULL,
	"id_lookup_hash" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"gender" text NOT NULL,
	"birth_date" text NOT NULL,
	"department" text,
	"occupation_code" text NOT NULL,
	"certificate_number" text NOT NULL,
	"certificate_kind" text NOT NULL,
	"certificate_date" text NOT NULL,
	"post_since" text NOT NULL,
	"still_in_occupation" boolean NOT NULL,
	"honours" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"organisation_path" text NOT NULL,
	"name" text NOT NULL,
	"id_type" text NOT NULL,
	"id_number_encrypted" text NOT NULL,
	"id_lookup_hash" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"gender" text NOT NULL,
	"birth_date" text NOT NULL,
	"department" text,
	"occupation_code" text NOT NULL,
	"certificate_number" text NOT NULL,
	"certificate_kind" text NOT NULL,
	"certificate_date" text NOT NULL,
	"post_since" text NOT NULL,
	"still_in_occupation" boolean NOT NULL,
	"honours" text[] NOT NULL,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application_condition_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"condition_id" text NOT NULL,
	"automatic_met" boolean NOT NULL,
	"decision" text NOT NULL,
	"met" boolean NOT NULL,
	"reason" text,
	"reviewer_id" uuid,
	"reviewer_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"act" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"version" integer,
	"comment" text,
	"actor_id" uuid,
	"actor_name" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application_handovers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"evaluation_body_id" uuid,
	"application_ids" uuid[] NOT NULL,
	"note" text,
	"handed_over_by" uuid,
	"handed_over_by_name" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"organisation_path" text NOT NULL,
	"user_id" uuid,
	"invited_by" uuid,
	"invited_by_name" text,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"id_type" text NOT NULL,
	"id_number_encrypted" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"content" jsonb NOT NULL,
	"eligibility" jsonb NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_by" uuid,
	"submitted_by_name" text
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"plan_enterprise_id" uuid NOT NULL,
	"plan_enterprise_path" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"organisation_path" text NOT NULL,
	"applicant_user_id" uuid,
	"employee_id" uuid,
	"name" text NOT NULL,
	"id_type" text NOT NULL,
	"id_number_encrypted" text NOT NULL,
	"id_lookup_hash" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"occupation_code" text,
	"status" text NOT NULL,
	"content" jsonb NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"current_version" integer DEFAULT 0 NOT NULL,
	"eligibility" jsonb,
	"priority" boolean DEFAULT false NOT NULL,
	"return_comment" text,
	"decision_reason" text,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bans" ADD CONSTRAINT "bans_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employee_import_rows" ADD CONSTRAINT "employee_import_rows_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employees" ADD CONSTRAINT "employees_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employees" ADD CONSTRAINT "employees_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_condition_reviews" ADD CONSTRAINT "application_condition_reviews_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_events" ADD CONSTRAINT "application_events_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_handovers" ADD CONSTRAINT "application_handovers_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_invitations" ADD CONSTRAINT "application_invitations_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_versions" ADD CONSTRAINT "application_versions_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("user_id") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE INDEX "bans_subject_idx" ON "bans" USING btree ("subject_lookup_hash","until_date");--> statement-breakpoint
CREATE INDEX "bans_path_idx" ON "bans" USING btree ("organisation_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "employee_import_rows_idx" ON "employee_import_rows" USING btree ("job_id","row_number");--> statement-breakpoint
CREATE UNIQUE INDEX "employees_person_idx" ON "employees" USING btree ("organisation_id","id_lookup_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "employees_user_idx" ON "employees" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "employees_path_idx" ON "employees" USING btree ("organisation_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "employees_name_idx" ON "employees" USING btree ("name");--> statement-breakpoint
CREATE INDEX "employees_hash_idx" ON "employees" USING btree ("id_lookup_hash");--> statement-breakpoint
CREATE INDEX "application_condition_reviews_idx" ON "application_condition_reviews" USING btree ("application_id","version","condition_id");--> statement-breakpoint
CREATE INDEX "application_events_idx" ON "application_events" USING btree ("application_id","at");--> statement-breakpoint
CREATE INDEX "application_handovers_plan_idx" ON "application_handovers" USING btree ("plan_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "application_invitations_idx" ON "application_invitations" USING btree ("plan_id","employee_id");--> statement-breakpoint
CREATE INDEX "application_invitations_user_idx" ON "application_invitations" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "application_versions_idx" ON "application_versions" USING btree ("application_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_plan_person_idx" ON "applications" USING btree ("plan_id","id_lookup_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_plan_user_idx" ON "applications" USING btree ("plan_id","applicant_user_id") WHERE "applications"."applicant_user_id" is not null;--> statement-breakpoint
CREATE INDEX "applications_plan_status_idx" ON "applications" USING btree ("plan_id","status");--> statement-breakpoint
CREATE INDEX "applications_path_idx" ON "applications" USING btree ("organisation_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "applications_user_idx" ON "applications" USING btree ("applicant_user_id");