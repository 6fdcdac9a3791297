-- rows of: volunteer.hours
-- value: each volunteer_service row in Y adds its hours
select 'volunteer_service' as source, _file_id, _row, 'value' as part, hours as contribution, activity_id, employee_id, service_date, hours
from volunteer_service_in_year(:year::int)
