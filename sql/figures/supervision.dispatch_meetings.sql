-- id: supervision.dispatch_meetings
-- label: 支撑调度会议次数
-- unit: 次
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 2 公平运营
-- order: 7
-- definition: activities of type 调度会议 in Y
-- anchor: 支撑集团公司召开调度会议 {} 次
select count(*) as value
from activities_in_year(:year::int)
where type = '调度会议'
