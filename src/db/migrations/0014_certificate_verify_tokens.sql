-- Certificates issued before tokens existed get one each (122 random bits of gen_random_uuid, in
-- core PostgreSQL since 13 and in PGlite); their printed QR codes carry the code alone and show the
-- code-only answer until reprinted.
ALTER TABLE "certificates" ADD COLUMN "verify_token" text;--> statement-breakpoint
UPDATE "certificates" SET "verify_token" = replace(gen_random_uuid()::text, '-', '');--> statement-breakpoint
ALTER TABLE "certificates" ALTER COLUMN "verify_token" SET NOT NULL;
