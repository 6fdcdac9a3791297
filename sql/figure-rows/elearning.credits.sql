-- rows of: elearning.credits
-- value: each study record in Y adds its credits
select 'elearning_records' as source, _file_id, _row, 'value' as part, credits as contribution, record_id, employee_id, study_date, credits
from elearning_records_in_year(:year::int)
