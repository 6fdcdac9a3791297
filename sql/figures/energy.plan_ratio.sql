-- id: energy.plan_ratio
-- label: 耗电量占考核计划比例
-- unit: %
-- precision: 2
-- sources: energy
-- section: 三、责任绩效 · 1 科学发展
-- order: 11
-- definition: sum(kwh) / sum(plan_kwh) over the months of Y
with months_in_year as (
  select kwh, plan_kwh
  from energy
  where month >= make_date(:year::int, 1, 1)
    and month < make_date(:year::int + 1, 1, 1)
),

-- A year without any month gives null sums, hence a null value ("no rows").
final as (
  select
    sum(kwh) as numerator,
    sum(plan_kwh) as denominator
  from months_in_year
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
