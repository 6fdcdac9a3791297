-- id: team.learning_activities
-- label: 班组学习活动次数
-- unit: 次
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 1 科学发展
-- order: 8
-- definition: activities of type 班组学习 in Y
-- anchor: 各班组累计开展活动 {} 余次
select count(*) as value
from activities_in_year(:year::int)
where type = '班组学习'
