-- rows of: safety.level3_hazards
-- value: each 3级 hazard found in Y counts 1
select 'safety_register' as source, _file_id, _row, 'value' as part, 1 as contribution, record_id, kind, level, found_date, location
from safety_register_in_year(:year::int)
where kind = '隐患'
  and level = '3级'
