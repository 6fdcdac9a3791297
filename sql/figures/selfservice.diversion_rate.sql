-- id: selfservice.diversion_rate
-- label: 人工话务分流率
-- unit: %
-- precision: 0
-- sources: self_service_daily
-- definition: for service 互联网自助服务, days in Y: sum(volume) / (sum(volume) + sum(manual_calls))
with internet_self_service_days as (
  select volume, manual_calls
  from self_service_daily
  where service = '互联网自助服务'
    and day >= make_date(:year::int, 1, 1)
    and day < make_date(:year::int + 1, 1, 1)
),

-- A day with 人工话务量 (manual_calls) empty adds 0 manual calls; its volume still counts.
-- A year without any day gives null sums, hence a null value ("no rows").
final as (
  select
    sum(volume) as numerator,
    sum(volume) + sum(coalesce(manual_calls, 0)) as denominator
  from internet_self_service_days
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
