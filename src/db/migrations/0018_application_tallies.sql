CREATE TABLE "application_breakdown_tallies" (
	"year" integer NOT NULL,
	"organisation_id" uuid NOT NULL,
	"organisation_path" text NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"applications" integer NOT NULL,
	"eligible" integer NOT NULL,
	"confirmed" integer NOT NULL,
	CONSTRAINT "application_breakdown_tallies_year_organisation_id_dimension_value_pk" PRIMARY KEY("year","organisation_id","dimension","value")
);
--> statement-breakpoint
CREATE TABLE "application_stage_statuses" (
	"stage" text NOT NULL,
	"status" text NOT NULL,
	CONSTRAINT "application_stage_statuses_stage_status_pk" PRIMARY KEY("stage","status")
);
--> statement-breakpoint
CREATE TABLE "application_tallies" (
	"plan_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"organisation_id" uuid NOT NULL,
	"organisation_path" text NOT NULL,
	"status" text NOT NULL,
	"occupation_code" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "application_tallies_plan_id_organisation_id_status_occupation_code_pk" PRIMARY KEY("plan_id","organisation_id","status","occupation_code")
);
--> statement-breakpoint
CREATE INDEX "application_breakdown_tallies_path_idx" ON "application_breakdown_tallies" USING btree ("year","organisation_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "application_tallies_path_idx" ON "application_tallies" USING btree ("year","organisation_path" text_pattern_ops);--> statement-breakpoint
-- The stages of STATUSES_REACHING (src/domain/statistics-rules.ts); application-tallies.test.ts checks them.
INSERT INTO "application_stage_statuses" ("stage", "status") VALUES
  ('applications', 'submitted'),
  ('applications', 'returned'),
  ('applications', 'ineligible'),
  ('applications', 'eligible'),
  ('applications', 'in-review'),
  ('applications', 'recommended'),
  ('applications', 'not-recommended'),
  ('applications', 'in-notice'),
  ('applications', 'withdrawn'),
  ('applications', 'confirmed'),
  ('applications', 'certified'),
  ('applications', 'appointed'),
  ('applications', 'exited'),
  ('applications', 'disqualified'),
  ('eligible', 'eligible'),
  ('eligible', 'in-review'),
  ('eligible', 'recommended'),
  ('eligible', 'not-recommended'),
  ('eligible', 'in-notice'),
  ('eligible', 'withdrawn'),
  ('eligible', 'confirmed'),
  ('eligible', 'certified'),
  ('eligible', 'appointed'),
  ('eligible', 'exited'),
  ('reviewed', 'recommended'),
  ('reviewed', 'not-recommended'),
  ('reviewed', 'in-notice'),
  ('reviewed', 'withdrawn'),
  ('reviewed', 'confirmed'),
  ('reviewed', 'certified'),
  ('reviewed', 'appointed'),
  ('reviewed', 'exited'),
  ('inNotice', 'in-notice'),
  ('inNotice', 'withdrawn'),
  ('inNotice', 'confirmed'),
  ('inNotice', 'certified'),
  ('inNotice', 'appointed'),
  ('inNotice', 'exited'),
  ('confirmed', 'confirmed'),
  ('confirmed', 'certified'),
  ('confirmed', 'appointed'),
  ('confirmed', 'exited');
--> statement-breakpoint
-- The counts move with every statement that inserts, changes or deletes applications: the rows it
-- added count +1, the rows it removed -1 (an update is both), grouped, applied in key order (so two
-- transactions lock the counts they share in the same order). Statement-level, with transition
-- tables: a batch of 1,000 transitions is one pass, and a save that moves no count writes nothing.
CREATE FUNCTION application_tallies_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    with r as (
      select x.plan_id, p.year, x.organisation_id, x.organisation_path, x.status, x.occupation_code,
           x.content -> 'identity' ->> 'birthDate' as birth_date, x.content -> 'identity' ->> 'gender' as gender, 1 as sign
      from new_rows x join plans p on p.id = x.plan_id
    ), staged as (
      select r.*, (sa.status is not null) as applied, (se.status is not null) as eligible, (sc.status is not null) as confirmed
      from r
      left join application_stage_statuses sa on sa.stage = 'applications' and sa.status = r.status
      left join application_stage_statuses se on se.stage = 'eligible' and se.status = r.status
      left join application_stage_statuses sc on sc.stage = 'confirmed' and sc.status = r.status
    ), by_status as (
      insert into application_tallies as t (plan_id, year, organisation_id, organisation_path, status, occupation_code, n)
      select plan_id, min(year), organisation_id, min(organisation_path), status, coalesce(occupation_code, ''), sum(sign)::int
      from r group by plan_id, organisation_id, status, coalesce(occupation_code, '') having sum(sign) <> 0
      order by plan_id, organisation_id, status, coalesce(occupation_code, '')
      on conflict (plan_id, organisation_id, status, occupation_code) do update set n = t.n + excluded.n
    )
    insert into application_breakdown_tallies as t (year, organisation_id, organisation_path, dimension, value, applications, eligible, confirmed)
    select year, organisation_id, min(organisation_path), dimension, value,
           coalesce(sum(sign) filter (where applied), 0)::int, coalesce(sum(sign) filter (where eligible), 0)::int, coalesce(sum(sign) filter (where confirmed), 0)::int
    from staged cross join lateral (values ('occupation', coalesce(occupation_code, '')), ('birth-year', coalesce(left(birth_date, 4), '')), ('gender', coalesce(gender, ''))) d(dimension, value)
    group by year, organisation_id, dimension, value
    having coalesce(sum(sign) filter (where applied), 0) <> 0 or coalesce(sum(sign) filter (where eligible), 0) <> 0 or coalesce(sum(sign) filter (where confirmed), 0) <> 0
    order by year, organisation_id, dimension, value
    on conflict (year, organisation_id, dimension, value) do update
      set applications = t.applications + excluded.applications, eligible = t.eligible + excluded.eligible, confirmed = t.confirmed + excluded.confirmed;
  ELSIF TG_OP = 'UPDATE' THEN
    with r as (
      select x.plan_id, p.year, x.organisation_id, x.organisation_path, x.status, x.occupation_code,
           x.content -> 'identity' ->> 'birthDate' as birth_date, x.content -> 'identity' ->> 'gender' as gender, 1 as sign
      from new_rows x join plans p on p.id = x.plan_id
      union all
      select x.plan_id, p.year, x.organisation_id, x.organisation_path, x.status, x.occupation_code,
           x.content -> 'identity' ->> 'birthDate' as birth_date, x.content -> 'identity' ->> 'gender' as gender, -1 as sign
      from old_rows x join plans p on p.id = x.plan_id
    ), staged as (
      select r.*, (sa.status is not null) as applied, (se.status is not null) as eligible, (sc.status is not null) as confirmed
      from r
      left join application_stage_statuses sa on sa.stage = 'applications' and sa.status = r.status
      left join application_stage_statuses se on se.stage = 'eligible' and se.status = r.status
      left join application_stage_statuses sc on sc.stage = 'confirmed' and sc.status = r.status
    ), by_status as (
      insert into application_tallies as t (plan_id, year, organisation_id, organisation_path, status, occupation_code, n)
      select plan_id, min(year), organisation_id, min(organisation_path), status, coalesce(occupation_code, ''), sum(sign)::int
      from r group by plan_id, organisation_id, status, coalesce(occupation_code, '') having sum(sign) <> 0
      order by plan_id, organisation_id, status, coalesce(occupation_code, '')
      on conflict (plan_id, organisation_id, status, occupation_code) do update set n = t.n + excluded.n
    )
    insert into application_breakdown_tallies as t (year, organisation_id, organisation_path, dimension, value, applications, eligible, confirmed)
    select year, organisation_id, min(organisation_path), dimension, value,
           coalesce(sum(sign) filter (where applied), 0)::int, coalesce(sum(sign) filter (where eligible), 0)::int, coalesce(sum(sign) filter (where confirmed), 0)::int
    from staged cross join lateral (values ('occupation', coalesce(occupation_code, '')), ('birth-year', coalesce(left(birth_date, 4), '')), ('gender', coalesce(gender, ''))) d(dimension, value)
    group by year, organisation_id, dimension, value
    having coalesce(sum(sign) filter (where applied), 0) <> 0 or coalesce(sum(sign) filter (where eligible), 0) <> 0 or coalesce(sum(sign) filter (where confirmed), 0) <> 0
    order by year, organisation_id, dimension, value
    on conflict (year, organisation_id, dimension, value) do update
      set applications = t.applications + excluded.applications, eligible = t.eligible + excluded.eligible, confirmed = t.confirmed + excluded.confirmed;
  ELSE
    with r as (
      select x.plan_id, p.year, x.organisation_id, x.organisation_path, x.status, x.occupation_code,
           x.content -> 'identity' ->> 'birthDate' as birth_date, x.content -> 'identity' ->> 'gender' as gender, -1 as sign
      from old_rows x join plans p on p.id = x.plan_id
    ), staged as (
      select r.*, (sa.status is not null) as applied, (se.status is not null) as eligible, (sc.status is not null) as confirmed
      from r
      left join application_stage_statuses sa on sa.stage = 'applications' and sa.status = r.status
      left join application_stage_statuses se on se.stage = 'eligible' and se.status = r.status
      left join application_stage_statuses sc on sc.stage = 'confirmed' and sc.status = r.status
    ), by_status as (
      insert into application_tallies as t (plan_id, year, organisation_id, organisation_path, status, occupation_code, n)
      select plan_id, min(year), organisation_id, min(organisation_path), status, coalesce(occupation_code, ''), sum(sign)::int
      from r group by plan_id, organisation_id, status, coalesce(occupation_code, '') having sum(sign) <> 0
      order by plan_id, organisation_id, status, coalesce(occupation_code, '')
      on conflict (plan_id, organisation_id, status, occupation_code) do update set n = t.n + excluded.n
    )
    insert into application_breakdown_tallies as t (year, organisation_id, organisation_path, dimension, value, applications, eligible, confirmed)
    select year, organisation_id, min(organisation_path), dimension, value,
           coalesce(sum(sign) filter (where applied), 0)::int, coalesce(sum(sign) filter (where eligible), 0)::int, coalesce(sum(sign) filter (where confirmed), 0)::int
    from staged cross join lateral (values ('occupation', coalesce(occupation_code, '')), ('birth-year', coalesce(left(birth_date, 4), '')), ('gender', coalesce(gender, ''))) d(dimension, value)
    group by year, organisation_id, dimension, value
    having coalesce(sum(sign) filter (where applied), 0) <> 0 or coalesce(sum(sign) filter (where eligible), 0) <> 0 or coalesce(sum(sign) filter (where confirmed), 0) <> 0
    order by year, organisation_id, dimension, value
    on conflict (year, organisation_id, dimension, value) do update
      set applications = t.applications + excluded.applications, eligible = t.eligible + excluded.eligible, confirmed = t.confirmed + excluded.confirmed;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION application_tallies_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM application_tallies;
  DELETE FROM application_breakdown_tallies;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER application_tallies_insert AFTER INSERT ON applications REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION application_tallies_count();
--> statement-breakpoint
CREATE TRIGGER application_tallies_update AFTER UPDATE ON applications REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION application_tallies_count();
--> statement-breakpoint
CREATE TRIGGER application_tallies_delete AFTER DELETE ON applications REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION application_tallies_count();
--> statement-breakpoint
CREATE TRIGGER application_tallies_truncate AFTER TRUNCATE ON applications FOR EACH STATEMENT EXECUTE FUNCTION application_tallies_clear();
--> statement-breakpoint
-- The applications already there: counted once, as the triggers would have.
with r as (
      select x.plan_id, p.year, x.organisation_id, x.organisation_path, x.status, x.occupation_code,
           x.content -> 'identity' ->> 'birthDate' as birth_date, x.content -> 'identity' ->> 'gender' as gender, 1 as sign
      from applications x join plans p on p.id = x.plan_id
    ), staged as (
      select r.*, (sa.status is not null) as applied, (se.status is not null) as eligible, (sc.status is not null) as confirmed
      from r
      left join application_stage_statuses sa on sa.stage = 'applications' and sa.status = r.status
      left join application_stage_statuses se on se.stage = 'eligible' and se.status = r.status
      left join application_stage_statuses sc on sc.stage = 'confirmed' and sc.status = r.status
    ), by_status as (
      insert into application_tallies as t (plan_id, year, organisation_id, organisation_path, status, occupation_code, n)
      select plan_id, min(year), organisation_id, min(organisation_path), status, coalesce(occupation_code, ''), sum(sign)::int
      from r group by plan_id, organisation_id, status, coalesce(occupation_code, '') having sum(sign) <> 0
      order by plan_id, organisation_id, status, coalesce(occupation_code, '')
      on conflict (plan_id, organisation_id, status, occupation_code) do update set n = t.n + excluded.n
    )
    insert into application_breakdown_tallies as t (year, organisation_id, organisation_path, dimension, value, applications, eligible, confirmed)
    select year, organisation_id, min(organisation_path), dimension, value,
           coalesce(sum(sign) filter (where applied), 0)::int, coalesce(sum(sign) filter (where eligible), 0)::int, coalesce(sum(sign) filter (where confirmed), 0)::int
    from staged cross join lateral (values ('occupation', coalesce(occupation_code, '')), ('birth-year', coalesce(left(birth_date, 4), '')), ('gender', coalesce(gender, ''))) d(dimension, value)
    group by year, organisation_id, dimension, value
    having coalesce(sum(sign) filter (where applied), 0) <> 0 or coalesce(sum(sign) filter (where eligible), 0) <> 0 or coalesce(sum(sign) filter (where confirmed), 0) <> 0
    order by year, organisation_id, dimension, value
    on conflict (year, organisation_id, dimension, value) do update
      set applications = t.applications + excluded.applications, eligible = t.eligible + excluded.eligible, confirmed = t.confirmed + excluded.confirmed;
