-- id: safety.infosec_violations
-- label: 信息安全违规事件数
-- unit: 起
-- precision: 0
-- sources: safety_register
-- section: 三、责任绩效 · 4 安全生产
-- order: 6
-- definition: kind 信息安全违规 with found_date in Y
-- anchor: 对发现的 {} 起违规安装软件的信息安全违规事件
select count(*) as value
from safety_register_in_year(:year::int)
where kind = '信息安全违规'
