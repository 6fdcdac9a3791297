-- id: selfservice.internet_volume
-- label: 互联网自助服务量
-- unit: 次
-- display_unit: 万次
-- precision: 1
-- sources: self_service_daily
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 1
-- definition: sum(volume) of service 互联网自助服务, day in Y
-- anchor: 利用互联网自助服务为用户提供服务 {} 万次
-- A volume from a daily report: a year without any day of the service has no total
-- (null, "no rows"), not 0.
select sum(volume) as value
from self_service_daily_in_year(:year::int)
where service = '互联网自助服务'
