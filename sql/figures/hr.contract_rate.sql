-- id: hr.contract_rate
-- label: 劳动合同签订率
-- unit: %
-- precision: 0
-- sources: hr_roster
-- section: 三、责任绩效 · 7 和谐劳动关系
-- order: 1
-- definition: formal during Y with contract_signed / formal during Y
-- anchor: 劳动合同签订率 {} %
with final as (
  select
    count(*) filter (where contract_signed) as numerator,
    count(*) as denominator
  from formal_during(:year::int)
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
