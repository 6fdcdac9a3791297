-- id: experience.tasks
-- label: UE189上线体验任务数
-- unit: 个
-- precision: 0
-- sources: experience_tasks
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 13
-- definition: experience_tasks launched in Y
with tasks_in_year as (
  select task_id
  from experience_tasks
  where launched >= make_date(:year::int, 1, 1)
    and launched < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from tasks_in_year
)

select value
from final
