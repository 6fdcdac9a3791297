-- rows of: elearning.hours
-- value: each study record in Y adds its minutes / 60 hours
select 'elearning_records' as source, _file_id, _row, 'value' as part, minutes / 60 as contribution, record_id, employee_id, study_date, minutes
from elearning_records_in_year(:year::int)
