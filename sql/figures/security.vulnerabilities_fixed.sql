-- id: security.vulnerabilities_fixed
-- label: 高中危安全漏洞处置数
-- unit: 个
-- precision: 0
-- sources: security_ops
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 32
-- definition: sum(count) of type 漏洞处置 with severity 高危 or 中危 in Y
-- anchor: 排查处置高中危重大风险安全漏洞 {} 个
-- Each record counts events: a year without records of the type had 0 of them, not "no data".
select coalesce(sum(count), 0) as value
from security_ops_in_year(:year::int)
where type = '漏洞处置'
  and severity in ('高危', '中危')
