-- id: hotline.appeal_warnings
-- label: 申诉倾向预警件数
-- unit: 件
-- precision: 0
-- sources: hotline_tickets
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 24
-- definition: hotline 10005 tickets created in Y with appeal_warning
-- anchor: 累计发布申诉倾向预警 {} 件
select count(*) as value
from hotline_tickets_created_in('10005', :year::int)
where appeal_warning
