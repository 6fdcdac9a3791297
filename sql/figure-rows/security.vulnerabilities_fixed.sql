-- rows of: security.vulnerabilities_fixed
-- value: each 漏洞处置 record of severity 高危 or 中危 in Y adds its count
select
  'security_ops' as source,
  _file_id,
  _row,
  'value' as part,
  count as contribution,
  record_id,
  record_date,
  type,
  severity,
  count
from security_ops
where type = '漏洞处置'
  and severity in ('高危', '中危')
  and record_date >= make_date(:year::int, 1, 1)
  and record_date < make_date(:year::int + 1, 1, 1)
