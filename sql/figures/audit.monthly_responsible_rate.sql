-- id: audit.monthly_responsible_rate
-- label: 月均有责率
-- unit: %
-- precision: 1
-- sources: ticket_audits
-- section: 三、责任绩效 · 2 公平运营
-- order: 4
-- definition: the mean, over the 12 months of Y, of that month's (企业有责 / audits) × 100 — a mean of
-- definition: monthly rates, which differs from the pooled rate
-- anchor: 月均有责率 {} %
with months_of_year as (
  select make_date(:year::int, month_number, 1) as month_start
  from generate_series(1, 12) as month_number
),

audits_in_year as (
  select
    date_trunc('month', audit_date::timestamp)::date as month_start,
    verdict
  from ticket_audits_in_year(:year::int)
),

monthly_rates as (
  select
    months.month_start,
    count(audits.month_start) as audits,
    100.0 * count(*) filter (where audits.verdict = '企业有责')
      / nullif(count(audits.month_start), 0) as responsible_rate
  from months_of_year as months
  left join audits_in_year as audits on audits.month_start = months.month_start
  group by months.month_start
),

-- The mean of the twelve monthly rates, not the pooled rate, so there is no single numerator
-- and denominator: both are null. A month without audits has no rate, and the mean of twelve
-- rates is then not computable: the reason names the empty months.
final as (
  select
    case when count(*) filter (where audits = 0) = 0 then avg(responsible_rate) end as value,
    null::numeric as numerator,
    null::numeric as denominator,
    'no audits in '
      || string_agg(to_char(month_start, 'YYYY-MM'), ', ' order by month_start) filter (where audits = 0)
      || ': the mean of twelve monthly rates needs every month' as reason
  from monthly_rates
)

select value, numerator, denominator, reason
from final
