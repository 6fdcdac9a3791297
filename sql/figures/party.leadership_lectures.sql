-- id: party.leadership_lectures
-- label: 领导班子专题党课次数
-- unit: 次
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 1 科学发展
-- order: 2
-- definition: activities of type 领导班子党课 in Y
-- anchor: 开展 {} 次领导班子专题党课
select count(*) as value
from activities_in_year(:year::int)
where type = '领导班子党课'
