-- id: security.ips_blocked
-- label: 封堵攻击IP地址数
-- unit: 个
-- precision: 0
-- sources: security_ops
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 30
-- definition: sum(count) of type IP封堵 in Y
with ip_blocks_in_year as (
  select count
  from security_ops
  where type = 'IP封堵'
    and record_date >= make_date(:year::int, 1, 1)
    and record_date < make_date(:year::int + 1, 1, 1)
),

-- Each record counts events: a year without records of the type had 0 of them, not "no data".
final as (
  select coalesce(sum(count), 0) as value
  from ip_blocks_in_year
)

select value
from final
