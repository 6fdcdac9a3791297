-- id: hr.salary_paid_rate
-- label: 员工薪酬支付率
-- unit: %
-- precision: 0
-- sources: hr_roster
-- definition: formal during Y with salary_paid / formal during Y
with formal_during_year as (
  select salary_paid
  from hr_roster
  where employment_type = '正式'
    and hire_date <= make_date(:year::int, 12, 31)
    and (leave_date is null or leave_date >= make_date(:year::int, 1, 1))
),

final as (
  select
    count(*) filter (where salary_paid) as numerator,
    count(*) as denominator
  from formal_during_year
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
