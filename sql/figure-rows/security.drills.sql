-- rows of: security.drills
-- value: each 应急演练 record in Y adds its count
select 'security_ops' as source, _file_id, _row, 'value' as part, count as contribution, record_id, record_date, type, count
from security_ops_in_year(:year::int)
where type = '应急演练'
