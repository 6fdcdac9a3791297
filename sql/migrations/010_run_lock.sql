-- The run lock: a run holds this table's one row FOR UPDATE while it loads, so two runs never
-- interleave. Locking a row needs the UPDATE privilege, which read-only roles lack, so an
-- analyst cannot hold a run up by taking its lock. A run creates the table itself when it is
-- missing (it locks before it migrates); this migration documents it.
create table if not exists etl.run_lock (id int primary key check (id = 1));
insert into etl.run_lock values (1) on conflict do nothing;
comment on table etl.run_lock is 'the run lock: a run holds its one row FOR UPDATE from start to end, on a connection named "etl pid … (run lock)"; runs never interleave';
comment on column etl.run_lock.id is 'always 1: the one row a run locks';
