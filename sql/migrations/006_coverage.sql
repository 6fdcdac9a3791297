-- What each loaded export says it covers (see the README, Incomplete exports): the years a
-- register file is delivered for, and the as-of date of a snapshot, read from its file name
-- and the title rows above its header.

alter table etl.run_files
  add column title_rows text[] not null default '{}',
  add column stated_years integer[] not null default '{}',
  add column as_of date,
  add column as_of_stated text;

comment on column etl.run_files.title_rows is 'the rows above the header, as text (phone numbers masked): where an export states its year or as-of date';
comment on column etl.run_files.stated_years is 'years the file name or title rows say the export is for (export and print stamps excluded); a register delivered for a year with no rows means zero';
comment on column etl.run_files.as_of is 'as-of date the export states (截至 …, else the earliest date in its title rows or file name; a year means its 31 December); a snapshot backs figures up to this date';
comment on column etl.run_files.as_of_stated is 'where the as-of date was read: "file name: …" or "title row N: …"';
