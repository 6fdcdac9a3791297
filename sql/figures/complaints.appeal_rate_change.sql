-- id: complaints.appeal_rate_change
-- label: 申诉工单率环比变化
-- unit: pp
-- precision: 2
-- periods: M, M-1
-- sources: hotline_tickets
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 22
-- definition: share of category 申诉 among all tickets created in month M, minus the same share
-- definition: in M−1, in percentage points (same M)
with months as (
  select
    (to_date(:month, 'YYYY-MM') - interval '1 month')::timestamp as previous_month_start,
    to_date(:month, 'YYYY-MM')::timestamp as month_start,
    (to_date(:month, 'YYYY-MM') + interval '1 month')::timestamp as month_end
),

tickets_in_two_months as (
  select
    tickets.created_at >= months.month_start as in_month,
    tickets.category = '申诉' as is_appeal
  from hotline_tickets as tickets
  cross join months
  where tickets.created_at >= months.previous_month_start
    and tickets.created_at < months.month_end
),

monthly_shares as (
  select
    100.0 * count(*) filter (where in_month and is_appeal)
      / nullif(count(*) filter (where in_month), 0) as month_share,
    100.0 * count(*) filter (where not in_month and is_appeal)
      / nullif(count(*) filter (where not in_month), 0) as previous_month_share
  from tickets_in_two_months
),

-- A difference of two shares, not a rate: no numerator or denominator. Either month empty
-- gives a null share, hence a null (not computable) value.
final as (
  select
    month_share - previous_month_share as value,
    null::numeric as numerator,
    null::numeric as denominator
  from monthly_shares
)

select value, numerator, denominator
from final
