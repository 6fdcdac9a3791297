-- rows of: survey.success_samples
-- value: each successful sample surveyed in Y counts 1
select 'satisfaction_samples' as source, _file_id, _row, 'value' as part, 1 as contribution, sample_id, survey, province, survey_date, status
from satisfaction_samples_in_year(:year::int)
where status = '成功'
