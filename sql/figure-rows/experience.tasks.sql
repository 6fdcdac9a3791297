-- rows of: experience.tasks
-- value: each task launched in Y counts 1
select
  'experience_tasks' as source,
  _file_id,
  _row,
  'value' as part,
  1 as contribution,
  task_id,
  title,
  launched
from experience_tasks
where launched >= make_date(:year::int, 1, 1)
  and launched < make_date(:year::int + 1, 1, 1)
