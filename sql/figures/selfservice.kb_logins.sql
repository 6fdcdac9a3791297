-- id: selfservice.kb_logins
-- label: 国漫知识库登录人次
-- unit: 人次
-- display_unit: 万人次
-- precision: 1
-- sources: self_service_daily
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 4
-- definition: sum(volume) of service 国漫知识库, day in Y
-- anchor: 国漫业务知识库支撑 {} 万人次登录使用
-- A volume from a daily report: a year without any day of the service has no total
-- (null, "no rows"), not 0.
select sum(volume) as value
from self_service_daily_in_year(:year::int)
where service = '国漫知识库'
