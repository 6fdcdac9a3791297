-- id: supervision.actions
-- label: 会议督办次数
-- unit: 次
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 2 公平运营
-- order: 8
-- definition: activities of type 督办 in Y
with supervision_actions_in_year as (
  select activity_id
  from activities
  where type = '督办'
    and activity_date >= make_date(:year::int, 1, 1)
    and activity_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from supervision_actions_in_year
)

select value
from final
