-- rows of: complaints.appeal_rate_change
-- value: each ticket created in month M or M−1 (column month); contribution 1 for a 申诉 ticket,
-- value: 0 for any other. The value is, in percentage points, the 申诉 share of M minus that of M−1.
select 'hotline_tickets' as source, _file_id, _row, 'value' as part, case when category = '申诉' then 1 else 0 end as contribution,
  ticket_id, created_at, category, date_trunc('month', created_at)::date as month
from hotline_tickets_of_month_and_previous(:month)
