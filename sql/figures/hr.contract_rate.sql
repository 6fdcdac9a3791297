-- id: hr.contract_rate
-- label: 劳动合同签订率
-- unit: %
-- precision: 0
-- sources: hr_roster
-- definition: formal during Y with contract_signed / formal during Y
with formal_during_year as (
  select contract_signed
  from hr_roster
  where employment_type = '正式'
    and hire_date <= make_date(:year::int, 12, 31)
    and (leave_date is null or leave_date >= make_date(:year::int, 1, 1))
),

final as (
  select
    count(*) filter (where contract_signed) as numerator,
    count(*) as denominator
  from formal_during_year
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
