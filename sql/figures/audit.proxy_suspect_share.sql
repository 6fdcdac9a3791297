-- id: audit.proxy_suspect_share
-- label: 疑似代客占比
-- unit: %
-- precision: 0
-- sources: ticket_audits
-- section: 三、责任绩效 · 2 公平运营
-- order: 6
-- definition: of those: proxy_suspect / all of them
-- anchor: 疑似代客占比 {} %
-- 疑似代客 left empty is not a suspect.
with final as (
  select
    count(*) filter (where proxy_suspect) as numerator,
    count(*) as denominator
  from ticket_audits_in_year(:year::int)
  where proxy_ticket
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
