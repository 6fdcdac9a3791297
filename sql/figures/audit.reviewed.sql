-- id: audit.reviewed
-- label: 审核工单量
-- unit: 件
-- display_unit: 万件
-- precision: 1
-- sources: ticket_audits
-- section: 三、责任绩效 · 2 公平运营
-- order: 2
-- definition: ticket_audits with audit_date in Y
-- anchor: 审核工单 {} 万件
select count(*) as value
from ticket_audits_in_year(:year::int)
