-- id: safety.rectification_cost
-- label: 隐患整改资金
-- unit: 元
-- display_unit: 万元
-- precision: 2
-- sources: safety_register
-- section: 三、责任绩效 · 4 安全生产
-- order: 4
-- definition: sum(cost) of those hazards
-- anchor: 共使用资金 {} 万
-- anchor: 整改资金 {} 万元
-- An amount, not a count: without hazards in the year there is no total to report, and a
-- hazard without a cost recorded would leave its cost out (null, with the reason), not 0 元.
select
  case when count(cost) = count(*) then sum(cost) end as value,
  case
    when count(*) = 0 then format('no hazard (kind 隐患) was found in %s: no rectification cost to sum', :year::int)
    when count(cost) < count(*) then format('%s of the %s hazards found in %s have no 整改费用 (cost): the total would leave them out', count(*) - count(cost), count(*), :year::int)
  end as reason
from safety_register_in_year(:year::int)
where kind = '隐患'
