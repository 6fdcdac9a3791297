-- rows of: training.attendances
-- value: each signed-in attendance of a session starting in Y counts 1; the sessions themselves
-- value: are listed with contribution null (they put their attendances in Y)
with sessions_in_year as (
  select _file_id, _row, session_id, start_date
  from training_sessions_in_year(:year::int)
)

select 'training_attendance' as source, attendance._file_id, attendance._row, 'value' as part, 1 as contribution,
  attendance.session_id, attendance.employee_id, null::date as start_date
from training_attendance as attendance
where attendance.signed_in
  and attendance.session_id in (select sessions_in_year.session_id from sessions_in_year)

union all

select 'training_sessions' as source, _file_id, _row, 'value' as part, null as contribution, session_id, null as employee_id, start_date
from sessions_in_year
