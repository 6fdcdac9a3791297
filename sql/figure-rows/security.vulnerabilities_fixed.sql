-- rows of: security.vulnerabilities_fixed
-- value: each 漏洞处置 record of severity 高危 or 中危 in Y adds its count
select 'security_ops' as source, _file_id, _row, 'value' as part, count as contribution, record_id, record_date, type, severity, count
from security_ops_in_year(:year::int)
where type = '漏洞处置'
  and severity in ('高危', '中危')
