-- id: safety.accidents
-- label: 安全生产事故数
-- unit: 起
-- precision: 0
-- sources: safety_register
-- section: 三、责任绩效 · 4 安全生产
-- order: 5
-- definition: kind 事故 with found_date in Y (zero rows must give 0, not "no data")
with accidents_in_year as (
  select record_id
  from safety_register
  where kind = '事故'
    and found_date >= make_date(:year::int, 1, 1)
    and found_date < make_date(:year::int + 1, 1, 1)
),

-- A count: a year without accidents gives 0, as the catalogue requires.
final as (
  select count(*) as value
  from accidents_in_year
)

select value
from final
