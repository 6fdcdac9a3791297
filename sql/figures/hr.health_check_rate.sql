-- id: hr.health_check_rate
-- label: 年度健康体检覆盖率
-- unit: %
-- precision: 0
-- sources: hr_roster
-- section: 三、责任绩效 · 7 和谐劳动关系
-- order: 4
-- definition: formal at year end with health_check / formal at year end
-- anchor: 年度健康体检{全覆盖 = 100}
-- anchor: 年度健康体检覆盖率 {} %
with final as (
  select
    count(*) filter (where health_check) as numerator,
    count(*) as denominator
  from formal_at(make_date(:year::int, 12, 31))
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
