-- id: calls.answer_15s_rate
-- label: 人工话务15秒及时接通率
-- unit: %
-- precision: 1
-- sources: call_records
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 28
-- definition: calls on hotline 10000 starting in Y with queued: outcome 人工接通 and wait_seconds <= 15 /
-- definition: all of them
with queued_calls_in_year as (
  select outcome, wait_seconds
  from call_records
  where hotline = '10000'
    and queued
    and start_time >= make_date(:year::int, 1, 1)
    and start_time < make_date(:year::int + 1, 1, 1)
),

final as (
  select
    count(*) filter (where outcome = '人工接通' and wait_seconds <= 15) as numerator,
    count(*) as denominator
  from queued_calls_in_year
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
