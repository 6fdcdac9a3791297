-- rows of: hotline.overdue_warnings
-- value: each 10005 ticket created in Y with an overdue warning counts 1
select 'hotline_tickets' as source, _file_id, _row, 'value' as part, 1 as contribution, ticket_id, province, created_at, overdue_warning
from hotline_tickets_created_in('10005', :year::int)
where overdue_warning
