-- id: audit.proxy_reviewed
-- label: 代客工单审核量
-- unit: 件
-- display_unit: 万件
-- precision: 1
-- sources: ticket_audits
-- section: 三、责任绩效 · 2 公平运营
-- order: 5
-- definition: ticket_audits in Y with proxy_ticket
-- anchor: 对 {} 万件代客工单，逐单细致审核
select count(*) as value
from ticket_audits_in_year(:year::int)
where proxy_ticket
