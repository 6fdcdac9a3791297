-- id: selfservice.diversion_rate
-- label: 人工话务分流率
-- unit: %
-- precision: 0
-- sources: self_service_daily
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 2
-- definition: for service 互联网自助服务, days in Y: sum(volume) / (sum(volume) + sum(manual_calls))
-- anchor: 实现人工话务分流 {} %
-- The denominator adds the day's 人工话务量 (manual_calls). A day that leaves it empty would
-- make the manual calls look fewer and the rate higher than it is, so any such day makes the
-- figure not computable, naming the days; it is never read as 0.
with final as (
  select
    sum(volume) as numerator,
    case when count(*) = count(manual_calls) then sum(volume) + sum(manual_calls) end as denominator,
    case
      when count(*) > count(manual_calls) then format(
        '%s of the %s days of 互联网自助服务 in %s have no 人工话务量 (manual_calls), e.g. %s: the share of manual calls diverted needs them all',
        count(*) - count(manual_calls), count(*), :year::int,
        (array_agg(day::text order by day) filter (where manual_calls is null))[1]
      )
    end as reason
  from self_service_daily_in_year(:year::int)
  where service = '互联网自助服务'
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value, reason
from final
