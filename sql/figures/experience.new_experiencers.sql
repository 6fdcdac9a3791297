-- id: experience.new_experiencers
-- label: 新增体验员人数
-- unit: 位
-- precision: 0
-- sources: experiencers
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 15
-- definition: experiencers joined in Y
-- anchor: 新增体验员 {} 位
select count(*) as value
from experiencers_joined_in_year(:year::int)
