ALTER TABLE "national_upload_batches" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "national_upload_batches" ADD COLUMN "request_hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "national_upload_batches_idempotency_idx" ON "national_upload_batches" USING btree ("enterprise_id","idempotency_key");