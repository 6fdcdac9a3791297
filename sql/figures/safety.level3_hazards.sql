-- id: safety.level3_hazards
-- label: 3级隐患数
-- unit: 个
-- precision: 0
-- sources: safety_register
-- section: 三、责任绩效 · 4 安全生产
-- order: 2
-- definition: the same with level 3级
with level3_hazards_in_year as (
  select record_id
  from safety_register
  where kind = '隐患'
    and level = '3级'
    and found_date >= make_date(:year::int, 1, 1)
    and found_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from level3_hazards_in_year
)

select value
from final
