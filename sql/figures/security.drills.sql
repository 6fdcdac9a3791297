-- id: security.drills
-- label: 网信安全应急演练次数
-- unit: 次
-- precision: 0
-- sources: security_ops
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 33
-- definition: sum(count) of type 应急演练 in Y
-- anchor: 网信安全应急演练 {} 次
-- Each record counts events: a year without records of the type had 0 of them, not "no data".
select coalesce(sum(count), 0) as value
from security_ops_in_year(:year::int)
where type = '应急演练'
