-- id: contracts.responsibility_rate
-- label: 责任书签约率
-- unit: %
-- precision: 0
-- sources: hr_roster, contracts
-- section: 三、责任绩效 · 2 公平运营
-- order: 1
-- definition: departments of formal at year end that are the counterparty of a 责任书 signed in Y / all
-- definition: departments of formal at year end
-- anchor: 与各部门负责人完成责任书签订工作，签约率达 {} %
with departments_at_year_end as (
  select distinct department
  from formal_at(make_date(:year::int, 12, 31))
),

responsibility_letters_in_year as (
  select distinct counterparty as department
  from contracts_in_year(:year::int)
  where type = '责任书'
),

final as (
  select
    count(*) filter (
      where departments.department in (select letters.department from responsibility_letters_in_year as letters)
    ) as numerator,
    count(*) as denominator
  from departments_at_year_end as departments
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
