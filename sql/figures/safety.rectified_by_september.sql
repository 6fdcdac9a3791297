-- id: safety.rectified_by_september
-- label: 9月底前完成整改的隐患数
-- unit: 个
-- precision: 0
-- sources: safety_register
-- section: 三、责任绩效 · 4 安全生产
-- order: 3
-- definition: the same hazards with rectified_date <= Y-09-30
-- anchor: 截止 9 月底，以上隐患{均已 = safety.hazards}完成整改
-- anchor: 截止 9 月底完成整改 {} 个
-- "the same hazards": every 隐患 found in Y (any level), rectified by Y-09-30.
select count(*) as value
from safety_register_in_year(:year::int)
where kind = '隐患'
  and rectified_date <= make_date(:year::int, 9, 30)
