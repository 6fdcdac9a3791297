-- rows of: complaints.internet_growth
-- numerator: each 互联网 投诉 ticket created in month M counts 1
-- denominator: each 互联网 投诉 ticket created in month M−1 counts 1
with internet_complaints as (
  select _file_id, _row, ticket_id, hotline, created_at, created_at >= to_date(:month, 'YYYY-MM') as in_month
  from hotline_tickets_of_month_and_previous(:month)
  where channel = '互联网'
    and category = '投诉'
)

select 'hotline_tickets' as source, _file_id, _row, 'numerator' as part, 1 as contribution, ticket_id, hotline, created_at
from internet_complaints
where in_month

union all

select 'hotline_tickets' as source, _file_id, _row, 'denominator' as part, 1 as contribution, ticket_id, hotline, created_at
from internet_complaints
where not in_month
