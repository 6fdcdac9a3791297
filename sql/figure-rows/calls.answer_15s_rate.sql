-- rows of: calls.answer_15s_rate
-- numerator: each of them answered by an agent within 15 s counts 1
-- denominator: each queued call to 10000 starting in Y counts 1
with queued_calls_in_year as (
  select _file_id, _row, call_id, start_time, outcome, wait_seconds, date_trunc('month', start_time)::date as month
  from call_records_in('10000', :year::int, :year::int)
  where queued
)

select 'call_records' as source, _file_id, _row, 'numerator' as part, 1 as contribution, call_id, start_time, outcome, wait_seconds, month
from queued_calls_in_year
where outcome = '人工接通' and wait_seconds <= 15

union all

select 'call_records' as source, _file_id, _row, 'denominator' as part, 1 as contribution, call_id, start_time, outcome, wait_seconds, month
from queued_calls_in_year
