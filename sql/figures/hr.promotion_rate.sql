-- id: hr.promotion_rate
-- label: 岗位等级晋升人员比例
-- unit: %
-- precision: 0
-- sources: hr_roster
-- section: 三、责任绩效 · 7 和谐劳动关系
-- order: 2
-- definition: formal at year end with promoted / formal at year end
-- anchor: 岗位等级晋升人员比例 {} %
with final as (
  select
    count(*) filter (where promoted) as numerator,
    count(*) as denominator
  from formal_at(make_date(:year::int, 12, 31))
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
