-- id: supervision.visited_provinces
-- label: 走访调研省公司数
-- unit: 个
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 2 公平运营
-- order: 10
-- definition: distinct province of activities of type 走访调研 in Y
-- anchor: 对 {} 省公司进行走访调研
-- count(distinct) leaves out activities without a province.
select count(distinct province) as value
from activities_in_year(:year::int)
where type = '走访调研'
