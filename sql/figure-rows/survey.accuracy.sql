-- rows of: survey.accuracy
-- numerator: each of them that passed the audit counts 1
-- denominator: each audited sample surveyed in Y counts 1
with audited_samples_in_year as (
  select _file_id, _row, sample_id, survey, province, survey_date, audit_passed
  from satisfaction_samples_in_year(:year::int)
  where audited
)

select 'satisfaction_samples' as source, _file_id, _row, 'numerator' as part, 1 as contribution, sample_id, survey, province, survey_date, audit_passed
from audited_samples_in_year
where audit_passed is true

union all

select 'satisfaction_samples' as source, _file_id, _row, 'denominator' as part, 1 as contribution, sample_id, survey, province, survey_date, audit_passed
from audited_samples_in_year
