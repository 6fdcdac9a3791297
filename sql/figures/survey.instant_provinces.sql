-- id: survey.instant_provinces
-- label: 即时测评省份数
-- unit: 个
-- precision: 0
-- sources: satisfaction_samples
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 7
-- definition: distinct province of samples with survey 即时测评 in Y
-- anchor: 建设集约即时测评能力，实现 {} 省公司
-- anchor: 即时测评覆盖 {} 个省公司
select count(distinct province) as value
from satisfaction_samples_in_year(:year::int)
where survey = '即时测评'
