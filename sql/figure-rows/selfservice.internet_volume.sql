-- rows of: selfservice.internet_volume
-- value: each day of 互联网自助服务 in Y adds its volume
select 'self_service_daily' as source, _file_id, _row, 'value' as part, volume as contribution, day, service, volume
from self_service_daily_in_year(:year::int)
where service = '互联网自助服务'
