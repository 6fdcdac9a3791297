-- rows of: hr.health_check_rate
-- numerator: each of them with health_check counts 1
-- denominator: each employee formal at Y-12-31 counts 1
with formal_at_year_end as (
  select _file_id, _row, employee_id, department, hire_date, leave_date, health_check
  from formal_at(make_date(:year::int, 12, 31)) as formal
)

select 'hr_roster' as source, _file_id, _row, 'numerator' as part, 1 as contribution, employee_id, department, hire_date, leave_date, health_check
from formal_at_year_end
where health_check

union all

select 'hr_roster' as source, _file_id, _row, 'denominator' as part, 1 as contribution, employee_id, department, hire_date, leave_date, health_check
from formal_at_year_end
