-- id: experience.active_experiencers
-- label: 维系体验员人数
-- unit: 位
-- precision: 0
-- sources: experiencers
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 16
-- definition: experiencers joined on or before Y-12-31 and not left on or before Y-12-31
with active_at_year_end as (
  select experiencer_id
  from experiencers
  where joined <= make_date(:year::int, 12, 31)
    and ("left" is null or "left" > make_date(:year::int, 12, 31))
),

final as (
  select count(*) as value
  from active_at_year_end
)

select value
from final
