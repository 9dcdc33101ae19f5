CREATE TABLE "re_review_holders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"enterprise_path" text NOT NULL,
	"source_row" integer NOT NULL,
	"previous_evaluation" text,
	"name" text NOT NULL,
	"id_type" text NOT NULL,
	"id_number_encrypted" text NOT NULL,
	"id_number_lookup" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"gender" text NOT NULL,
	"birth_date" text NOT NULL,
	"occupation_code" text NOT NULL,
	"occupation_name" text NOT NULL,
	"trade" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decision_reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"certificate_id" uuid,
	"imported_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "re_review_holders" ADD CONSTRAINT "re_review_holders_enterprise_id_organisations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "re_review_holders" ADD CONSTRAINT "re_review_holders_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "re_review_holders" ADD CONSTRAINT "re_review_holders_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "re_review_holders" ADD CONSTRAINT "re_review_holders_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "re_review_holders_person_idx" ON "re_review_holders" USING btree ("plan_id","id_number_lookup","occupation_code");--> statement-breakpoint
CREATE INDEX "re_review_holders_path_idx" ON "re_review_holders" USING btree ("enterprise_path" text_pattern_ops);