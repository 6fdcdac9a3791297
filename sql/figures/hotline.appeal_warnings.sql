-- id: hotline.appeal_warnings
-- label: 申诉倾向预警件数
-- unit: 件
-- precision: 0
-- sources: hotline_tickets
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 24
-- definition: hotline 10005 tickets created in Y with appeal_warning
with created_in_year as (
  select appeal_warning
  from hotline_tickets
  where hotline = '10005'
    and created_at >= make_date(:year::int, 1, 1)
    and created_at < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from created_in_year
  where appeal_warning
)

select value
from final
