-- rows of: volunteer.person_times
-- value: each volunteer_service row in Y counts 1
select 'volunteer_service' as source, _file_id, _row, 'value' as part, 1 as contribution, activity_id, employee_id, service_date, hours
from volunteer_service_in_year(:year::int)
