-- id: volunteer.hours
-- label: 志愿服务时长
-- unit: 小时
-- precision: 1
-- sources: volunteer_service
-- section: 三、责任绩效 · 8 社区参与和发展
-- order: 3
-- definition: sum(hours) of volunteer_service in Y
-- anchor: [志愿]服务时长 {} 小时
-- A sum of time: a year without service records has no total (null, "no rows"), not 0 hours.
select sum(hours) as value
from volunteer_service_in_year(:year::int)
