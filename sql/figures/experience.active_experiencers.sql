-- id: experience.active_experiencers
-- label: 维系体验员人数
-- unit: 位
-- precision: 0
-- sources: experiencers
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 16
-- definition: experiencers joined on or before Y-12-31 and not left on or before Y-12-31
-- anchor: [体验员]维系 {} 位
-- anchor: 维系体验员 {} 位
select count(*) as value
from experiencers_active_at(make_date(:year::int, 12, 31))
