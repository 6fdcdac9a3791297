-- id: experience.product_reviews
-- label: 数字化产品体验项数
-- unit: 项
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 12
-- definition: activities of type 数字化产品体验 in Y
-- anchor: 共同开展 {} 项数字化产品体验
select count(*) as value
from activities_in_year(:year::int)
where type = '数字化产品体验'
