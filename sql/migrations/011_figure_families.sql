-- The filters a family of figures shares, written once (as 003 does for "formal at D"): each
-- function returns the rows of one table that fall in the period its family reads, and both the
-- figure's SQL (sql/figures) and its contributing rows (sql/figure-rows) select from it, so the
-- value and the rows listed behind it cannot filter differently. They are plain SQL functions
-- (stable, one SELECT), which the planner inlines into the query that calls them.

create function activities_in_year(y integer) returns setof activities
language sql stable
as $$
  select * from activities where activity_date >= make_date(y, 1, 1) and activity_date < make_date(y + 1, 1, 1)
$$;
comment on function activities_in_year(integer) is
  'activities with activity_date in year Y: the activity-ledger figures (party, team, supervision, survey reports, experience).';

create function safety_register_in_year(y integer) returns setof safety_register
language sql stable
as $$
  select * from safety_register where found_date >= make_date(y, 1, 1) and found_date < make_date(y + 1, 1, 1)
$$;
comment on function safety_register_in_year(integer) is
  'safety_register records with found_date in year Y: the safety figures.';

create function security_ops_in_year(y integer) returns setof security_ops
language sql stable
as $$
  select * from security_ops where record_date >= make_date(y, 1, 1) and record_date < make_date(y + 1, 1, 1)
$$;
comment on function security_ops_in_year(integer) is
  'security_ops records with record_date in year Y: the security figures.';

create function self_service_daily_in_year(y integer) returns setof self_service_daily
language sql stable
as $$
  select * from self_service_daily where day >= make_date(y, 1, 1) and day < make_date(y + 1, 1, 1)
$$;
comment on function self_service_daily_in_year(integer) is
  'self_service_daily rows of the days of year Y: the self-service figures.';

create function satisfaction_samples_in_year(y integer) returns setof satisfaction_samples
language sql stable
as $$
  select * from satisfaction_samples where survey_date >= make_date(y, 1, 1) and survey_date < make_date(y + 1, 1, 1)
$$;
comment on function satisfaction_samples_in_year(integer) is
  'satisfaction_samples with survey_date in year Y: the survey figures.';

create function ticket_audits_in_year(y integer) returns setof ticket_audits
language sql stable
as $$
  select * from ticket_audits where audit_date >= make_date(y, 1, 1) and audit_date < make_date(y + 1, 1, 1)
$$;
comment on function ticket_audits_in_year(integer) is
  'ticket_audits with audit_date in year Y: the audit figures.';

create function contracts_in_year(y integer) returns setof contracts
language sql stable
as $$
  select * from contracts where signed_date >= make_date(y, 1, 1) and signed_date < make_date(y + 1, 1, 1)
$$;
comment on function contracts_in_year(integer) is
  'contracts with signed_date in year Y: the contract figures.';

create function elearning_records_in_year(y integer) returns setof elearning_records
language sql stable
as $$
  select * from elearning_records where study_date >= make_date(y, 1, 1) and study_date < make_date(y + 1, 1, 1)
$$;
comment on function elearning_records_in_year(integer) is
  'elearning_records with study_date in year Y: the e-learning figures.';

create function experience_tasks_in_year(y integer) returns setof experience_tasks
language sql stable
as $$
  select * from experience_tasks where launched >= make_date(y, 1, 1) and launched < make_date(y + 1, 1, 1)
$$;
comment on function experience_tasks_in_year(integer) is
  'experience_tasks launched in year Y: the UE189 task figures.';

create function volunteer_service_in_year(y integer) returns setof volunteer_service
language sql stable
as $$
  select * from volunteer_service where service_date >= make_date(y, 1, 1) and service_date < make_date(y + 1, 1, 1)
$$;
comment on function volunteer_service_in_year(integer) is
  'volunteer_service rows with service_date in year Y: the volunteer figures.';

create function training_sessions_in_year(y integer) returns setof training_sessions
language sql stable
as $$
  select * from training_sessions where start_date >= make_date(y, 1, 1) and start_date < make_date(y + 1, 1, 1)
$$;
comment on function training_sessions_in_year(integer) is
  'training_sessions starting in year Y: the training figures.';

create function hotline_tickets_closed_in(hotline_number text, first_year integer, last_year integer) returns setof hotline_tickets
language sql stable
as $$
  select * from hotline_tickets
  where hotline = hotline_number and closed_at >= make_date(first_year, 1, 1) and closed_at < make_date(last_year + 1, 1, 1)
$$;
comment on function hotline_tickets_closed_in(text, integer, integer) is
  'hotline_tickets of one hotline (10005) with closed_at in the years first_year through last_year: the on-time, first-contact and handle-time figures.';

create function hotline_tickets_created_in(hotline_number text, y integer) returns setof hotline_tickets
language sql stable
as $$
  select * from hotline_tickets
  where hotline = hotline_number and created_at >= make_date(y, 1, 1) and created_at < make_date(y + 1, 1, 1)
$$;
comment on function hotline_tickets_created_in(text, integer) is
  'hotline_tickets of one hotline (10005) with created_at in year Y: the warning figures.';

create function hotline_tickets_of_month_and_previous(month_parameter text) returns setof hotline_tickets
language sql stable
as $$
  select * from hotline_tickets
  where created_at >= (to_date(month_parameter, 'YYYY-MM') - interval '1 month')::timestamp
    and created_at < (to_date(month_parameter, 'YYYY-MM') + interval '1 month')::timestamp
$$;
comment on function hotline_tickets_of_month_and_previous(text) is
  'hotline_tickets (any hotline) created in month M (''YYYY-MM'': created_at >= its first day) or in the month before: the complaints figures of the month parameter.';

create function antifraud_tickets_in_year(y integer) returns setof hotline_tickets
language sql stable
as $$
  select * from hotline_tickets
  where channel in ('一证通查', '12381', '不良信息举报') and created_at >= make_date(y, 1, 1) and created_at < make_date(y, 11, 1)
$$;
comment on function antifraud_tickets_in_year(integer) is
  'hotline_tickets of the anti-fraud channels (一证通查, 12381, 不良信息举报) created from Y-01-01 through Y-10-31: the antifraud figure.';

create function call_records_in(hotline_number text, first_year integer, last_year integer) returns setof call_records
language sql stable
as $$
  select * from call_records
  where hotline = hotline_number and start_time >= make_date(first_year, 1, 1) and start_time < make_date(last_year + 1, 1, 1)
$$;
comment on function call_records_in(text, integer, integer) is
  'call_records of one hotline number starting in the years first_year through last_year: the call figures.';

create function energy_in_year(y integer) returns setof energy
language sql stable
as $$
  select * from energy where month >= make_date(y, 1, 1) and month < make_date(y + 1, 1, 1)
$$;
comment on function energy_in_year(integer) is
  'energy rows of the months of year Y: the energy figure.';

create function experiencers_joined_in_year(y integer) returns setof experiencers
language sql stable
as $$
  select * from experiencers where joined >= make_date(y, 1, 1) and joined < make_date(y + 1, 1, 1)
$$;
comment on function experiencers_joined_in_year(integer) is
  'experiencers who joined in year Y: the new-experiencers figure.';

create function experiencers_active_at(d date) returns setof experiencers
language sql stable
as $$
  select * from experiencers where joined <= d and ("left" is null or "left" > d)
$$;
comment on function experiencers_active_at(date) is
  'experiencers active at D: joined on or before D and not left on or before D. Year end is D = Y-12-31.';
