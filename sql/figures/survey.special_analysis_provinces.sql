-- id: survey.special_analysis_provinces
-- label: 专项分析省公司数
-- unit: 个
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 11
-- definition: distinct province of activities of type 专项分析 in Y
with special_analyses_in_year as (
  select province
  from activities
  where type = '专项分析'
    and activity_date >= make_date(:year::int, 1, 1)
    and activity_date < make_date(:year::int + 1, 1, 1)
),

-- count(distinct) leaves out activities without a province.
final as (
  select count(distinct province) as value
  from special_analyses_in_year
)

select value
from final
