ALTER TABLE "calendar_years" ADD COLUMN "source_detail" text;--> statement-breakpoint
-- The source becomes one of chinese-days, state-council-notice, file, manual; what a year recorded
-- before (the package version, a file's name, manual:<user>) becomes its detail.
UPDATE "calendar_years" SET
  "source_detail" = "source",
  "source" = CASE
    WHEN "source" LIKE 'chinese-days@%' THEN 'chinese-days'
    WHEN "source" LIKE 'manual%' THEN 'manual'
    ELSE 'file'
  END
WHERE "source" NOT IN ('chinese-days', 'state-council-notice', 'file', 'manual');
