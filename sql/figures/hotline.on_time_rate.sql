-- id: hotline.on_time_rate
-- label: 工单处理及时率
-- unit: %
-- precision: 1
-- sources: hotline_tickets
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 23
-- definition: hotline 10005 tickets with closed_at in Y: closed_at <= deadline / all of them
with closed_in_year as (
  select closed_at, deadline
  from hotline_tickets
  where hotline = '10005'
    and closed_at >= make_date(:year::int, 1, 1)
    and closed_at < make_date(:year::int + 1, 1, 1)
),

final as (
  select
    count(*) filter (where closed_at <= deadline) as numerator,
    count(*) as denominator
  from closed_in_year
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
