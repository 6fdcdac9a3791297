-- id: volunteer.person_times
-- label: 志愿活动参与人次
-- unit: 人次
-- precision: 0
-- sources: volunteer_service
-- section: 三、责任绩效 · 8 社区参与和发展
-- order: 1
-- definition: volunteer_service rows with service_date in Y
-- anchor: 共计 {} 人次参与志愿活动
select count(*) as value
from volunteer_service_in_year(:year::int)
