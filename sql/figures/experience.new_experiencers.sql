-- id: experience.new_experiencers
-- label: 新增体验员人数
-- unit: 位
-- precision: 0
-- sources: experiencers
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 15
-- definition: experiencers joined in Y
with joined_in_year as (
  select experiencer_id
  from experiencers
  where joined >= make_date(:year::int, 1, 1)
    and joined < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from joined_in_year
)

select value
from final
