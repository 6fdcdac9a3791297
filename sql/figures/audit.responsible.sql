-- id: audit.responsible
-- label: 企业有责问题量
-- unit: 件
-- display_unit: 万件
-- precision: 2
-- sources: ticket_audits
-- section: 三、责任绩效 · 2 公平运营
-- order: 3
-- definition: ticket_audits in Y with verdict 企业有责
-- anchor: 定责企业有责问题 {} 万件
select count(*) as value
from ticket_audits_in_year(:year::int)
where verdict = '企业有责'
