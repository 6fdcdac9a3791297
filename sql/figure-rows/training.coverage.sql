-- rows of: training.coverage
-- denominator: each employee formal at Y-12-31 counts 1
-- numerator: each of them with a signed-in attendance of a session starting in Y counts 1; those
-- numerator: attendances are listed too, with contribution null (they qualify the employee)
with formal_at_year_end as (
  select _file_id, _row, employee_id
  from formal_at(make_date(:year::int, 12, 31)) as formal
),

sessions_in_year as (
  select session_id
  from training_sessions_in_year(:year::int)
),

trained_attendances as (
  select attendance._file_id, attendance._row, attendance.employee_id, attendance.session_id
  from training_attendance as attendance
  inner join sessions_in_year on sessions_in_year.session_id = attendance.session_id
  where attendance.signed_in
)

select 'hr_roster' as source, _file_id, _row, 'numerator' as part, 1 as contribution, employee_id, null as session_id
from formal_at_year_end
where employee_id in (select trained.employee_id from trained_attendances as trained)

union all

select 'training_attendance' as source, _file_id, _row, 'numerator' as part, null as contribution, employee_id, session_id
from trained_attendances
where employee_id in (select formal.employee_id from formal_at_year_end as formal)

union all

select 'hr_roster' as source, _file_id, _row, 'denominator' as part, 1 as contribution, employee_id, null as session_id
from formal_at_year_end
