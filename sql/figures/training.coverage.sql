-- id: training.coverage
-- label: 培训覆盖率
-- unit: %
-- precision: 0
-- sources: hr_roster, training_sessions, training_attendance
-- section: 三、责任绩效 · 7 和谐劳动关系
-- order: 9
-- definition: formal at year end with ≥ 1 signed-in attendance of a session starting in Y / formal at year end
-- anchor: [培训]覆盖 {} %
-- anchor: 培训覆盖率 {} %
with formal_at_year_end as (
  select employee_id
  from formal_at(make_date(:year::int, 12, 31))
),

sessions_in_year as (
  select session_id
  from training_sessions_in_year(:year::int)
),

trained_employees as (
  select distinct attendance.employee_id
  from training_attendance as attendance
  inner join sessions_in_year on sessions_in_year.session_id = attendance.session_id
  where attendance.signed_in
),

final as (
  select
    count(*) filter (
      where formal.employee_id in (select trained_employees.employee_id from trained_employees)
    ) as numerator,
    count(*) as denominator
  from formal_at_year_end as formal
)

select numerator, denominator, 100.0 * numerator / nullif(denominator, 0) as value
from final
