-- rows of: contracts.fulfilment_rate
-- numerator: each of them 履约完成 or 履约中 counts 1
-- denominator: each contract other than 责任书 signed in Y counts 1
with contracts_in_year as (
  select _file_id, _row, contract_id, type, signed_date, status
  from contracts_in_year(:year::int)
  where type <> '责任书'
)

select 'contracts' as source, _file_id, _row, 'numerator' as part, 1 as contribution, contract_id, type, signed_date, status
from contracts_in_year
where status in ('履约完成', '履约中')

union all

select 'contracts' as source, _file_id, _row, 'denominator' as part, 1 as contribution, contract_id, type, signed_date, status
from contracts_in_year
