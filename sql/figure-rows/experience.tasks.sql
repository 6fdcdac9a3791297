-- rows of: experience.tasks
-- value: each task launched in Y counts 1
select 'experience_tasks' as source, _file_id, _row, 'value' as part, 1 as contribution, task_id, title, launched
from experience_tasks_in_year(:year::int)
