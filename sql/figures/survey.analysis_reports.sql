-- id: survey.analysis_reports
-- label: 满意度分析报告份数
-- unit: 份
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 9
-- definition: activities of type 分析报告 in Y
with analysis_reports_in_year as (
  select activity_id
  from activities
  where type = '分析报告'
    and activity_date >= make_date(:year::int, 1, 1)
    and activity_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from analysis_reports_in_year
)

select value
from final
