-- rows of: antifraud.tickets
-- value: each ticket of the anti-fraud channels created from Y-01-01 through Y-10-31 counts 1
select 'hotline_tickets' as source, _file_id, _row, 'value' as part, 1 as contribution, ticket_id, channel, created_at
from antifraud_tickets_in_year(:year::int)
