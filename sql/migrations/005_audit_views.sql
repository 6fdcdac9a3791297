-- Views for the analyses people ask for next. Each reads the source tables as the latest run
-- left them; each adds up to the figures it mirrors (noted per view).

-- Monthly hotline KPIs by province: tickets by the month they were created (warnings) and by
-- the month they were closed (on time, first contact, handling time), as the figures count them.
create view hotline_kpis_monthly as
with created as (
  select
    date_trunc('month', created_at)::date as month,
    hotline,
    province,
    count(*) as tickets_created,
    count(*) filter (where category = '投诉') as complaints_created,
    count(*) filter (where appeal_warning) as appeal_warnings,
    count(*) filter (where overdue_warning) as overdue_warnings
  from hotline_tickets
  group by 1, 2, 3
),

closed as (
  select
    date_trunc('month', closed_at)::date as month,
    hotline,
    province,
    count(*) as tickets_closed,
    count(*) filter (where closed_at <= deadline) as closed_on_time,
    count(*) filter (where first_contact_resolved) as resolved_at_first_contact,
    avg(handle_seconds) as avg_handle_seconds
  from hotline_tickets
  where closed_at is not null
  group by 1, 2, 3
),

final as (
  select
    month,
    hotline,
    province,
    coalesce(created.tickets_created, 0) as tickets_created,
    coalesce(created.complaints_created, 0) as complaints_created,
    coalesce(created.appeal_warnings, 0) as appeal_warnings,
    coalesce(created.overdue_warnings, 0) as overdue_warnings,
    coalesce(closed.tickets_closed, 0) as tickets_closed,
    coalesce(closed.closed_on_time, 0) as closed_on_time,
    100.0 * closed.closed_on_time / nullif(closed.tickets_closed, 0) as on_time_rate,
    coalesce(closed.resolved_at_first_contact, 0) as resolved_at_first_contact,
    100.0 * closed.resolved_at_first_contact / nullif(closed.tickets_closed, 0) as first_contact_rate,
    closed.avg_handle_seconds
  from created
  full join closed using (month, hotline, province)
)

select * from final;

comment on view hotline_kpis_monthly is 'Monthly hotline KPIs: one row per month, hotline and province. Created-side counts use created_at, closed-side counts use closed_at. For hotline 10005 and the months of Y, sum(closed_on_time) / sum(tickets_closed) is hotline.on_time_rate and sum(appeal_warnings) is hotline.appeal_warnings.';
comment on column hotline_kpis_monthly.month is 'month (its first day): of created_at for the created-side columns, of closed_at for the closed-side ones';
comment on column hotline_kpis_monthly.hotline is '热线号码: hotline that took the tickets, e.g. 10005';
comment on column hotline_kpis_monthly.province is '省份: province (one of the 31 short names)';
comment on column hotline_kpis_monthly.tickets_created is 'tickets created in the month, count';
comment on column hotline_kpis_monthly.complaints_created is 'tickets of 工单类型 投诉 created in the month, count';
comment on column hotline_kpis_monthly.appeal_warnings is 'tickets created in the month with 申诉倾向预警, count';
comment on column hotline_kpis_monthly.overdue_warnings is 'tickets created in the month with 超时警示, count';
comment on column hotline_kpis_monthly.tickets_closed is 'tickets closed (办结时间) in the month, count';
comment on column hotline_kpis_monthly.closed_on_time is 'tickets closed in the month by their deadline (处理时限), count';
comment on column hotline_kpis_monthly.on_time_rate is '工单处理及时率 of the month, %: 100 × closed_on_time / tickets_closed; null without closed tickets';
comment on column hotline_kpis_monthly.resolved_at_first_contact is 'tickets closed in the month that were resolved at first contact (一次解决), count';
comment on column hotline_kpis_monthly.first_contact_rate is '一解率 of the month, %: 100 × resolved_at_first_contact / tickets_closed';
comment on column hotline_kpis_monthly.avg_handle_seconds is 'average 处理时长 of the tickets closed in the month, seconds';

-- Satisfaction scores by province and quarter.
create view satisfaction_by_province_quarter as
with final as (
  select
    extract(year from survey_date)::int as year,
    extract(quarter from survey_date)::int as quarter,
    survey,
    province,
    count(*) as samples,
    count(*) filter (where status = '成功') as successful_samples,
    avg(score) filter (where status = '成功') as average_score,
    count(*) filter (where audited) as audited_samples,
    count(*) filter (where audited and audit_passed is true) as audit_passed_samples
  from satisfaction_samples
  group by 1, 2, 3, 4
)

select * from final;

