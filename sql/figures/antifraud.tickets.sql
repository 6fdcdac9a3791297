-- id: antifraud.tickets
-- label: 反诈支撑工单量
-- unit: 件
-- precision: 0
-- periods: Y 01-10
-- sources: hotline_tickets
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 20
-- definition: tickets with channel in {一证通查, 12381, 不良信息举报} created from Y-01-01 through Y-10-31
-- anchor: 截至 10 月底累计支撑 {} 件
select count(*) as value
from antifraud_tickets_in_year(:year::int)
