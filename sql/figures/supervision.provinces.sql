-- id: supervision.provinces
-- label: 会议督办省公司数
-- unit: 个
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 2 公平运营
-- order: 9
-- definition: distinct province of activities of type 督办 in Y
with supervision_actions_in_year as (
  select province
  from activities
  where type = '督办'
    and activity_date >= make_date(:year::int, 1, 1)
    and activity_date < make_date(:year::int + 1, 1, 1)
),

-- count(distinct) leaves out activities without a province.
final as (
  select count(distinct province) as value
  from supervision_actions_in_year
)

select value
from final
