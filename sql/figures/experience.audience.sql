-- id: experience.audience
-- label: 体验分享覆盖人次
-- unit: 人次
-- precision: 0
-- sources: activities
-- definition: sum(participants) of activities of types 体验分享会 and 体验杂志 in Y
with sharing_activities_in_year as (
  select participants
  from activities
  where type in ('体验分享会', '体验杂志')
    and activity_date >= make_date(:year::int, 1, 1)
    and activity_date < make_date(:year::int + 1, 1, 1)
),

-- participants counts things, so no activity in the year means 0. Activities that all leave
-- 参与人数 (participants) empty make the total unknown: null, with the reason.
final as (
  select
    case when count(*) = 0 then 0 else sum(participants) end as value,
    case
      when count(*) > 0 and count(participants) = 0
        then format('none of the %s activities of types 体验分享会 and 体验杂志 in %s has a 参与人数 (participants)', count(*), :year::int)
    end as reason
  from sharing_activities_in_year
)

select value, reason
from final
