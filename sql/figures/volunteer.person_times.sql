-- id: volunteer.person_times
-- label: 志愿活动参与人次
-- unit: 人次
-- precision: 0
-- sources: volunteer_service
-- section: 三、责任绩效 · 8 社区参与和发展
-- order: 1
-- definition: volunteer_service rows with service_date in Y
with services_in_year as (
  select activity_id
  from volunteer_service
  where service_date >= make_date(:year::int, 1, 1)
    and service_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from services_in_year
)

select value
from final
