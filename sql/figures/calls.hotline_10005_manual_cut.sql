-- id: calls.hotline_10005_manual_cut
-- label: 10005热线人工话务量压降率
-- unit: %
-- precision: 0
-- periods: Y, Y-1
-- sources: call_records
-- section: 三、责任绩效 · 1 科学发展
-- order: 6
-- definition: calls on hotline 10005 with outcome 人工接通: (1 − count in Y / count in Y−1) × 100
-- numerator: calls of Y; denominator: calls of Y−1. No answered call in Y−1 → not computable.
-- anchor: 压降热线人工话务量达 {} %
-- anchor: 热线人工话务量增加 {} %
-- signs: 压降 下降 减少 降低 +, 上升 增长 增加 -
with final as (
  select
    count(*) filter (where extract(year from start_time) = :year::int) as numerator,
    count(*) filter (where extract(year from start_time) = :year::int - 1) as denominator
  from call_records_in('10005', :year::int - 1, :year::int)
  where outcome = '人工接通'
)

select numerator, denominator, (1 - 1.0 * numerator / nullif(denominator, 0)) * 100 as value
from final
