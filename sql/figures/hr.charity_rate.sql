-- id: hr.charity_rate
-- label: 一日捐参与率
-- unit: %
-- precision: 0
-- sources: hr_roster
-- section: 三、责任绩效 · 7 和谐劳动关系
-- order: 11
-- definition: formal at year end with charity_day / formal at year end
-- anchor: “一日捐”活动员工参与率达 {} %
with final as (
  select
    count(*) filter (where charity_day) as numerator,
    count(*) as denominator
  from formal_at(make_date(:year::int, 12, 31))
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
