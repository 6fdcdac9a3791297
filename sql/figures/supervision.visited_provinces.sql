-- id: supervision.visited_provinces
-- label: 走访调研省公司数
-- unit: 个
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 2 公平运营
-- order: 10
-- definition: distinct province of activities of type 走访调研 in Y
with province_visits_in_year as (
  select province
  from activities
  where type = '走访调研'
    and activity_date >= make_date(:year::int, 1, 1)
    and activity_date < make_date(:year::int + 1, 1, 1)
),

-- count(distinct) leaves out activities without a province.
final as (
  select count(distinct province) as value
  from province_visits_in_year
)

select value
from final
