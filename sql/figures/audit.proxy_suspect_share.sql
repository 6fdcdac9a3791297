-- id: audit.proxy_suspect_share
-- label: 疑似代客占比
-- unit: %
-- precision: 0
-- sources: ticket_audits
-- section: 三、责任绩效 · 2 公平运营
-- order: 6
-- definition: of those: proxy_suspect / all of them
with proxy_audits_in_year as (
  select proxy_suspect
  from ticket_audits
  where proxy_ticket
    and audit_date >= make_date(:year::int, 1, 1)
    and audit_date < make_date(:year::int + 1, 1, 1)
),

-- 疑似代客 left empty is not a suspect.
final as (
  select
    count(*) filter (where proxy_suspect) as numerator,
    count(*) as denominator
  from proxy_audits_in_year
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
