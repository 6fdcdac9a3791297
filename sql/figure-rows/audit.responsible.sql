-- rows of: audit.responsible
-- value: each audit in Y with verdict 企业有责 counts 1
select 'ticket_audits' as source, _file_id, _row, 'value' as part, 1 as contribution, audit_id, ticket_id, province, audit_date, verdict
from ticket_audits_in_year(:year::int)
where verdict = '企业有责'
