-- id: hr.headcount
-- label: 正式员工人数
-- unit: 人
-- precision: 0
-- sources: hr_roster
-- section: 一、基础信息 · 企业简介
-- order: 1
-- definition: formal at year end
with formal_at_year_end as (
  select employee_id
  from formal_at(make_date(:year::int, 12, 31))
),

final as (
  select count(*) as value
  from formal_at_year_end
)

select value
from final
