-- id: volunteer.activities
-- label: 志愿活动次数
-- unit: 次
-- precision: 0
-- sources: volunteer_service
-- section: 三、责任绩效 · 8 社区参与和发展
-- order: 2
-- definition: distinct activity_id of volunteer_service in Y
-- anchor: 志愿活动 {} 次
select count(distinct activity_id) as value
from volunteer_service_in_year(:year::int)
