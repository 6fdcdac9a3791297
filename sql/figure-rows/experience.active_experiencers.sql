-- rows of: experience.active_experiencers
-- value: each experiencer active at Y-12-31 counts 1
select 'experiencers' as source, _file_id, _row, 'value' as part, 1 as contribution, experiencer_id, province, joined, "left"
from experiencers_active_at(make_date(:year::int, 12, 31))
