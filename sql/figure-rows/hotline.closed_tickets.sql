-- rows of: hotline.closed_tickets
-- value: each 10005 ticket closed in Y counts 1
select 'hotline_tickets' as source, _file_id, _row, 'value' as part, 1 as contribution, ticket_id, province, created_at, closed_at
from hotline_tickets_closed_in('10005', :year::int, :year::int)
