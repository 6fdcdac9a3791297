-- rows of: experience.sharing_sessions
-- value: each activity of type 体验分享会 in Y counts 1
select 'activities' as source, _file_id, _row, 'value' as part, 1 as contribution, activity_id, activity_date, type, title
from activities_in_year(:year::int)
where type = '体验分享会'
