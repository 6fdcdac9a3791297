-- id: hr.salary_paid_rate
-- label: 员工薪酬支付率
-- unit: %
-- precision: 0
-- sources: hr_roster
-- section: 三、责任绩效 · 7 和谐劳动关系
-- order: 3
-- definition: formal during Y with salary_paid / formal during Y
-- anchor: 员工薪酬支付率 {} %
with final as (
  select
    count(*) filter (where salary_paid) as numerator,
    count(*) as denominator
  from formal_during(:year::int)
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
