CREATE TABLE "signing_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"organisation_path" text NOT NULL,
	"kind" text NOT NULL,
	"kid" text NOT NULL,
	"algorithm" text NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"certificate_pem" text,
	"chain_pem" text,
	"certificate_sha256" text,
	"private_key_encrypted" text NOT NULL,
	"source" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"retired_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "qr_key_id" text;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "qr_signature" text;--> statement-breakpoint
ALTER TABLE "signing_keys" ADD CONSTRAINT "signing_keys_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "signing_keys_current_idx" ON "signing_keys" USING btree ("organisation_id","kind") WHERE "signing_keys"."retired_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "signing_keys_kid_idx" ON "signing_keys" USING btree ("kid");--> statement-breakpoint
CREATE INDEX "signing_keys_certificate_idx" ON "signing_keys" USING btree ("certificate_sha256");--> statement-breakpoint
CREATE INDEX "signing_keys_path_idx" ON "signing_keys" USING btree ("organisation_path" text_pattern_ops);