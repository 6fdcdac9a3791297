-- id: calls.answer_15s_rate
-- label: 人工话务15秒及时接通率
-- unit: %
-- precision: 1
-- sources: call_records
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 28
-- definition: calls on hotline 10000 starting in Y with queued: outcome 人工接通 and wait_seconds <= 15 /
-- definition: all of them
-- anchor: 人工话务 15 秒及时接通率达 {} %
with final as (
  select
    count(*) filter (where outcome = '人工接通' and wait_seconds <= 15) as numerator,
    count(*) as denominator
  from call_records_in('10000', :year::int, :year::int)
  where queued
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
