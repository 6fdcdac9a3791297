-- id: supervision.remote_qc_tickets
-- label: 点对点远程质检工单量
-- unit: 件
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 2 公平运营
-- order: 11
-- definition: sum(items) of activities of type 远程质检 in Y
-- anchor: 点对点远程质检工单 {} 件
-- items counts things, so no activity in the year means 0. Activities that leave
-- 数量 (items) empty leave out part of the total:
-- null, with the reason, whether one or all of them leave it empty.
select
  case when count(*) = 0 then 0 when count(items) = count(*) then sum(items) end as value,
  case
    when count(items) < count(*)
      then format('%s of the %s activities of type 远程质检 in %s have no 数量 (items): the total would leave them out', count(*) - count(items), count(*), :year::int)
  end as reason
from activities_in_year(:year::int)
where type = '远程质检'
