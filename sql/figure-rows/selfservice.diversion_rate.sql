-- rows of: selfservice.diversion_rate
-- numerator: each day of 互联网自助服务 in Y adds its volume
-- denominator: each of those days adds its volume + manual_calls (an empty 人工话务量 adds 0)
with internet_self_service_days as (
  select _file_id, _row, day, service, volume, manual_calls
  from self_service_daily_in_year(:year::int)
  where service = '互联网自助服务'
)

select 'self_service_daily' as source, _file_id, _row, 'numerator' as part, volume as contribution, day, service, volume, manual_calls
from internet_self_service_days

union all

select 'self_service_daily' as source, _file_id, _row, 'denominator' as part, volume + coalesce(manual_calls, 0) as contribution,
  day, service, volume, manual_calls
from internet_self_service_days
