-- rows of: volunteer.activities
-- value: the first volunteer_service row in Y of each activity_id counts 1, later rows of the same activity 0
with rows_in_year as (
  select _file_id, _row, activity_id, employee_id, service_date, hours
  from volunteer_service_in_year(:year::int)
)

select 'volunteer_service' as source, _file_id, _row, 'value' as part, case when row_number() over (partition by activity_id order by _file_id, _row) = 1 then 1 else 0 end as contribution,
  activity_id, employee_id, service_date, hours
from rows_in_year
