-- id: calls.manual_q1_growth
-- label: 一季度集约热线人工话务量同比增长率
-- unit: %
-- precision: 1
-- periods: Y Q1, Y-1 Q1
-- sources: call_records
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 27
-- definition: calls on hotline 10000 with outcome 人工接通 starting in Y Q1 vs Y−1 Q1: (count Y / count
-- definition: Y−1 − 1) × 100
-- numerator: Q1 of Y; denominator: Q1 of Y−1. No answered call in Q1 of Y−1 → not computable.
-- anchor: 一季度集约热线总体人工话务量同比增长 {} %
-- anchor: 一季度集约热线总体人工话务量同比下降 {} %
-- signs: 上升 增长 增加 提高 +, 下降 减少 降低 -
with final as (
  select
    count(*) filter (where extract(year from start_time) = :year::int) as numerator,
    count(*) filter (where extract(year from start_time) = :year::int - 1) as denominator
  from call_records_in('10000', :year::int - 1, :year::int)
  where outcome = '人工接通'
    and extract(month from start_time) <= 3
)

select numerator, denominator, (1.0 * numerator / nullif(denominator, 0) - 1) * 100 as value
from final
