-- id: elearning.credits
-- label: 轻学堂累计获取学分
-- unit: 分
-- display_unit: 万分
-- precision: 0
-- sources: elearning_records
-- section: 三、责任绩效 · 1 科学发展
-- order: 9
-- definition: sum(credits) of records with study_date in Y
-- anchor: 累计获取学分超 {} 万分
-- A sum of credits: a year without records has no total (null, "no rows"), not 0.
select sum(credits) as value
from elearning_records_in_year(:year::int)
