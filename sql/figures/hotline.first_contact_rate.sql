-- id: hotline.first_contact_rate
-- label: 一解率
-- unit: %
-- precision: 1
-- sources: hotline_tickets
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 26
-- definition: same tickets: first_contact_resolved / all of them
with closed_in_year as (
  select first_contact_resolved
  from hotline_tickets
  where hotline = '10005'
    and closed_at >= make_date(:year::int, 1, 1)
    and closed_at < make_date(:year::int + 1, 1, 1)
),

final as (
  select
    count(*) filter (where first_contact_resolved) as numerator,
    count(*) as denominator
  from closed_in_year
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
