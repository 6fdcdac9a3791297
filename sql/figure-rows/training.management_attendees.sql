-- rows of: training.management_attendees
-- value: each signed-in attendance of a 专业管理类 session starting in month Y-10; the first of each
-- value: employee counts 1, the others 0. The sessions are listed with contribution null.
with management_sessions_in_october as (
  select _file_id, _row, session_id, start_date
  from training_sessions
  where category = '专业管理类'
    and start_date >= make_date(:year::int, 10, 1)
    and start_date < make_date(:year::int, 11, 1)
),

attendances as (
  select attendance._file_id, attendance._row, attendance.session_id, attendance.employee_id
  from training_attendance as attendance
  inner join management_sessions_in_october as sessions
    on sessions.session_id = attendance.session_id
  where attendance.signed_in
)

select 'training_attendance' as source, _file_id, _row, 'value' as part, case when row_number() over (partition by employee_id order by _file_id, _row) = 1 then 1 else 0 end as contribution,
  session_id, employee_id, null::date as start_date
from attendances

union all

select 'training_sessions' as source, _file_id, _row, 'value' as part, null as contribution, session_id, null as employee_id, start_date
from management_sessions_in_october
