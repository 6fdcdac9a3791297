-- rows of: hr.core_talents
-- value: each employee formal at Y-12-31 with talent_tier 核心 counts 1
select 'hr_roster' as source, _file_id, _row, 'value' as part, 1 as contribution, employee_id, department, hire_date, leave_date, talent_tier
from formal_at(make_date(:year::int, 12, 31)) as formal
where talent_tier = '核心'
