-- The catalogue's shared definitions (the conventions every figure follows: "formal at D",
-- "formal during Y"), written once so that every figure reads them the same way.

create function formal_at(d date) returns setof hr_roster
language sql stable
as $$
  select *
  from hr_roster
  where employment_type = '正式'
    and hire_date <= d
    and (leave_date is null or leave_date > d)
$$;
comment on function formal_at(date) is
  'formal at D: hr_roster rows with employment_type = 正式, hire_date <= D and (leave_date empty or leave_date > D). Year end is D = Y-12-31.';

create function formal_during(y integer) returns setof hr_roster
language sql stable
as $$
  select *
  from hr_roster
  where employment_type = '正式'
    and hire_date <= make_date(y, 12, 31)
    and (leave_date is null or leave_date >= make_date(y, 1, 1))
$$;
comment on function formal_during(integer) is
  'formal during Y: formal, hire_date <= Y-12-31 and (leave_date empty or leave_date >= Y-01-01).';
