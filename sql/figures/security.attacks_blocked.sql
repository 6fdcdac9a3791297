-- id: security.attacks_blocked
-- label: 监测和拦截网络攻击次数
-- unit: 次
-- precision: 0
-- sources: security_ops
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 29
-- definition: sum(count) of security_ops type 攻击拦截 in Y
-- anchor: 监测和拦截网络攻击事件 {} 次
-- Each record counts events: a year without records of the type had 0 of them, not "no data".
select coalesce(sum(count), 0) as value
from security_ops_in_year(:year::int)
where type = '攻击拦截'
