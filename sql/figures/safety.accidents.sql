-- id: safety.accidents
-- label: 安全生产事故数
-- unit: 起
-- precision: 0
-- sources: safety_register
-- section: 三、责任绩效 · 4 安全生产
-- order: 5
-- definition: kind 事故 with found_date in Y (zero rows must give 0, not "no data")
-- anchor: {未发生 = 0}安全生产事故
-- anchor: 发生安全生产事故 {} 起
-- A count: a year without accidents gives 0, as the catalogue requires.
select count(*) as value
from safety_register_in_year(:year::int)
where kind = '事故'
