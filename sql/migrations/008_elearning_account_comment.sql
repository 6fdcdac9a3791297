-- elearning_records.employee_id now stores a mobile-number account (用户账号) as its mask: its comment says so.
comment on column "elearning_records"."employee_id" is '学员工号: learner’s employee number; outsourced learners may be missing from hr_roster. An account that is a mobile number (用户账号 of the e-learning platform) is stored as its mask hmac: + 16 hex, never in clear';
