ALTER TABLE "re_review_holders" ADD COLUMN "checked_facts" jsonb;--> statement-breakpoint
ALTER TABLE "re_review_holders" ADD COLUMN "check_evidence" jsonb;--> statement-breakpoint
ALTER TABLE "re_review_holders" ADD COLUMN "check_result" jsonb;--> statement-breakpoint
ALTER TABLE "re_review_holders" ADD COLUMN "checked_by" uuid;--> statement-breakpoint
ALTER TABLE "re_review_holders" ADD COLUMN "checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "re_review_holders" ADD CONSTRAINT "re_review_holders_checked_by_users_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;