-- id: hotline.first_contact_rate
-- label: 一解率
-- unit: %
-- precision: 1
-- sources: hotline_tickets
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 26
-- definition: same tickets: first_contact_resolved / all of them
-- anchor: 一解率达 {} %
with final as (
  select
    count(*) filter (where first_contact_resolved) as numerator,
    count(*) as denominator
  from hotline_tickets_closed_in('10005', :year::int, :year::int)
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
