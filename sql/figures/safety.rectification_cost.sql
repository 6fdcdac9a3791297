-- id: safety.rectification_cost
-- label: 隐患整改资金
-- unit: 元
-- display_unit: 万元
-- precision: 2
-- sources: safety_register
-- definition: sum(cost) of those hazards
with hazards_in_year as (
  select cost
  from safety_register
  where kind = '隐患'
    and found_date >= make_date(:year::int, 1, 1)
    and found_date < make_date(:year::int + 1, 1, 1)
),

-- An amount, not a count: without hazards in the year, or without any cost recorded for
-- them, there is no total to report (null, with the reason), not 0 元.
final as (
  select
    sum(cost) as value,
    case
      when count(*) = 0 then format('no hazard (kind 隐患) was found in %s: no rectification cost to sum', :year::int)
      when count(cost) = 0 then format('none of the %s hazards found in %s has a 整改费用 (cost)', count(*), :year::int)
    end as reason
  from hazards_in_year
)

select value, reason
from final
