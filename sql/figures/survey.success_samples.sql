-- id: survey.success_samples
-- label: 测评成功样本量
-- unit: 条
-- display_unit: 万条
-- precision: 0
-- sources: satisfaction_samples
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 5
-- definition: satisfaction_samples with status 成功 and survey_date in Y
-- anchor: 测评成功样本达 {} 万条
select count(*) as value
from satisfaction_samples_in_year(:year::int)
where status = '成功'
