-- id: safety.infosec_violations
-- label: 信息安全违规事件数
-- unit: 起
-- precision: 0
-- sources: safety_register
-- section: 三、责任绩效 · 4 安全生产
-- order: 6
-- definition: kind 信息安全违规 with found_date in Y
with infosec_violations_in_year as (
  select record_id
  from safety_register
  where kind = '信息安全违规'
    and found_date >= make_date(:year::int, 1, 1)
    and found_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from infosec_violations_in_year
)

select value
from final
