-- rows of: audit.monthly_responsible_rate
-- numerator: each audit in Y with verdict 企业有责 counts 1 towards its month's numerator
-- denominator: each audit in Y counts 1 towards its month's denominator
-- series: monthly
-- The value is the mean of the twelve monthly rates 100 × numerator / denominator, by month.
with audits_in_year as (
  select _file_id, _row, audit_id, province, audit_date, verdict, date_trunc('month', audit_date::timestamp)::date as month
  from ticket_audits_in_year(:year::int)
)

select 'ticket_audits' as source, _file_id, _row, 'numerator' as part, 1 as contribution, audit_id, province, audit_date, verdict, month
from audits_in_year
where verdict = '企业有责'

union all

select 'ticket_audits' as source, _file_id, _row, 'denominator' as part, 1 as contribution, audit_id, province, audit_date, verdict, month
from audits_in_year
