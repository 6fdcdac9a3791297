-- rows of: hotline.on_time_rate
-- numerator: each of them closed by its deadline counts 1
-- denominator: each 10005 ticket closed in Y counts 1
-- series: monthly
with closed_in_year as (
  select _file_id, _row, ticket_id, province, closed_at, deadline, date_trunc('month', closed_at)::date as month
  from hotline_tickets_closed_in('10005', :year::int, :year::int)
)

select 'hotline_tickets' as source, _file_id, _row, 'numerator' as part, 1 as contribution, ticket_id, province, closed_at, deadline, month
from closed_in_year
where closed_at <= deadline

union all

select 'hotline_tickets' as source, _file_id, _row, 'denominator' as part, 1 as contribution, ticket_id, province, closed_at, deadline, month
from closed_in_year
