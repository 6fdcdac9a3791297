-- rows of: hr.headcount
-- value: each employee formal at Y-12-31 counts 1
select 'hr_roster' as source, _file_id, _row, 'value' as part, 1 as contribution, employee_id, department, employment_type, hire_date, leave_date
from formal_at(make_date(:year::int, 12, 31)) as formal
