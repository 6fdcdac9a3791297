-- id: elearning.hours
-- label: 轻学堂累计学习时长
-- unit: 小时
-- display_unit: 万小时
-- precision: 1
-- sources: elearning_records
-- section: 三、责任绩效 · 1 科学发展
-- order: 7
-- definition: sum(minutes) / 60 of records with study_date in Y
with records_in_year as (
  select minutes
  from elearning_records
  where study_date >= make_date(:year::int, 1, 1)
    and study_date < make_date(:year::int + 1, 1, 1)
),

-- A sum of time: a year without records has no total (null, "no rows"), not 0 hours.
final as (
  select sum(minutes) / 60 as value
  from records_in_year
)

select value
from final
