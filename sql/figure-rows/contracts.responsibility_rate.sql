-- rows of: contracts.responsibility_rate
-- denominator: the employees formal at Y-12-31; the first of each department counts 1, the others 0
-- numerator: the same for departments that signed a 责任书 in Y, plus those 责任书 (contribution
-- numerator: null: they qualify a department, they are not counted themselves)
with formal_at_year_end as (
  select
    _file_id,
    _row,
    employee_id,
    department,
    case when row_number() over (partition by department order by _file_id, _row) = 1 then 1 else 0 end as first_of_department
  from formal_at(make_date(:year::int, 12, 31)) as formal
),

responsibility_letters_in_year as (
  select _file_id, _row, contract_id, counterparty as department, signed_date
  from contracts_in_year(:year::int)
  where type = '责任书'
)

select 'hr_roster' as source, _file_id, _row, 'numerator' as part, first_of_department as contribution, employee_id as record_id, department
from formal_at_year_end
where department in (select letters.department from responsibility_letters_in_year as letters)

union all

select 'contracts' as source, _file_id, _row, 'numerator' as part, null as contribution, contract_id as record_id, department
from responsibility_letters_in_year
where department in (select formal.department from formal_at_year_end as formal)

union all

select 'hr_roster' as source, _file_id, _row, 'denominator' as part, first_of_department as contribution, employee_id as record_id, department
from formal_at_year_end
