-- rows of: safety.rectification_cost
-- value: each hazard found in Y adds its rectification cost (an empty 整改费用 adds nothing)
select 'safety_register' as source, _file_id, _row, 'value' as part, cost as contribution, record_id, kind, level, found_date, cost
from safety_register_in_year(:year::int)
where kind = '隐患'
