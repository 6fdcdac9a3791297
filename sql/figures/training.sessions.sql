-- id: training.sessions
-- label: 专业培训班次数
-- unit: 次
-- precision: 0
-- sources: training_sessions
-- section: 三、责任绩效 · 7 和谐劳动关系
-- order: 7
-- definition: training_sessions with start_date in Y
with sessions_in_year as (
  select session_id
  from training_sessions
  where start_date >= make_date(:year::int, 1, 1)
    and start_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from sessions_in_year
)

select value
from final
