-- The phone-masking key's check: a fingerprint of the key the warehouse's phone hashes are made
-- with, so that a run with another key is refused instead of making hashes that match none of
-- the earlier ones (src/transform/pii-key.ts). The fingerprint tells nothing about the key or any number.

create table etl.pii_key_check (
  singleton    boolean primary key default true check (singleton),
  fingerprint  text not null check (fingerprint ~ '^[0-9a-f]{64}$'),
  recorded_at  timestamptz not null default now(),
  recorded_by  text not null default current_user
);
comment on table etl.pii_key_check is 'One row at most: the fingerprint of the phone-masking key this warehouse''s phone hashes are made with. A run or verify whose key has another fingerprint is refused before loading anything.';
comment on column etl.pii_key_check.singleton is 'always true: the table holds one row at most';
comment on column etl.pii_key_check.fingerprint is 'HMAC-SHA-256 of the text ''etl pii key check v1'' under the key, in hex: tells nothing about the key or any phone number';
comment on column etl.pii_key_check.recorded_at is 'when the fingerprint was recorded: the first run with the check (a warehouse built before it records the key of its next run)';
comment on column etl.pii_key_check.recorded_by is 'database user of the run that recorded it';
