-- id: safety.hazards
-- label: 安全生产隐患数
-- unit: 个
-- precision: 0
-- sources: safety_register
-- section: 三、责任绩效 · 4 安全生产
-- order: 1
-- definition: safety_register kind 隐患 with found_date in Y
-- anchor: 共发现安全生产隐患 {} 个
select count(*) as value
from safety_register_in_year(:year::int)
where kind = '隐患'
