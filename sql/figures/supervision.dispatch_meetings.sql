-- id: supervision.dispatch_meetings
-- label: 支撑调度会议次数
-- unit: 次
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 2 公平运营
-- order: 7
-- definition: activities of type 调度会议 in Y
with dispatch_meetings_in_year as (
  select activity_id
  from activities
  where type = '调度会议'
    and activity_date >= make_date(:year::int, 1, 1)
    and activity_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from dispatch_meetings_in_year
)

select value
from final
