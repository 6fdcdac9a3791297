-- rows of: supervision.investigation_letters
-- value: each activity of type 调查函研判 in Y adds its items (an empty 数量 adds nothing)
select 'activities' as source, _file_id, _row, 'value' as part, items as contribution, activity_id, activity_date, type, title, items
from activities_in_year(:year::int)
where type = '调查函研判'
