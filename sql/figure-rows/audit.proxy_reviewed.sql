-- rows of: audit.proxy_reviewed
-- value: each audit of a proxy ticket in Y counts 1
select 'ticket_audits' as source, _file_id, _row, 'value' as part, 1 as contribution, audit_id, ticket_id, province, audit_date, proxy_ticket
from ticket_audits_in_year(:year::int)
where proxy_ticket
