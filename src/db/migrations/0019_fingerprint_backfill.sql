-- Evidence fingerprints (migration 0017) are taken when an application is submitted. Applications
-- submitted before that release have none, so a later applicant using the same file or number would
-- not be compared with them. This queues, once, the job that fingerprints them
-- (`evidence.fingerprint-backfill`, src/modules/applications/fingerprint-backfill.ts), run by the
-- server's job runner like any other. Nothing is queued on a database without such applications.
INSERT INTO "jobs" ("kind", "payload", "organisation_id", "organisation_path", "idempotency_key")
SELECT 'evidence.fingerprint-backfill', 'null'::jsonb, o."id", o."path", 'applications-before-fingerprints'
FROM "organisations" o
WHERE o."parent_id" IS NULL
  AND EXISTS (
    SELECT 1 FROM "applications" a
    WHERE a."current_version" > 0
      AND NOT EXISTS (SELECT 1 FROM "evidence_fingerprints" f WHERE f."application_id" = a."id")
  )
ON CONFLICT DO NOTHING;
