-- id: security.ips_blocked
-- label: 封堵攻击IP地址数
-- unit: 个
-- precision: 0
-- sources: security_ops
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 30
-- definition: sum(count) of type IP封堵 in Y
-- anchor: 封堵攻击 IP 地址 {} 个
-- Each record counts events: a year without records of the type had 0 of them, not "no data".
select coalesce(sum(count), 0) as value
from security_ops_in_year(:year::int)
where type = 'IP封堵'
