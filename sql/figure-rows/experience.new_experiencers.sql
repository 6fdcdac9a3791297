-- rows of: experience.new_experiencers
-- value: each experiencer who joined in Y counts 1
select 'experiencers' as source, _file_id, _row, 'value' as part, 1 as contribution, experiencer_id, province, joined
from experiencers_joined_in_year(:year::int)
