-- id: team.learning_activities
-- label: 班组学习活动次数
-- unit: 次
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 1 科学发展
-- order: 8
-- definition: activities of type 班组学习 in Y
with team_learning_in_year as (
  select activity_id
  from activities
  where type = '班组学习'
    and activity_date >= make_date(:year::int, 1, 1)
    and activity_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from team_learning_in_year
)

select value
from final
