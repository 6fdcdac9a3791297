-- rows of: safety.rectified_by_september
-- value: each hazard found in Y and rectified by Y-09-30 counts 1
select 'safety_register' as source, _file_id, _row, 'value' as part, 1 as contribution, record_id, kind, level, found_date, rectified_date
from safety_register_in_year(:year::int)
where kind = '隐患'
  and rectified_date <= make_date(:year::int, 9, 30)
