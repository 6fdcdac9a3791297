-- id: complaints.internet_growth
-- label: 互联网投诉量环比增长率
-- unit: %
-- precision: 2
-- periods: M, M-1
-- sources: hotline_tickets
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 21
-- definition: tickets (any hotline) with channel 互联网 and category 投诉 created in month M
-- definition: vs month M−1: (count M / count M−1 − 1) × 100. For 2023, M = 2023-07 (the new
-- definition: internet entry went live on 2023-07-01). M is a parameter of the report year,
-- definition: recorded with the figure
-- anchor: 上线后互联网投诉量环比上升 {} %
-- anchor: 互联网投诉量环比下降 {} %
-- signs: 上升 增长 增加 提高 +, 下降 减少 降低 -
with final as (
  select
    count(*) filter (where created_at >= to_date(:month, 'YYYY-MM')) as numerator,
    count(*) filter (where created_at < to_date(:month, 'YYYY-MM')) as denominator
  from hotline_tickets_of_month_and_previous(:month)
  where channel = '互联网'
    and category = '投诉'
)

select numerator, denominator, (1.0 * numerator / nullif(denominator, 0) - 1) * 100 as value
from final
