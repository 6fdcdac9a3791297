-- rows of: calls.manual_q1_growth
-- numerator: each 10000 call answered by an agent in Q1 of Y counts 1
-- denominator: each such call in Q1 of Y−1 counts 1
with answered_calls_in_first_quarters as (
  select _file_id, _row, call_id, start_time, outcome, extract(year from start_time)::int as call_year
  from call_records_in('10000', :year::int - 1, :year::int)
  where outcome = '人工接通'
    and extract(month from start_time) <= 3
)

select 'call_records' as source, _file_id, _row, 'numerator' as part, 1 as contribution, call_id, start_time, outcome, call_year
from answered_calls_in_first_quarters
where call_year = :year::int

union all

select 'call_records' as source, _file_id, _row, 'denominator' as part, 1 as contribution, call_id, start_time, outcome, call_year
from answered_calls_in_first_quarters
where call_year = :year::int - 1
