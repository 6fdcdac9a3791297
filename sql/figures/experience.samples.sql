-- id: experience.samples
-- label: UE189体验任务回收样本数
-- unit: 份
-- display_unit: 万份
-- precision: 1
-- sources: experience_tasks
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 14
-- definition: sum(samples) of tasks launched in Y
-- anchor: 累计回收样本超 {} 万份
-- samples counts returned questionnaires: a year without tasks returned 0 of them.
select coalesce(sum(samples), 0) as value
from experience_tasks_in_year(:year::int)
