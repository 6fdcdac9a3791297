-- rows of: audit.proxy_suspect_share
-- numerator: each of them with proxy_suspect counts 1 (an empty 疑似代客 is not a suspect)
-- denominator: each audit of a proxy ticket in Y counts 1
with proxy_audits_in_year as (
  select _file_id, _row, audit_id, ticket_id, province, audit_date, proxy_suspect
  from ticket_audits_in_year(:year::int)
  where proxy_ticket
)

select 'ticket_audits' as source, _file_id, _row, 'numerator' as part, 1 as contribution, audit_id, ticket_id, province, audit_date, proxy_suspect
from proxy_audits_in_year
where proxy_suspect

union all

select 'ticket_audits' as source, _file_id, _row, 'denominator' as part, 1 as contribution, audit_id, ticket_id, province, audit_date, proxy_suspect
from proxy_audits_in_year
