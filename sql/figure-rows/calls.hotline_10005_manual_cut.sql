-- rows of: calls.hotline_10005_manual_cut
-- numerator: each 10005 call answered by an agent in Y counts 1
-- denominator: each such call in Y−1 counts 1
with answered_calls_in_two_years as (
  select _file_id, _row, call_id, start_time, outcome, extract(year from start_time)::int as call_year
  from call_records_in('10005', :year::int - 1, :year::int)
  where outcome = '人工接通'
)

select 'call_records' as source, _file_id, _row, 'numerator' as part, 1 as contribution, call_id, start_time, outcome, call_year
from answered_calls_in_two_years
where call_year = :year::int

union all

select 'call_records' as source, _file_id, _row, 'denominator' as part, 1 as contribution, call_id, start_time, outcome, call_year
from answered_calls_in_two_years
where call_year = :year::int - 1
