CREATE TABLE "re_review_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"enterprise_path" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"start_date" text NOT NULL,
	"end_date" text NOT NULL,
	"working_days" integer NOT NULL,
	"contact" text NOT NULL,
	"holders" jsonb NOT NULL,
	"cancel_reason" text,
	"cancelled_by" uuid,
	"cancelled_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "re_review_holders" ADD COLUMN "notice_id" uuid;--> statement-breakpoint
ALTER TABLE "re_review_notices" ADD CONSTRAINT "re_review_notices_enterprise_id_organisations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "re_review_notices" ADD CONSTRAINT "re_review_notices_cancelled_by_users_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "re_review_notices" ADD CONSTRAINT "re_review_notices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "re_review_notices_plan_idx" ON "re_review_notices" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "re_review_notices_path_idx" ON "re_review_notices" USING btree ("enterprise_path" text_pattern_ops);--> statement-breakpoint
ALTER TABLE "re_review_holders" ADD CONSTRAINT "re_review_holders_notice_id_re_review_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."re_review_notices"("id") ON DELETE no action ON UPDATE no action;