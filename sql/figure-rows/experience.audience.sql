-- rows of: experience.audience
-- value: each activity of types 体验分享会 and 体验杂志 in Y adds its participants (an empty 参与人数 adds nothing)
select 'activities' as source, _file_id, _row, 'value' as part, participants as contribution, activity_id, activity_date, type, title, participants
from activities_in_year(:year::int)
where type in ('体验分享会', '体验杂志')
