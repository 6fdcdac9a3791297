-- rows of: energy.plan_ratio
-- numerator: each building-month of Y adds its kwh
-- denominator: each building-month of Y adds its plan_kwh
with months_in_year as (
  select _file_id, _row, month, site, kwh, plan_kwh
  from energy_in_year(:year::int)
)

select 'energy' as source, _file_id, _row, 'numerator' as part, kwh as contribution, month, site, kwh, plan_kwh
from months_in_year

union all

select 'energy' as source, _file_id, _row, 'denominator' as part, plan_kwh as contribution, month, site, kwh, plan_kwh
from months_in_year
