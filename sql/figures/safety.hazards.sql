-- id: safety.hazards
-- label: 安全生产隐患数
-- unit: 个
-- precision: 0
-- sources: safety_register
-- section: 三、责任绩效 · 4 安全生产
-- order: 1
-- definition: safety_register kind 隐患 with found_date in Y
with hazards_in_year as (
  select record_id
  from safety_register
  where kind = '隐患'
    and found_date >= make_date(:year::int, 1, 1)
    and found_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from hazards_in_year
)

select value
from final
