-- id: calls.hotline_10005_manual_cut
-- label: 10005热线人工话务量压降率
-- unit: %
-- precision: 0
-- periods: Y, Y-1
-- sources: call_records
-- section: 三、责任绩效 · 1 科学发展
-- order: 6
-- definition: calls on hotline 10005 with outcome 人工接通: (1 − count in Y / count in Y−1) × 100
with answered_calls_in_two_years as (
  select extract(year from start_time)::int as call_year
  from call_records
  where hotline = '10005'
    and outcome = '人工接通'
    and start_time >= make_date(:year::int - 1, 1, 1)
    and start_time < make_date(:year::int + 1, 1, 1)
),

-- numerator: calls of Y; denominator: calls of Y−1. No answered call in Y−1 → not computable.
final as (
  select
    count(*) filter (where call_year = :year::int) as numerator,
    count(*) filter (where call_year = :year::int - 1) as denominator
  from answered_calls_in_two_years
)

select numerator, denominator, (1 - 1.0 * numerator / nullif(denominator, 0)) * 100 as value
from final
