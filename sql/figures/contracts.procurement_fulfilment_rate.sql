-- id: contracts.procurement_fulfilment_rate
-- label: 采购合同履约率
-- unit: %
-- precision: 0
-- sources: contracts
-- section: 三、责任绩效 · 6 合作共赢
-- order: 1
-- definition: the same restricted to type 采购
with procurement_contracts_in_year as (
  select status
  from contracts
  where type = '采购'
    and signed_date >= make_date(:year::int, 1, 1)
    and signed_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select
    count(*) filter (where status in ('履约完成', '履约中')) as numerator,
    count(*) as denominator
  from procurement_contracts_in_year
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
