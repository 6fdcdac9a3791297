-- id: energy.plan_ratio
-- label: 耗电量占考核计划比例
-- unit: %
-- precision: 2
-- sources: energy
-- section: 三、责任绩效 · 1 科学发展
-- order: 11
-- definition: sum(kwh) / sum(plan_kwh) over the months of Y
-- anchor: 年内总耗电量达到考核计划的 {} %
-- A year without any month gives null sums, hence a null value ("no rows").
with final as (
  select
    sum(kwh) as numerator,
    sum(plan_kwh) as denominator
  from energy_in_year(:year::int)
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
