-- id: audit.reviewed
-- label: 审核工单量
-- unit: 件
-- display_unit: 万件
-- precision: 1
-- sources: ticket_audits
-- section: 三、责任绩效 · 2 公平运营
-- order: 2
-- definition: ticket_audits with audit_date in Y
with audits_in_year as (
  select audit_id
  from ticket_audits
  where audit_date >= make_date(:year::int, 1, 1)
    and audit_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from audits_in_year
)

select value
from final
