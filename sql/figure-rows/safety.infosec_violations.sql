-- rows of: safety.infosec_violations
-- value: each information-security violation found in Y counts 1
select 'safety_register' as source, _file_id, _row, 'value' as part, 1 as contribution, record_id, kind, found_date, location
from safety_register_in_year(:year::int)
where kind = '信息安全违规'
