-- id: supervision.actions
-- label: 会议督办次数
-- unit: 次
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 2 公平运营
-- order: 8
-- definition: activities of type 督办 in Y
-- anchor: 会议督办 {} 次
select count(*) as value
from activities_in_year(:year::int)
where type = '督办'
