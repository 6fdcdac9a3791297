-- id: hotline.handle_time_cut
-- label: 工单处理时长缩短
-- unit: 秒
-- precision: 0
-- periods: Y, Y-1
-- sources: hotline_tickets
-- section: 三、责任绩效 · 1 科学发展
-- order: 5
-- definition: avg(handle_seconds) of 10005 tickets closed in Y−1 minus the same for Y
-- anchor: 缩短工单处理时长 {} 秒/件
-- anchor: 工单处理时长延长 {} 秒/件
-- signs: 缩短 减少 压降 +, 延长 增加 -
with yearly_averages as (
  select
    avg(handle_seconds) filter (where extract(year from closed_at) = :year::int - 1) as previous_year_avg_seconds,
    avg(handle_seconds) filter (where extract(year from closed_at) = :year::int) as year_avg_seconds
  from hotline_tickets_closed_in('10005', :year::int - 1, :year::int)
)

-- A difference, not a rate: no numerator or denominator. An empty year gives a null average,
-- hence a null (not computable) value.
select previous_year_avg_seconds - year_avg_seconds as value, null::numeric as numerator, null::numeric as denominator
from yearly_averages
