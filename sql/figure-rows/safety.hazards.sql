-- rows of: safety.hazards
-- value: each hazard found in Y counts 1
select 'safety_register' as source, _file_id, _row, 'value' as part, 1 as contribution, record_id, kind, level, found_date, location
from safety_register_in_year(:year::int)
where kind = '隐患'
