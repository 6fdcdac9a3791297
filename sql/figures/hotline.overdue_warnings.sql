-- id: hotline.overdue_warnings
-- label: 超时警示件数
-- unit: 件
-- precision: 0
-- sources: hotline_tickets
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 25
-- definition: hotline 10005 tickets created in Y with overdue_warning
-- anchor: 超时警示 {} 件
select count(*) as value
from hotline_tickets_created_in('10005', :year::int)
where overdue_warning
