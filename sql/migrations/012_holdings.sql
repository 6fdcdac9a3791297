-- The warehouse keeps every file it has loaded, across runs and years, until `etl forget`: a run
-- reads only the files of its folder that it does not hold yet (by SHA-256 and source definition),
-- replaces a file it holds an older version of (same place, new content), and records in
-- etl.run_files every part its figures were computed over, read by it or held from earlier runs.

create table etl.holdings (
  file_id           bigint primary key references etl.files (file_id),
  location          text not null unique,
  definition_sha256 text not null,
  sources           text[] not null,
  as_of             date,
  read_in_run       bigint not null references etl.runs (run_id),
  last_run_id       bigint not null references etl.runs (run_id)
);
comment on table etl.holdings is 'One row per input file whose rows the warehouse holds (until etl forget): where it was read, under which source definition, by which run. Its parts and current counts are the etl.run_files rows of last_run_id.';
comment on column etl.holdings.file_id is 'the file (→ etl.files: path relative to its input folder, SHA-256, size)';
comment on column etl.holdings.location is 'where the file was read: its input folder (absolute, phone numbers masked) and path; a new content at the same place replaces it';
comment on column etl.holdings.definition_sha256 is 'SHA-256 of the definitions of the sources it was loaded into and of the reading code: when it changes, the file is read again';
comment on column etl.holdings.sources is 'the sources (tables) its rows are in';
comment on column etl.holdings.as_of is 'the as-of date the file states (title rows or name), for a snapshot (hr_roster, experiencers; null for other sources): each snapshot file is one snapshot, and a figure at D reads the earliest snapshot as of D or later';
comment on column etl.holdings.read_in_run is 'the run that read the file (→ etl.runs); its rejects are recorded there';
comment on column etl.holdings.last_run_id is 'the latest run that recorded the file''s parts and counts in etl.run_files (every run records every held file)';

alter table etl.run_files add column read_in_run bigint references etl.runs (run_id), add column location text;
comment on column etl.run_files.read_in_run is 'the run that read the file: this run, or for a file held from an earlier run that run (its rows stayed); null for a file not loaded';
comment on column etl.run_files.location is 'where the file was read (its input folder, absolute, and path), for a file whose rows the warehouse held in this run; etl verify reads it there again';

-- etl forget is recorded like a run, without a year or figures.
alter table etl.runs add column kind text not null default 'run' check (kind in ('run', 'forget'));
alter table etl.runs alter column year drop not null;
comment on column etl.runs.kind is 'run: etl run (a year''s figures); forget: etl forget (files removed, no figures)';

-- A warehouse of an earlier version held the files of its latest run: they stay held. Their
-- definition is unknown, so a run that meets one of them again reads it again.
insert into etl.holdings (file_id, location, definition_sha256, sources, as_of, read_in_run, last_run_id)
select rf.file_id, min(r.input_dir || '/' || f.path), 'unknown', array_agg(rf.source order by rf.source),
  min(rf.as_of) filter (where rf.source in ('hr_roster', 'experiencers')), min(r.run_id), min(r.run_id)
from etl.run_files rf
join etl.runs r using (run_id)
join etl.files f using (file_id)
where rf.run_id = (select max(run_id) from etl.runs) and rf.status = 'loaded'
group by rf.file_id;
update etl.run_files set read_in_run = run_id where status = 'loaded';
