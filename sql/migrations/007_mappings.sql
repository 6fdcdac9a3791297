-- Renamed headers without code (see the README, Renamed headers): etl-mappings.json at the top of
-- the input folder adds header spellings and file-name patterns to the sources. A run records the
-- file in etl.files (status 'mappings' in etl.run_files), its SHA-256 and content in
-- etl.runs.parameters, and per loaded part which of its headers only the mapping file named.

alter table etl.run_files
  add column mapped_headers text[] not null default '{}',
  add column mapped_file_pattern text;

alter table etl.run_files drop constraint run_files_status_check;
alter table etl.run_files add constraint run_files_status_check
  check (status in ('loaded', 'failed', 'unmatched', 'ignored', 'mappings'));

comment on column etl.run_files.mapped_headers is 'headers of the file that only etl-mappings.json names, as written → warehouse column (工单创建时间 → created_at); empty when every header is one of pipelines/';
comment on column etl.run_files.mapped_file_pattern is 'the etl-mappings.json file-name pattern that matched the file to its source, when no pattern of pipelines/ does; null otherwise';
comment on column etl.run_files.status is 'loaded, failed (unreadable as a whole), unmatched (no source), ignored, or mappings (the run''s etl-mappings.json, applied to every export)';
comment on column etl.runs.parameters is 'report parameters (year, month M …), the published-values file used, and the etl-mappings.json applied (mappings: file, sha256, sources) or null';
