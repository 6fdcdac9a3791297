-- id: security.attacks_blocked
-- label: 监测和拦截网络攻击次数
-- unit: 次
-- precision: 0
-- sources: security_ops
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 29
-- definition: sum(count) of security_ops type 攻击拦截 in Y
with attack_blocks_in_year as (
  select count
  from security_ops
  where type = '攻击拦截'
    and record_date >= make_date(:year::int, 1, 1)
    and record_date < make_date(:year::int + 1, 1, 1)
),

-- Each record counts events: a year without records of the type had 0 of them, not "no data".
final as (
  select coalesce(sum(count), 0) as value
  from attack_blocks_in_year
)

select value
from final
