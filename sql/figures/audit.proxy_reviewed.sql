-- id: audit.proxy_reviewed
-- label: 代客工单审核量
-- unit: 件
-- display_unit: 万件
-- precision: 1
-- sources: ticket_audits
-- section: 三、责任绩效 · 2 公平运营
-- order: 5
-- definition: ticket_audits in Y with proxy_ticket
with proxy_audits_in_year as (
  select audit_id
  from ticket_audits
  where proxy_ticket
    and audit_date >= make_date(:year::int, 1, 1)
    and audit_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from proxy_audits_in_year
)

select value
from final
