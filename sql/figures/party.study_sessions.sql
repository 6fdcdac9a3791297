-- id: party.study_sessions
-- label: 专题学习及研讨次数
-- unit: 次
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 1 科学发展
-- order: 1
-- definition: activities of type 专题学习 in Y
-- anchor: 全年组织 {} 次专题学习及研讨
select count(*) as value
from activities_in_year(:year::int)
where type = '专题学习'
