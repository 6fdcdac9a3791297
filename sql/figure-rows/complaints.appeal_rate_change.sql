-- rows of: complaints.appeal_rate_change
-- value: each ticket created in month M or M−1 (column month); contribution 1 for a 申诉 ticket,
-- value: 0 for any other. The value is, in percentage points, the 申诉 share of M minus that of M−1.
with months as (
  select
    (to_date(:month, 'YYYY-MM') - interval '1 month')::timestamp as previous_month_start,
    to_date(:month, 'YYYY-MM')::timestamp as month_start,
    (to_date(:month, 'YYYY-MM') + interval '1 month')::timestamp as month_end
)

select
  'hotline_tickets' as source,
  tickets._file_id,
  tickets._row,
  'value' as part,
  case when tickets.category = '申诉' then 1 else 0 end as contribution,
  tickets.ticket_id,
  tickets.created_at,
  tickets.category,
  date_trunc('month', tickets.created_at)::date as month
from hotline_tickets as tickets
cross join months
where tickets.created_at >= months.previous_month_start
  and tickets.created_at < months.month_end
