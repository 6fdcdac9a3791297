-- Figures frozen as published (`etl freeze --year Y`): later runs for the year compare their
-- figures with the latest freeze and report every change as a restatement.

create table etl.freezes (
  freeze_id  bigint generated always as identity primary key,
  year       integer not null,
  run_id     bigint not null references etl.runs (run_id),
  frozen_at  timestamptz not null default now(),
  frozen_by  text not null default current_user
);
comment on table etl.freezes is 'One row per `etl freeze`: the run whose figures a year published. The latest freeze of a year is the one later runs are compared with.';
comment on column etl.freezes.freeze_id is 'freeze number, increasing';
comment on column etl.freezes.year is 'report year frozen';
comment on column etl.freezes.run_id is 'the run whose figures were frozen (→ etl.runs); its input files are in etl.run_files';
comment on column etl.freezes.frozen_at is 'when the figures were frozen';
comment on column etl.freezes.frozen_by is 'database user who froze them';

create table etl.frozen_figures (
  freeze_id    bigint not null references etl.freezes (freeze_id),
  figure_id    text not null,
  value        double precision,
  numerator    double precision,
  denominator  double precision,
  display      text,
  status       text not null,
  sql_sha256   text not null,
  primary key (freeze_id, figure_id)
);
comment on table etl.frozen_figures is 'One row per figure of a freeze: the value as published, copied from etl.figure_values of the frozen run.';
comment on column etl.frozen_figures.freeze_id is 'the freeze (→ etl.freezes)';
comment on column etl.frozen_figures.figure_id is 'figure id, e.g. hotline.on_time_rate (sql/figures/<id>.sql)';
comment on column etl.frozen_figures.value is 'value frozen: unrounded, in the figure''s base unit; null when it was not computable';
comment on column etl.frozen_figures.numerator is 'numerator frozen, for a rate';
comment on column etl.frozen_figures.denominator is 'denominator frozen, for a rate';
comment on column etl.frozen_figures.display is 'value as printed when frozen, at the published precision, e.g. 98.4%';
comment on column etl.frozen_figures.status is 'verdict when frozen: match, mismatch, not_computable or unpublished';
comment on column etl.frozen_figures.sql_sha256 is 'SHA-256 of the figure''s SQL file when frozen';
