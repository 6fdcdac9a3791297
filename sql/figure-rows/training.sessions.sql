-- rows of: training.sessions
-- value: each session starting in Y counts 1
select 'training_sessions' as source, _file_id, _row, 'value' as part, 1 as contribution, session_id, category, start_date, hours
from training_sessions_in_year(:year::int)
