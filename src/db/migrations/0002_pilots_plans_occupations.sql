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
ALTER TABLE "pilot_application_enterprises" ADD CONSTRAINT "pilot_application_enterprises_application_id_pilot_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."pilot_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pilot_application_enterprises" ADD CONSTRAINT "pilot_application_enterprises_enterprise_id_organisations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pilot_application_history" ADD CONSTRAINT "pilot_application_history_application_id_pilot_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."pilot_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pilot_applications" ADD CONSTRAINT "pilot_applications_department_id_organisations_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_enterprise_id_organisations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_filed_with_id_organisations_id_fk" FOREIGN KEY ("filed_with_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "occupations_name_idx" ON "occupations" USING btree ("name");--> statement-breakpoint
CREATE INDEX "pilot_application_enterprises_enterprise_idx" ON "pilot_application_enterprises" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "pilot_application_history_application_idx" ON "pilot_application_history" USING btree ("application_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "pilot_applications_department_year_idx" ON "pilot_applications" USING btree ("department_id","year");--> statement-breakpoint
CREATE INDEX "pilot_applications_path_idx" ON "pilot_applications" USING btree ("department_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "pilot_applications_year_status_idx" ON "pilot_applications" USING btree ("year","status");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_versions_plan_version_idx" ON "plan_versions" USING btree ("plan_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "plans_enterprise_year_kind_idx" ON "plans" USING btree ("enterprise_id","year","kind");--> statement-breakpoint
CREATE INDEX "plans_path_idx" ON "plans" USING btree ("enterprise_path" text_pattern_ops);