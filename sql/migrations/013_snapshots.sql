-- A snapshot source (hr_roster, experiencers) holds one snapshot per file, each as of the date the
-- file states, and the warehouse keeps every year's: the roster as of 2023-12-31 beside the one as
-- of 2024-12-31. A figure at date D reads one snapshot — the earliest as of D or later, as the
-- completeness calendar requires — never a mix of several. The functions every snapshot figure
-- reads through choose it.

create function etl.snapshot_files(src text, d date) returns setof bigint
language sql stable
as $$
  select file_id from etl.holdings
  where src = any(sources) and as_of = (select min(as_of) from etl.holdings where src = any(sources) and as_of >= d)
$$;
comment on function etl.snapshot_files(text, date) is
  'the held files of snapshot source SRC that a figure at D reads: those stating the earliest as-of date on or after D (none when no held file is as of D or later)';

create or replace function formal_at(d date) returns setof hr_roster
language sql stable
as $$
  select *
  from hr_roster
  where _file_id in (select etl.snapshot_files('hr_roster', d))
    and employment_type = '正式'
    and hire_date <= d
    and (leave_date is null or leave_date > d)
$$;
comment on function formal_at(date) is
  'formal at D: in the roster as of D (etl.snapshot_files), hr_roster rows with employment_type = 正式, hire_date <= D and (leave_date empty or leave_date > D). Year end is D = Y-12-31.';

create or replace function formal_during(y integer) returns setof hr_roster
language sql stable
as $$
  select *
  from hr_roster
  where _file_id in (select etl.snapshot_files('hr_roster', make_date(y, 12, 31)))
    and employment_type = '正式'
    and hire_date <= make_date(y, 12, 31)
    and (leave_date is null or leave_date >= make_date(y, 1, 1))
$$;
comment on function formal_during(integer) is
  'formal during Y: in the roster as of Y-12-31 (etl.snapshot_files), formal, hire_date <= Y-12-31 and (leave_date empty or leave_date >= Y-01-01).';

create or replace function experiencers_joined_in_year(y integer) returns setof experiencers
language sql stable
as $$
  select * from experiencers
  where _file_id in (select etl.snapshot_files('experiencers', make_date(y, 12, 31)))
    and joined >= make_date(y, 1, 1) and joined < make_date(y + 1, 1, 1)
$$;
comment on function experiencers_joined_in_year(integer) is
  'experiencers who joined in year Y, in the list as of Y-12-31 (etl.snapshot_files): the new-experiencers figure.';

create or replace function experiencers_active_at(d date) returns setof experiencers
language sql stable
as $$
  select * from experiencers
  where _file_id in (select etl.snapshot_files('experiencers', d))
    and joined <= d and ("left" is null or "left" > d)
$$;
comment on function experiencers_active_at(date) is
  'experiencers active at D, in the list as of D (etl.snapshot_files): joined on or before D and not left on or before D. Year end is D = Y-12-31.';
