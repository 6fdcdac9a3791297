-- id: survey.province_reports
-- label: 分省报告份数
-- unit: 份
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 10
-- definition: activities of type 分省报告 in Y
-- anchor: 形成 {} 份分省报告
select count(*) as value
from activities_in_year(:year::int)
where type = '分省报告'
