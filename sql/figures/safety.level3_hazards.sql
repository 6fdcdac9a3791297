-- id: safety.level3_hazards
-- label: 3级隐患数
-- unit: 个
-- precision: 0
-- sources: safety_register
-- section: 三、责任绩效 · 4 安全生产
-- order: 2
-- definition: the same with level 3级
-- anchor: {均为 = safety.hazards}[3 级隐患]
-- anchor: [3 级隐患] {} 个
select count(*) as value
from safety_register_in_year(:year::int)
where kind = '隐患'
  and level = '3级'
