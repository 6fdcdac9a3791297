-- rows of: supervision.provinces
-- value: the first activity of type 督办 in Y of each province counts 1, later ones of the same province 0 (activities without a province are left out, as count(distinct) does)
with rows_in_year as (
  select _file_id, _row, activity_id, activity_date, type, title, province
  from activities_in_year(:year::int)
  where type = '督办'
    and province is not null
)

select 'activities' as source, _file_id, _row, 'value' as part, case when row_number() over (partition by province order by _file_id, _row) = 1 then 1 else 0 end as contribution,
  activity_id, activity_date, type, title, province
from rows_in_year
