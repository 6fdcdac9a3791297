-- id: party.branch_lectures
-- label: 支部书记党课次数
-- unit: 次
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 1 科学发展
-- order: 3
-- definition: activities of type 支部书记党课 in Y
with branch_lectures_in_year as (
  select activity_id
  from activities
  where type = '支部书记党课'
    and activity_date >= make_date(:year::int, 1, 1)
    and activity_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from branch_lectures_in_year
)

select value
from final
