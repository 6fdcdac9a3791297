-- Bookkeeping of runs, input files, rejected rows and figure values: the lineage an auditor follows.


create table etl.runs (
  run_id        bigint generated always as identity primary key,
  year          integer not null,
  input_dir     text not null,
  started_at    timestamptz not null default now(),
  finished_at   timestamptz,
  status        text not null default 'running' check (status in ('running', 'succeeded', 'completed_with_errors')),
  tool_version  text not null,
  git_commit    text,
  parameters    jsonb not null default '{}'::jsonb
);
comment on table etl.runs is 'One row per committed pipeline run: when, which year and input folder, which code, how it ended (completed_with_errors: a file failed or a figure was not computable). A run that died left no row: it was rolled back whole.';

create table etl.files (
  file_id       bigint generated always as identity primary key,
  path          text not null,
  sha256        text not null,
  size_bytes    bigint not null,
  unique (path, sha256)
);
comment on table etl.files is 'One row per distinct input file content (path relative to the input folder + SHA-256). Warehouse rows point here through _file_id.';

create table etl.run_files (
  run_id        bigint not null references etl.runs (run_id),
  file_id       bigint not null references etl.files (file_id),
  source        text,
  sheet         text,
  status        text not null check (status in ('loaded', 'failed', 'unmatched', 'ignored')),
  message       text,
  rows_read     bigint not null default 0,
  rows_loaded   bigint not null default 0,
  rows_rejected bigint not null default 0,
  rows_skipped  bigint not null default 0,
  header_row    bigint,
  extra_columns text[] not null default '{}',
  check (status <> 'loaded' or rows_read = rows_loaded + rows_rejected + rows_skipped)
);
create unique index run_files_part on etl.run_files (run_id, file_id, coalesce(source, ''));
comment on table etl.run_files is 'One row per input file (and source, for a workbook holding several) per run, with the row counts that must balance: read = loaded + rejected + skipped.';

create table etl.rejects (
  run_id        bigint not null references etl.runs (run_id),
  file_id       bigint not null references etl.files (file_id),
  source        text not null,
  sheet         text,
  row_number    bigint not null,
  column_name   text,
  raw_value     text,
  message       text not null
);
comment on table etl.rejects is 'One row per problem found in a rejected input row (a row may have several). Personal data is masked.';
create index rejects_run on etl.rejects (run_id, source);

create table etl.skips (
  run_id        bigint not null references etl.runs (run_id),
  file_id       bigint not null references etl.files (file_id),
  source        text not null,
  reason        text not null,
  rows          bigint not null,
  primary key (run_id, file_id, source, reason)
);
comment on table etl.skips is 'Rows skipped on purpose, counted per file and reason (empty row, 合计 footer, exact duplicate).';

create table etl.figure_values (
  run_id        bigint not null references etl.runs (run_id),
  figure_id     text not null,
  year          integer not null,
  value         double precision,
  numerator     double precision,
  denominator   double precision,
  status        text not null check (status in ('match', 'mismatch', 'not_computable', 'unpublished')),
  reason        text,
  display       text,
  sql_sha256    text not null,
  parameters    jsonb not null,
  published     jsonb,
  primary key (run_id, figure_id)
);
comment on table etl.figure_values is 'One row per figure per run: the computed value (unrounded, base unit), its verdict against the published value and what it was computed from.';
