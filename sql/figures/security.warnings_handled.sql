-- id: security.warnings_handled
-- label: 紧急预警单响应数
-- unit: 张
-- precision: 0
-- sources: security_ops
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 31
-- definition: sum(count) of type 预警响应 in Y
-- anchor: 紧急预警单响应 {} 张
-- Each record counts events: a year without records of the type had 0 of them, not "no data".
select coalesce(sum(count), 0) as value
from security_ops_in_year(:year::int)
where type = '预警响应'
