-- rows of: complaints.internet_growth
-- numerator: each 互联网 投诉 ticket created in month M counts 1
-- denominator: each 互联网 投诉 ticket created in month M−1 counts 1
with months as (
  select
    (to_date(:month, 'YYYY-MM') - interval '1 month')::timestamp as previous_month_start,
    to_date(:month, 'YYYY-MM')::timestamp as month_start,
    (to_date(:month, 'YYYY-MM') + interval '1 month')::timestamp as month_end
),

internet_complaints as (
  select
    tickets._file_id,
    tickets._row,
    tickets.ticket_id,
    tickets.hotline,
    tickets.created_at,
    tickets.created_at >= months.month_start as in_month
  from hotline_tickets as tickets
  cross join months
  where tickets.channel = '互联网'
    and tickets.category = '投诉'
    and tickets.created_at >= months.previous_month_start
    and tickets.created_at < months.month_end
)

select 'hotline_tickets' as source, _file_id, _row, 'numerator' as part, 1 as contribution, ticket_id, hotline, created_at
from internet_complaints
where in_month

union all

select 'hotline_tickets' as source, _file_id, _row, 'denominator' as part, 1 as contribution, ticket_id, hotline, created_at
from internet_complaints
where not in_month
