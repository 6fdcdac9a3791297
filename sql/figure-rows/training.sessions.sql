-- rows of: training.sessions
-- value: each session starting in Y counts 1
select
  'training_sessions' as source,
  _file_id,
  _row,
  'value' as part,
  1 as contribution,
  session_id,
  category,
  start_date,
  hours
from training_sessions
where start_date >= make_date(:year::int, 1, 1)
  and start_date < make_date(:year::int + 1, 1, 1)
