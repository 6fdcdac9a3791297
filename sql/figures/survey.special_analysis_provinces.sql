-- id: survey.special_analysis_provinces
-- label: 专项分析省公司数
-- unit: 个
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 11
-- definition: distinct province of activities of type 专项分析 in Y
-- anchor: 对 {} 个省公司开展专项分析
-- count(distinct) leaves out activities without a province.
select count(distinct province) as value
from activities_in_year(:year::int)
where type = '专项分析'
