CREATE TABLE "application_fact_corrections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"condition_ids" text[] NOT NULL,
	"before" jsonb NOT NULL,
	"after" jsonb NOT NULL,
	"note" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"corrector_id" uuid,
	"corrector_name" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "employee_import_rows" ADD COLUMN "post" text;--> statement-breakpoint
ALTER TABLE "employees" ADD COLUMN "post" text;--> statement-breakpoint
ALTER TABLE "application_fact_corrections" ADD CONSTRAINT "application_fact_corrections_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "application_fact_corrections_idx" ON "application_fact_corrections" USING btree ("application_id","at");