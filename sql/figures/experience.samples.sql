-- id: experience.samples
-- label: UE189体验任务回收样本数
-- unit: 份
-- display_unit: 万份
-- precision: 1
-- sources: experience_tasks
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 14
-- definition: sum(samples) of tasks launched in Y
with tasks_in_year as (
  select samples
  from experience_tasks
  where launched >= make_date(:year::int, 1, 1)
    and launched < make_date(:year::int + 1, 1, 1)
),

-- samples counts returned questionnaires: a year without tasks returned 0 of them.
final as (
  select coalesce(sum(samples), 0) as value
  from tasks_in_year
)

select value
from final
