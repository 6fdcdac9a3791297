-- id: experience.sharing_sessions
-- label: 体验分享会期数
-- unit: 期
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 17
-- definition: activities of type 体验分享会 in Y
-- anchor: 召开 {} 期体验分享会
select count(*) as value
from activities_in_year(:year::int)
where type = '体验分享会'