comment on view satisfaction_by_province_quarter is 'Satisfaction survey results: one row per year, quarter, survey programme and province (by 测评日期). Summed over a year, successful_samples is survey.success_samples and audit_passed_samples / audited_samples is survey.accuracy.';
comment on column satisfaction_by_province_quarter.year is 'year of 测评日期 (survey_date)';
comment on column satisfaction_by_province_quarter.quarter is 'quarter of 测评日期, 1–4';
comment on column satisfaction_by_province_quarter.survey is '测评项目: survey programme (公众综合, 四融, 产数, 即时测评)';
comment on column satisfaction_by_province_quarter.province is '省份: province (one of the 31 short names)';
comment on column satisfaction_by_province_quarter.samples is 'samples surveyed, any 样本状态, count';
comment on column satisfaction_by_province_quarter.successful_samples is 'samples with 样本状态 成功, count';
comment on column satisfaction_by_province_quarter.average_score is 'mean 满意度得分 of the successful samples, points 0–10';
comment on column satisfaction_by_province_quarter.audited_samples is 'samples audited (是否稽核), count';
comment on column satisfaction_by_province_quarter.audit_passed_samples is 'audited samples the audit found correct (稽核结果), count';

-- Audit verdicts by month and province.
create view audit_verdicts_monthly as
with final as (
  select
    date_trunc('month', audit_date::timestamp)::date as month,
    province,
    count(*) as audits,
    count(*) filter (where verdict = '企业有责') as company_responsible,
    count(*) filter (where verdict = '企业无责') as company_not_responsible,
    count(*) filter (where verdict = '用户原因') as customer_caused,
    count(*) filter (where verdict = '其他') as other_verdicts,
    100.0 * count(*) filter (where verdict = '企业有责') / count(*) as responsible_rate,
    count(*) filter (where proxy_ticket) as proxy_ticket_audits,
    count(*) filter (where proxy_ticket and proxy_suspect) as proxy_suspects
  from ticket_audits
  group by 1, 2
)

select * from final;

comment on view audit_verdicts_monthly is 'Ticket audit verdicts (新风行动): one row per month and province (by 审核日期). Summed over a month and all provinces, 100 × company_responsible / audits is that month''s rate in audit.monthly_responsible_rate.';
comment on column audit_verdicts_monthly.month is 'month of 审核日期 (its first day)';
comment on column audit_verdicts_monthly.province is '省份: province (one of the 31 short names)';
comment on column audit_verdicts_monthly.audits is 'audits in the month, count';
comment on column audit_verdicts_monthly.company_responsible is 'audits with 定责结果 企业有责, count';
comment on column audit_verdicts_monthly.company_not_responsible is 'audits with 定责结果 企业无责, count';
comment on column audit_verdicts_monthly.customer_caused is 'audits with 定责结果 用户原因, count';
comment on column audit_verdicts_monthly.other_verdicts is 'audits with 定责结果 其他, count';
comment on column audit_verdicts_monthly.responsible_rate is 'share of audits found 企业有责, %';
comment on column audit_verdicts_monthly.proxy_ticket_audits is 'audits of tickets filed by staff for the customer (代客工单), count';
comment on column audit_verdicts_monthly.proxy_suspects is 'of those, audits marked 疑似代客, count';

-- Calls answered by an agent within 15 seconds, by month.
create view calls_answered_15s_monthly as
with final as (
  select
    date_trunc('month', start_time)::date as month,
    hotline,
    count(*) as calls,
    count(*) filter (where queued) as queued_calls,
    count(*) filter (where queued and outcome = '人工接通') as answered_by_agent,
    count(*) filter (where queued and outcome = '人工接通' and wait_seconds <= 15) as answered_within_15s,
    100.0 * count(*) filter (where queued and outcome = '人工接通' and wait_seconds <= 15)
      / nullif(count(*) filter (where queued), 0) as answer_15s_rate
  from call_records
  group by 1, 2
)

select * from final;

comment on view calls_answered_15s_monthly is 'Inbound calls by month (of 呼入时间) and number called. For hotline 10000 and the months of Y, sum(answered_within_15s) / sum(queued_calls) is calls.answer_15s_rate.';
comment on column calls_answered_15s_monthly.month is 'month of 呼入时间 (its first day)';
comment on column calls_answered_15s_monthly.hotline is '接入号: number called, e.g. 10000 (集约热线), 10005';
comment on column calls_answered_15s_monthly.calls is 'inbound calls, count';
comment on column calls_answered_15s_monthly.queued_calls is 'calls that entered the agent queue (转人工), count';
comment on column calls_answered_15s_monthly.answered_by_agent is 'queued calls answered by an agent (呼叫结果 人工接通), count';
comment on column calls_answered_15s_monthly.answered_within_15s is 'queued calls answered by an agent after at most 15 s in the queue (排队时长), count';
comment on column calls_answered_15s_monthly.answer_15s_rate is '人工话务15秒及时接通率 of the month, %: 100 × answered_within_15s / queued_calls';
