-- id: survey.instant_touchpoints
-- label: 即时测评触点数
-- unit: 个
-- precision: 0
-- sources: satisfaction_samples
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 8
-- definition: distinct touchpoint of samples with survey 即时测评 in Y
-- anchor: {} 个触点集约即时测评
-- anchor: {} 个触点
select count(distinct touchpoint) as value
from satisfaction_samples_in_year(:year::int)
where survey = '即时测评'
