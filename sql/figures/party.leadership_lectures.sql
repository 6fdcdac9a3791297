-- id: party.leadership_lectures
-- label: 领导班子专题党课次数
-- unit: 次
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 1 科学发展
-- order: 2
-- definition: activities of type 领导班子党课 in Y
with leadership_lectures_in_year as (
  select activity_id
  from activities
  where type = '领导班子党课'
    and activity_date >= make_date(:year::int, 1, 1)
    and activity_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from leadership_lectures_in_year
)

select value
from final
