-- id: survey.analysis_reports
-- label: 满意度分析报告份数
-- unit: 份
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 9
-- definition: activities of type 分析报告 in Y
-- anchor: 撰写综合满意度分析、客服工作座谈会等报告，共计 {} 份
-- anchor: 分析报告共计 {} 份
select count(*) as value
from activities_in_year(:year::int)
where type = '分析报告'
