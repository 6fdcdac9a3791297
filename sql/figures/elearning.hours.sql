-- id: elearning.hours
-- label: 轻学堂累计学习时长
-- unit: 小时
-- display_unit: 万小时
-- precision: 1
-- sources: elearning_records
-- section: 三、责任绩效 · 1 科学发展
-- order: 7
-- definition: sum(minutes) / 60 of records with study_date in Y
-- anchor: 轻学堂累计学习时长超 {} 万小时
-- A sum of time: a year without records has no total (null, "no rows"), not 0 hours.
select sum(minutes) / 60 as value
from elearning_records_in_year(:year::int)
