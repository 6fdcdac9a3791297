-- id: party.research_outcomes
-- label: 调研成果转化运用项数
-- unit: 项
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 1 科学发展
-- order: 4
-- definition: activities of type 调研成果 in Y
-- anchor: 形成 {} 项调研成果转化运用
select count(*) as value
from activities_in_year(:year::int)
where type = '调研成果'
