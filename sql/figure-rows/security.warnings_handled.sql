-- rows of: security.warnings_handled
-- value: each 预警响应 record in Y adds its count
select
  'security_ops' as source,
  _file_id,
  _row,
  'value' as part,
  count as contribution,
  record_id,
  record_date,
  type,
  count
from security_ops
where type = '预警响应'
  and record_date >= make_date(:year::int, 1, 1)
  and record_date < make_date(:year::int + 1, 1, 1)
