-- id: supervision.investigation_letters
-- label: 重点调查函研判量
-- unit: 件
-- precision: 0
-- sources: activities
-- section: 三、责任绩效 · 2 公平运营
-- order: 12
-- definition: sum(items) of activities of type 调查函研判 in Y
with letter_reviews_in_year as (
  select items
  from activities
  where type = '调查函研判'
    and activity_date >= make_date(:year::int, 1, 1)
    and activity_date < make_date(:year::int + 1, 1, 1)
),

-- items counts things, so no activity in the year means 0. Activities that leave
-- 数量 (items) empty leave out part of the total:
-- null, with the reason, whether one or all of them leave it empty.
final as (
  select
    case when count(*) = 0 then 0 when count(items) = count(*) then sum(items) end as value,
    case
      when count(items) < count(*)
        then format('%s of the %s activities of type 调查函研判 in %s have no 数量 (items): the total would leave them out', count(*) - count(items), count(*), :year::int)
    end as reason
  from letter_reviews_in_year
)

select value, reason
from final
