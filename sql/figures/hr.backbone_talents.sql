-- id: hr.backbone_talents
-- label: 骨干人才
-- unit: 人
-- precision: 0
-- sources: hr_roster
-- section: 三、责任绩效 · 7 和谐劳动关系
-- order: 6
-- definition: formal at year end with talent_tier = 骨干
-- anchor: 聘任骨干人才 {} 人
select count(*) as value
from formal_at(make_date(:year::int, 12, 31))
where talent_tier = '骨干'
