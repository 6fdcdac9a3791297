-- id: experience.audience
-- label: 体验分享覆盖人次
-- unit: 人次
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 19
-- definition: sum(participants) of activities of types 体验分享会 and 体验杂志 in Y
-- anchor: 覆盖全国体验主管 {} 余人次
-- participants counts things, so no activity in the year means 0. Activities that leave
-- 参与人数 (participants) empty leave out part of the total:
-- null, with the reason, whether one or all of them leave it empty.
select
  case when count(*) = 0 then 0 when count(participants) = count(*) then sum(participants) end as value,
  case
    when count(participants) < count(*)
      then format('%s of the %s activities of types 体验分享会 and 体验杂志 in %s have no 参与人数 (participants): the total would leave them out', count(*) - count(participants), count(*), :year::int)
  end as reason
from activities_in_year(:year::int)
where type in ('体验分享会', '体验杂志')
