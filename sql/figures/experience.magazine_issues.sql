-- id: experience.magazine_issues
-- label: 《体验进行时》杂志期数
-- unit: 期
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 18
-- definition: activities of type 体验杂志 in Y
-- anchor: 发表 {} 期《体验进行时》杂志
select count(*) as value
from activities_in_year(:year::int)
where type = '体验杂志'
