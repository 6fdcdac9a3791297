-- id: hr.headcount
-- label: 正式员工人数
-- unit: 人
-- precision: 0
-- sources: hr_roster
-- section: 一、基础信息 · 企业简介
-- order: 1
-- definition: formal at year end
-- anchor: 拥有正式员工 {} 名
-- anchor: 正式员工 {} 人
select count(*) as value
from formal_at(make_date(:year::int, 12, 31))
