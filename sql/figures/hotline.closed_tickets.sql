-- id: hotline.closed_tickets
-- label: 10005 热线工单办结量
-- unit: 件
-- display_unit: 万件
-- precision: 1
-- sources: hotline_tickets
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 23.5
-- definition: hotline 10005 tickets with closed_at in Y (the tickets the on-time and first-contact rates are over)
-- anchor: 10005 热线办结工单 {} 万件
select count(*) as value
from hotline_tickets_closed_in('10005', :year::int, :year::int)
