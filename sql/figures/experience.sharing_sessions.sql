-- id: experience.sharing_sessions
-- label: 体验分享会期数
-- unit: 期
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 17
-- definition: activities of type 体验分享会 in Y
with sharing_sessions_in_year as (
  select activity_id
  from activities
  where type = '体验分享会'
    and activity_date >= make_date(:year::int, 1, 1)
    and activity_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from sharing_sessions_in_year
)

select value
from final
