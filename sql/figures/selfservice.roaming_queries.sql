-- id: selfservice.roaming_queries
-- label: 国漫智能服务专区查询量
-- unit: 次
-- display_unit: 万次
-- precision: 1
-- sources: self_service_daily
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 3
-- definition: sum(volume) of service 国漫智能服务专区, day in Y
-- anchor: 为各省提供 {} 万次查询
-- A volume from a daily report: a year without any day of the service has no total
-- (null, "no rows"), not 0.
select sum(volume) as value
from self_service_daily_in_year(:year::int)
where service = '国漫智能服务专区'
