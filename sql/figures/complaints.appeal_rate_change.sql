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
-- anchor: 升级至工信部的申诉工单率环比下降 {} %
-- anchor: 申诉工单率环比上升 {} %
-- signs: 上升 增长 增加 提高 +, 下降 减少 降低 -
with tickets_in_two_months as (
  select created_at >= to_date(:month, 'YYYY-MM') as in_month, category = '申诉' as is_appeal
  from hotline_tickets_of_month_and_previous(:month)
),

monthly_shares as (
  select
    100.0 * count(*) filter (where in_month and is_appeal) / nullif(count(*) filter (where in_month), 0) as month_share,
    100.0 * count(*) filter (where not in_month and is_appeal) / nullif(count(*) filter (where not in_month), 0) as previous_month_share
  from tickets_in_two_months
)

-- A difference of two shares, not a rate: no numerator or denominator. Either month empty
-- gives a null share, hence a null (not computable) value.
select month_share - previous_month_share as value, null::numeric as numerator, null::numeric as denominator
from monthly_shares
