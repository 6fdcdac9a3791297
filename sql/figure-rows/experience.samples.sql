-- rows of: experience.samples
-- value: each task launched in Y adds its samples
select 'experience_tasks' as source, _file_id, _row, 'value' as part, samples as contribution, task_id, title, launched, samples
from experience_tasks_in_year(:year::int)
