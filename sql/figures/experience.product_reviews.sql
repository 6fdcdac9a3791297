-- id: experience.product_reviews
-- label: 数字化产品体验项数
-- unit: 项
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 12
-- definition: activities of type 数字化产品体验 in Y
with product_reviews_in_year as (
  select activity_id
  from activities
  where type = '数字化产品体验'
    and activity_date >= make_date(:year::int, 1, 1)
    and activity_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from product_reviews_in_year
)

select value
from final
