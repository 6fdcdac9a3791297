-- rows of: survey.instant_provinces
-- value: the first 即时测评 sample in Y of each province counts 1, later ones of the same province 0
with rows_in_year as (
  select _file_id, _row, sample_id, survey, province, touchpoint, survey_date
  from satisfaction_samples_in_year(:year::int)
  where survey = '即时测评'
)

select 'satisfaction_samples' as source, _file_id, _row, 'value' as part, case when row_number() over (partition by province order by _file_id, _row) = 1 then 1 else 0 end as contribution,
  sample_id, survey, province, touchpoint, survey_date
from rows_in_year
