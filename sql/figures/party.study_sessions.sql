-- id: party.study_sessions
-- label: 专题学习及研讨次数
-- unit: 次
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 1 科学发展
-- order: 1
-- definition: activities of type 专题学习 in Y
with study_sessions_in_year as (
  select activity_id
  from activities
  where type = '专题学习'
    and activity_date >= make_date(:year::int, 1, 1)
    and activity_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from study_sessions_in_year
)

select value
from final
