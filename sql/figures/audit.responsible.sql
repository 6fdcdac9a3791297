-- id: audit.responsible
-- label: 企业有责问题量
-- unit: 件
-- display_unit: 万件
-- precision: 2
-- sources: ticket_audits
-- section: 三、责任绩效 · 2 公平运营
-- order: 3
-- definition: ticket_audits in Y with verdict 企业有责
with responsible_audits_in_year as (
  select audit_id
  from ticket_audits
  where verdict = '企业有责'
    and audit_date >= make_date(:year::int, 1, 1)
    and audit_date < make_date(:year::int + 1, 1, 1)
),

final as (
  select count(*) as value
  from responsible_audits_in_year
)

select value
from final
