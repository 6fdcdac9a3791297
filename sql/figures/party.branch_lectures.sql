-- id: party.branch_lectures
-- label: 支部书记党课次数
-- unit: 次
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 1 科学发展
-- order: 3
-- definition: activities of type 支部书记党课 in Y
-- anchor: {} 次支部书记党课
select count(*) as value
from activities_in_year(:year::int)
where type = '支部书记党课'
