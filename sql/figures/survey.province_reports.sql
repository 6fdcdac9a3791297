-- id: survey.province_reports
-- label: 分省报告份数
-- unit: 份
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 10
-- definition: activities of type 分省报告 in Y
with province_reports_in_year as (
  select activity_id
  from activities
  where type = '分省报告'
    and activity_date >= make_date(:year::int, 1, 1)
    and activity_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from province_reports_in_year
)

select value
from final
