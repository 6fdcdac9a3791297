-- rows of: survey.instant_provinces
-- value: the first 即时测评 sample in Y of each province counts 1, later ones of the same province 0
with rows_in_year as (
  select _file_id, _row, sample_id, survey, province, touchpoint, survey_date
  from satisfaction_samples
  where survey = '即时测评'
    and survey_date >= make_date(:year::int, 1, 1)
    and survey_date < make_date(:year::int + 1, 1, 1)
)

select
  'satisfaction_samples' as source,
  _file_id,
  _row,
  'value' as part,
  case when row_number() over (partition by province order by _file_id, _row) = 1 then 1 else 0 end as contribution,
  sample_id, survey, province, touchpoint, survey_date
from rows_in_year
