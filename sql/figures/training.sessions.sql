-- id: training.sessions
-- label: 专业培训班次数
-- unit: 次
-- precision: 0
-- sources: training_sessions
-- section: 三、责任绩效 · 7 和谐劳动关系
-- order: 7
-- definition: training_sessions with start_date in Y
-- anchor: 共组织开展各类专业培训班 {} 次
-- anchor: 各类专业培训班 {} 期
select count(*) as value
from training_sessions_in_year(:year::int)
