-- id: experience.magazine_issues
-- label: 《体验进行时》杂志期数
-- unit: 期
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 18
-- definition: activities of type 体验杂志 in Y
with magazine_issues_in_year as (
  select activity_id
  from activities
  where type = '体验杂志'
    and activity_date >= make_date(:year::int, 1, 1)
    and activity_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from magazine_issues_in_year
)

select value
from final
