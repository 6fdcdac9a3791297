-- The four core sources. Every row carries the input file it came from (_file_id → etl.files)
-- and its row number there (_row: the Excel row number, or the CSV line).

create table hotline_tickets (
  ticket_id              text not null,
  hotline                text not null,
  province               text not null,
  created_at             timestamp not null,
  deadline               timestamp not null,
  closed_at              timestamp,
  channel                text not null,
  category               text not null,
  first_contact_resolved boolean not null,
  appeal_warning         boolean not null,
  overdue_warning        boolean not null,
  handle_seconds         bigint not null,
  customer_phone_hash    text,
  _file_id               bigint not null,
  _row                   bigint not null
);

create table satisfaction_samples (
  sample_id    text not null,
  survey       text not null,
  province     text not null,
  touchpoint   text,
  survey_date  date not null,
  status       text not null,
  score        numeric,
  audited      boolean not null,
  audit_passed boolean,
  _file_id     bigint not null,
  _row         bigint not null
);

create table hr_roster (
  employee_id     text not null,
  department      text not null,
  gender          text not null,
  employment_type text not null,
  hire_date       date not null,
  leave_date      date,
  contract_signed boolean not null,
  promoted        boolean not null,
  talent_tier     text not null,
  health_check    boolean not null,
  salary_paid     boolean not null,
  charity_day     boolean not null,
  _file_id        bigint not null,
  _row            bigint not null
);

create table training_sessions (
  session_id text not null,
  title      text not null,
  category   text not null,
  start_date date not null,
  end_date   date,
  hours      numeric not null,
  _file_id   bigint not null,
  _row       bigint not null
);

create table training_attendance (
  session_id  text not null,
  employee_id text not null,
  signed_in   boolean not null,
  _file_id    bigint not null,
  _row        bigint not null
);
