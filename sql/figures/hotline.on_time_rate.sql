-- id: hotline.on_time_rate
-- label: 工单处理及时率
-- unit: %
-- precision: 1
-- sources: hotline_tickets
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 23
-- definition: hotline 10005 tickets with closed_at in Y: closed_at <= deadline / all of them
-- anchor: 工单处理及时率达 {} %
with closed_in_year as (
  select closed_at, deadline
  from hotline_tickets_closed_in('10005', :year::int, :year::int)
),

final as (
  select
    count(*) filter (where closed_at <= deadline) as numerator,
    count(*) as denominator
  from closed_in_year
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
