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
ALTER TABLE "review_candidates" ADD CONSTRAINT "review_candidates_committee_id_review_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."review_committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_committees" ADD CONSTRAINT "review_committees_commission_id_review_commissions_id_fk" FOREIGN KEY ("commission_id") REFERENCES "public"."review_commissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_members" ADD CONSTRAINT "review_members_committee_id_review_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."review_committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_members" ADD CONSTRAINT "review_members_expert_id_review_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."review_experts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_recusals" ADD CONSTRAINT "review_recusals_committee_id_review_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."review_committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_results" ADD CONSTRAINT "review_results_committee_id_review_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."review_committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_scores" ADD CONSTRAINT "review_scores_committee_id_review_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."review_committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_votes" ADD CONSTRAINT "review_votes_committee_id_review_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."review_committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
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
CREATE UNIQUE INDEX "review_votes_idx" ON "review_votes" USING btree ("committee_id","application_id","expert_id");