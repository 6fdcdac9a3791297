-- The twelve sources beyond the four core ones (pipelines/). As everywhere: _file_id → etl.files and
-- _row, the row number in that file.

create table call_records (
  call_id           text not null,
  hotline           text not null,
  start_time        timestamp not null,
  queued            boolean not null,
  wait_seconds      bigint,
  outcome           text not null,
  talk_seconds      bigint not null,
  site              text,
  caller_phone_hash text,
  _file_id          bigint not null,
  _row              bigint not null
);

create table ticket_audits (
  audit_id      text not null,
  ticket_id     text not null,
  province      text not null,
  audit_date    date not null,
  verdict       text not null,
  proxy_ticket  boolean not null,
  proxy_suspect boolean,
  _file_id      bigint not null,
  _row          bigint not null
);

create table elearning_records (
  record_id   text not null,
  employee_id text not null,
  course      text not null,
  study_date  date not null,
  minutes     numeric not null,
  credits     numeric not null,
  _file_id    bigint not null,
  _row        bigint not null
);

create table activities (
  activity_id   text not null,
  activity_date date not null,
  type          text not null,
  title         text not null,
  province      text,
  participants  bigint,
  items         bigint,
  _file_id      bigint not null,
  _row          bigint not null
);

create table volunteer_service (
  activity_id  text not null,
  service_date date not null,
  title        text not null,
  employee_id  text not null,
  hours        numeric not null,
  _file_id     bigint not null,
  _row         bigint not null
);

create table safety_register (
  record_id      text not null,
  kind           text not null,
  found_date     date not null,
  location       text,
  level          text,
  description    text not null,
  rectified_date date,
  cost           numeric,
  _file_id       bigint not null,
  _row           bigint not null
);

create table security_ops (
  record_id   text not null,
  record_date date not null,
  type        text not null,
  count       bigint not null,
  severity    text,
  _file_id    bigint not null,
  _row        bigint not null
);

create table energy (
  month     date not null,
  site      text not null,
  kwh       numeric not null,
  plan_kwh  numeric not null,
  _file_id  bigint not null,
  _row      bigint not null
);

create table contracts (
  contract_id  text not null,
  type         text not null,
  counterparty text not null,
  signed_date  date not null,
  amount       numeric,
  status       text not null,
  _file_id     bigint not null,
  _row         bigint not null
);

create table self_service_daily (
  day          date not null,
  service      text not null,
  volume       bigint not null,
  manual_calls bigint,
  _file_id     bigint not null,
  _row         bigint not null
);

create table experience_tasks (
  task_id   text not null,
  title     text not null,
  launched  date not null,
  samples   bigint not null,
  _file_id  bigint not null,
  _row      bigint not null
);

-- "left" is a reserved word in SQL: write it quoted, as "left".
create table experiencers (
  experiencer_id text not null,
  province       text,
  joined         date not null,
  "left"         date,
  _file_id       bigint not null,
  _row           bigint not null
);
