-- id: training.attendances
-- label: 参加培训人次
-- unit: 人次
-- precision: 0
-- sources: training_sessions, training_attendance
-- section: 三、责任绩效 · 7 和谐劳动关系
-- order: 8
-- definition: training_attendance rows with signed_in, of sessions starting in Y
-- anchor: 参加培训共计 {} 人次
with sessions_in_year as (
  select session_id
  from training_sessions_in_year(:year::int)
),

-- Attendance rows, not distinct people: one person at two sessions is two 人次.
signed_in_attendances as (
  select attendance.session_id, attendance.employee_id
  from training_attendance as attendance
  where attendance.signed_in
    and attendance.session_id in (select sessions_in_year.session_id from sessions_in_year)
),

final as (
  select count(*) as value
  from signed_in_attendances
)

select value
from final
