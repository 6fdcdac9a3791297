-- id: training.management_attendees
-- label: 专业管理类培训参训人数
-- unit: 人
-- precision: 0
-- periods: Y 10
-- sources: training_sessions, training_attendance
-- section: 三、责任绩效 · 7 和谐劳动关系
-- order: 10
-- definition: distinct signed-in employees of sessions with category 专业管理类 starting in month Y-10
-- anchor: 管理人员及高级专家、二级专家、骨干人才共 {} 人
with management_sessions_in_october as (
  select session_id
  from training_sessions
  where category = '专业管理类'
    and start_date >= make_date(:year::int, 10, 1)
    and start_date < make_date(:year::int, 11, 1)
),

final as (
  select count(distinct attendance.employee_id) as value
  from training_attendance as attendance
  inner join management_sessions_in_october as sessions
    on sessions.session_id = attendance.session_id
  where attendance.signed_in
)

select value
from final
