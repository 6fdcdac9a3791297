-- id: experience.tasks
-- label: UE189上线体验任务数
-- unit: 个
-- precision: 0
-- sources: experience_tasks
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 13
-- definition: experience_tasks launched in Y
-- anchor: UE189 上线体验任务 {} 个
select count(*) as value
from experience_tasks_in_year(:year::int)
