-- rows of: contracts.procurement_fulfilment_rate
-- numerator: each of them 履约完成 or 履约中 counts 1
-- denominator: each 采购 contract signed in Y counts 1
with procurement_contracts_in_year as (
  select _file_id, _row, contract_id, type, signed_date, status
  from contracts_in_year(:year::int)
  where type = '采购'
)

select 'contracts' as source, _file_id, _row, 'numerator' as part, 1 as contribution, contract_id, type, signed_date, status
from procurement_contracts_in_year
where status in ('履约完成', '履约中')

union all

select 'contracts' as source, _file_id, _row, 'denominator' as part, 1 as contribution, contract_id, type, signed_date, status
from procurement_contracts_in_year
