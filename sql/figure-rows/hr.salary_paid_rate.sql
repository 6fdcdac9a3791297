-- rows of: hr.salary_paid_rate
-- numerator: each of them with salary_paid counts 1
-- denominator: each employee formal during Y counts 1
with formal_during_year as (
  select _file_id, _row, employee_id, department, hire_date, leave_date, salary_paid
  from formal_during(:year::int) as formal
)

select 'hr_roster' as source, _file_id, _row, 'numerator' as part, 1 as contribution, employee_id, department, hire_date, leave_date, salary_paid
from formal_during_year
where salary_paid

union all

select 'hr_roster' as source, _file_id, _row, 'denominator' as part, 1 as contribution, employee_id, department, hire_date, leave_date, salary_paid
from formal_during_year
