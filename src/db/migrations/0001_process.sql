CREATE TABLE "files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"media_type" text NOT NULL,
	"name" text NOT NULL,
	"uploaded_by" uuid,
	"organisation_id" uuid NOT NULL,
	"organisation_path" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"payload_version" integer DEFAULT 1 NOT NULL,
	"payload" jsonb NOT NULL,
	"result" jsonb,
	"error" jsonb,
	"error_detail" text,
	"progress_done" integer DEFAULT 0 NOT NULL,
	"progress_total" integer,
	"created_by" uuid,
	"organisation_id" uuid NOT NULL,
	"organisation_path" text NOT NULL,
	"idempotency_key" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 3 NOT NULL,
	"lease_token" uuid,
	"runner" text,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "occupations" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"category" text,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pilot_application_enterprises" (
	"application_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	CONSTRAINT "pilot_application_enterprises_application_id_enterprise_id_pk" PRIMARY KEY("application_id","enterprise_id")
);
--> statement-breakpoint
CREATE TABLE "pilot_application_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"act" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "pilot_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"department_path" text NOT NULL,
	"year" integer NOT NULL,
	"status" text NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"contact_email" text,
	"remarks" text,
	"return_reason" text,
	"decision_note" text,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pilot_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"deadline" text NOT NULL,
	"note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "plan_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"names" jsonb NOT NULL,
	"change_note" text,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid,
	"published_by_name" text
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"enterprise_path" text NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"content" jsonb NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"current_version" integer DEFAULT 0 NOT NULL,
	"filed_with_id" uuid,
	"filed_at" timestamp with time zone,
	"filed_version" integer,
	"closed_at" timestamp with time zone,
	"close_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
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
CREATE TABLE "review_candidates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"committee_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"occupation_code" text NOT NULL,
	"department" text,
	"priority" boolean NOT NULL,
	"content" jsonb NOT NULL,
	"evidence_file_ids" uuid[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_commissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"enterprise_path" text NOT NULL,
	"body_id" uuid NOT NULL,
	"body_path" text NOT NULL,
	"plan_title" text,
	"enterprise_name" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_committees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commission_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	"body_path" text NOT NULL,
	"enterprise_path" text NOT NULL,
	"name" text NOT NULL,
	"occupation_codes" text[] NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"round_reason" text,
	"status" text NOT NULL,
	"rules" jsonb,
	"started_at" timestamp with time zone,
	"scoring_closed_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"closed_by_name" text,
	"minutes_file_id" uuid,
	"list_file_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_experts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"body_id" uuid NOT NULL,
	"body_path" text NOT NULL,
	"name" text NOT NULL,
	"occupation_code" text,
	"title" text,
	"organisation_name" text,
	"user_id" uuid,
	"id_type" text,
	"id_number_encrypted" text,
	"id_lookup_hash" text,
	"id_number_masked" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"committee_id" uuid NOT NULL,
	"expert_id" uuid NOT NULL,
	"is_chair" boolean DEFAULT false NOT NULL,
	"present" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_recusals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"committee_id" uuid NOT NULL,
	"expert_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"source" text NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"committee_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"name" text NOT NULL,
	"occupation_code" text NOT NULL,
	"priority" boolean NOT NULL,
	"score" double precision,
	"by_dimension" jsonb NOT NULL,
	"members" integer NOT NULL,
	"recused" integer NOT NULL,
	"present" integer NOT NULL,
	"approve" integer NOT NULL,
	"disapprove" integer NOT NULL,
	"abstain" integer NOT NULL,
	"quorum_met" boolean NOT NULL,
	"threshold_met" boolean NOT NULL,
	"rank" integer NOT NULL,
	"recommended" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"committee_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"expert_id" uuid NOT NULL,
	"scores" jsonb NOT NULL,
	"comment" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_votes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"committee_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"expert_id" uuid NOT NULL,
	"vote" text NOT NULL,
	"cast_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
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
ALTER TABLE "files" ADD CONSTRAINT "files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pilot_application_enterprises" ADD CONSTRAINT "pilot_application_enterprises_application_id_pilot_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."pilot_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pilot_application_enterprises" ADD CONSTRAINT "pilot_application_enterprises_enterprise_id_organisations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pilot_application_history" ADD CONSTRAINT "pilot_application_history_application_id_pilot_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."pilot_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pilot_applications" ADD CONSTRAINT "pilot_applications_department_id_organisations_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_enterprise_id_organisations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_filed_with_id_organisations_id_fk" FOREIGN KEY ("filed_with_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
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
ALTER TABLE "review_candidates" ADD CONSTRAINT "review_candidates_committee_id_review_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."review_committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_committees" ADD CONSTRAINT "review_committees_commission_id_review_commissions_id_fk" FOREIGN KEY ("commission_id") REFERENCES "public"."review_commissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_members" ADD CONSTRAINT "review_members_committee_id_review_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."review_committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_members" ADD CONSTRAINT "review_members_expert_id_review_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."review_experts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_recusals" ADD CONSTRAINT "review_recusals_committee_id_review_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."review_committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_results" ADD CONSTRAINT "review_results_committee_id_review_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."review_committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_scores" ADD CONSTRAINT "review_scores_committee_id_review_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."review_committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_votes" ADD CONSTRAINT "review_votes_committee_id_review_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."review_committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
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
CREATE INDEX "files_sha256_idx" ON "files" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "files_org_path_idx" ON "files" USING btree ("organisation_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "files_uploaded_by_idx" ON "files" USING btree ("uploaded_by");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_idempotency_idx" ON "jobs" USING btree ("kind","organisation_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "jobs_queue_idx" ON "jobs" USING btree ("run_after","created_at") WHERE "jobs"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "jobs_running_idx" ON "jobs" USING btree ("heartbeat_at") WHERE "jobs"."status" = 'running';--> statement-breakpoint
CREATE INDEX "jobs_org_path_idx" ON "jobs" USING btree ("organisation_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "occupations_name_idx" ON "occupations" USING btree ("name");--> statement-breakpoint
CREATE INDEX "pilot_application_enterprises_enterprise_idx" ON "pilot_application_enterprises" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "pilot_application_history_application_idx" ON "pilot_application_history" USING btree ("application_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "pilot_applications_department_year_idx" ON "pilot_applications" USING btree ("department_id","year");--> statement-breakpoint
CREATE INDEX "pilot_applications_path_idx" ON "pilot_applications" USING btree ("department_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "pilot_applications_year_status_idx" ON "pilot_applications" USING btree ("year","status");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_versions_plan_version_idx" ON "plan_versions" USING btree ("plan_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "plans_enterprise_year_kind_idx" ON "plans" USING btree ("enterprise_id","year","kind");--> statement-breakpoint
CREATE INDEX "plans_path_idx" ON "plans" USING btree ("enterprise_path" text_pattern_ops);--> statement-breakpoint
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
CREATE INDEX "national_upload_items_certificate_idx" ON "national_upload_items" USING btree ("certificate_id");--> statement-breakpoint
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
CREATE INDEX "applications_user_idx" ON "applications" USING btree ("applicant_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_candidates_idx" ON "review_candidates" USING btree ("committee_id","application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_commissions_plan_body_idx" ON "review_commissions" USING btree ("plan_id","body_id");--> statement-breakpoint
CREATE INDEX "review_commissions_body_idx" ON "review_commissions" USING btree ("body_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "review_committees_plan_idx" ON "review_committees" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "review_committees_body_idx" ON "review_committees" USING btree ("body_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "review_experts_body_idx" ON "review_experts" USING btree ("body_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "review_experts_user_idx" ON "review_experts" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_members_idx" ON "review_members" USING btree ("committee_id","expert_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_recusals_idx" ON "review_recusals" USING btree ("committee_id","expert_id","application_id","reason");--> statement-breakpoint
CREATE UNIQUE INDEX "review_results_idx" ON "review_results" USING btree ("committee_id","application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_scores_idx" ON "review_scores" USING btree ("committee_id","application_id","expert_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_votes_idx" ON "review_votes" USING btree ("committee_id","application_id","expert_id");--> statement-breakpoint
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