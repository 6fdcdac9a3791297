-- id: survey.accuracy
-- label: 测评数据准确率
-- unit: %
-- precision: 0
-- sources: satisfaction_samples
-- section: 三、责任绩效 · 5 顾客与消费者权益
-- order: 6
-- definition: samples in Y with audited: audit_passed / all audited
-- anchor: [测评]数据准确率 {} %
-- An audited sample without a result counts as not passed; it is never dropped.
with final as (
  select
    count(*) filter (where audit_passed is true) as numerator,
    count(*) as denominator
  from satisfaction_samples_in_year(:year::int)
  where audited
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
