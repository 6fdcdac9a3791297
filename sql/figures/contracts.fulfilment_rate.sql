-- id: contracts.fulfilment_rate
-- label: 合同履约率
-- unit: %
-- precision: 0
-- sources: contracts
-- section: 三、责任绩效 · 1 科学发展
-- order: 10
-- definition: contracts other than 责任书 signed in Y: status 履约完成 or 履约中 / all of them
-- anchor: 合同履约率 {} %
with final as (
  select
    count(*) filter (where status in ('履约完成', '履约中')) as numerator,
    count(*) as denominator
  from contracts_in_year(:year::int)
  where type <> '责任书'
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
