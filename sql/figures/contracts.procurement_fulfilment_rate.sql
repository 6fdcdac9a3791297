-- id: contracts.procurement_fulfilment_rate
-- label: 采购合同履约率
-- unit: %
-- precision: 0
-- sources: contracts
-- section: 三、责任绩效 · 6 合作共赢
-- order: 1
-- definition: the same restricted to type 采购
-- anchor: [采购]合同履约率达 {} %
with final as (
  select
    count(*) filter (where status in ('履约完成', '履约中')) as numerator,
    count(*) as denominator
  from contracts_in_year(:year::int)
  where type = '采购'
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
