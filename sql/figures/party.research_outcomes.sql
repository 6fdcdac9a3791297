-- id: party.research_outcomes
-- label: 调研成果转化运用项数
-- unit: 项
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 1 科学发展
-- order: 4
-- definition: activities of type 调研成果 in Y
with research_outcomes_in_year as (
  select activity_id
  from activities
  where type = '调研成果'
    and activity_date >= make_date(:year::int, 1, 1)
    and activity_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from research_outcomes_in_year
)

select value
from final
