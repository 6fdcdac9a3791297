-- id: supervision.provinces
-- label: 会议督办省公司数
-- unit: 个
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 2 公平运营
-- order: 9
-- definition: distinct province of activities of type 督办 in Y
-- anchor: 共对 {} 个省公司会议督办
-- count(distinct) leaves out activities without a province.
select count(distinct province) as value
from activities_in_year(:year::int)
where type = '督办'
