-- rows of: hotline.handle_time_cut
-- value: each 10005 ticket closed in Y−1 or Y (column closed_year) with its handle_seconds as
-- value: contribution. The value is the average of Y−1 minus the average of Y.
select 'hotline_tickets' as source, _file_id, _row, 'value' as part, handle_seconds as contribution,
  ticket_id, closed_at, extract(year from closed_at)::int as closed_year
from hotline_tickets_closed_in('10005', :year::int - 1, :year::int)
