-- rows of: selfservice.kb_logins
-- value: each day of 国漫知识库 in Y adds its volume
select 'self_service_daily' as source, _file_id, _row, 'value' as part, volume as contribution, day, service, volume
from self_service_daily_in_year(:year::int)
where service = '国漫知识库'
