/**
 * Row factories for the core source tables (sql/migrations/002_core_sources.sql), to pass to
 * insertRows: each gives a valid row with neutral defaults, which `over` replaces column by column.
 * The defaults also fix each row's type (`as … | null` marks the nullable columns).
 */

let ticketNumber = 0;
let sampleNumber = 0;

/** hotline_tickets: a 10005 电话 投诉 ticket created 2023-03-01 and closed on time, at first contact, without warnings. */
const TICKET = {
  hotline: '10005',
  province: '广东',
  created_at: '2023-03-01 08:00:00',
  deadline: '2023-03-03 08:00:00',
  closed_at: '2023-03-02 08:00:00' as string | null,
  channel: '电话',
  category: '投诉',
  first_contact_resolved: true,
  appeal_warning: false,
  overdue_warning: false,
  handle_seconds: 100,
};
export const hotlineTicket = (over: Partial<typeof TICKET & { ticket_id: string }> = {}) => ({ ticket_id: `T${++ticketNumber}`, ...TICKET, ...over });

/** hr_roster: a formal employee of 客服一部 hired 2019-01-01, still there, with every flag set (promoted included). */
const EMPLOYEE = {
  department: '客服一部',
  gender: '女',
  employment_type: '正式',
  hire_date: '2019-01-01',
  leave_date: null as string | null,
  contract_signed: true,
  promoted: true,
  talent_tier: '无',
  health_check: true,
  salary_paid: true,
  charity_day: true,
};
export const hrEmployee = (employee_id: string, over: Partial<typeof EMPLOYEE> = {}) => ({ employee_id, ...EMPLOYEE, ...over });

/** training_sessions: a one-day, four-hour 业务技术类 session. */
type SessionColumns = { title: string; category: string; end_date: string | null; hours: number };
export const trainingSession = (session_id: string, start_date: string, over: Partial<SessionColumns> = {}) => ({
  session_id,
  title: `培训班 ${session_id}`,
  category: '业务技术类',
  start_date,
  end_date: null,
  hours: 4,
  ...over,
});

/** training_attendance: a signed-in attendance. */
export const trainingAttendance = (session_id: string, employee_id: string, over: Partial<{ signed_in: boolean }> = {}) => ({ session_id, employee_id, signed_in: true, ...over });

/** satisfaction_samples: a successful, unaudited 公众综合 sample from 广东 scoring 9. */
const SAMPLE = {
  survey: '公众综合',
  province: '广东',
  touchpoint: null as string | null,
  status: '成功',
  score: 9 as number | null,
  audited: false,
  audit_passed: null as boolean | null,
};
export const satisfactionSample = (survey_date: string, over: Partial<typeof SAMPLE & { sample_id: string }> = {}) => ({
  sample_id: `S${++sampleNumber}`,
  ...SAMPLE,
  survey_date,
  ...over,
});

/*
 * Row factories for the remaining source tables (sql/migrations/004_remaining_sources.sql).
 */

let callNumber = 0;
let auditNumber = 0;
let elearningNumber = 0;
let activityNumber = 0;
let safetyNumber = 0;
let securityNumber = 0;
let contractNumber = 0;
let taskNumber = 0;
let experiencerNumber = 0;

/** call_records: a call to 10000 at 2023-03-01 10:00, queued and answered by an agent after 10 seconds. */
const CALL = {
  hotline: '10000',
  start_time: '2023-03-01 10:00:00',
  queued: true,
  wait_seconds: 10 as number | null,
  outcome: '人工接通',
  talk_seconds: 120,
  site: null as string | null,
  caller_phone_hash: null as string | null,
};
export const callRecord = (over: Partial<typeof CALL & { call_id: string }> = {}) => ({ call_id: `C${++callNumber}`, ...CALL, ...over });

/** ticket_audits: a 企业无责 audit of an ordinary (not proxy) 广东 ticket. */
const AUDIT = {
  ticket_id: 'T0',
  province: '广东',
  verdict: '企业无责',
  proxy_ticket: false,
  proxy_suspect: null as boolean | null,
};
export const ticketAudit = (audit_date: string, over: Partial<typeof AUDIT & { audit_id: string }> = {}) => ({
  audit_id: `A${++auditNumber}`,
  ...AUDIT,
  audit_date,
  ...over,
});

/** elearning_records: an hour of study earning one credit. */
const ELEARNING = { employee_id: 'E1', course: '轻学堂课程', minutes: 60, credits: 1 };
export const elearningRecord = (study_date: string, over: Partial<typeof ELEARNING & { record_id: string }> = {}) => ({
  record_id: `L${++elearningNumber}`,
  ...ELEARNING,
  study_date,
  ...over,
});

/** activities: an activity of the given type and date, without province, participants or items. */
const ACTIVITY = { title: '活动', province: null as string | null, participants: null as number | null, items: null as number | null };
export const activity = (type: string, activity_date: string, over: Partial<typeof ACTIVITY & { activity_id: string }> = {}) => ({
  activity_id: `ACT${++activityNumber}`,
  ...ACTIVITY,
  type,
  activity_date,
  ...over,
});

/** volunteer_service: one volunteer's two hours at an activity. */
export const volunteerService = (activity_id: string, service_date: string, employee_id: string, over: Partial<{ title: string; hours: number }> = {}) => ({
  activity_id,
  service_date,
  title: `志愿活动 ${activity_id}`,
  employee_id,
  hours: 2,
  ...over,
});

/** safety_register: a record of the given kind, level 3级 when it is a 隐患, not rectified, without cost. */
const SAFETY = {
  location: null as string | null,
  level: null as string | null,
  description: '情况说明',
  rectified_date: null as string | null,
  cost: null as number | null,
};
export const safetyRecord = (kind: string, found_date: string, over: Partial<typeof SAFETY & { record_id: string }> = {}) => ({
  record_id: `SR${++safetyNumber}`,
  ...SAFETY,
  level: kind === '隐患' ? '3级' : null,
  kind,
  found_date,
  ...over,
});

/** security_ops: a record of the given type and count, without severity. */
export const securityOp = (type: string, record_date: string, count: number, over: Partial<{ record_id: string; severity: string | null }> = {}) => ({
  record_id: `SO${++securityNumber}`,
  record_date,
  type,
  count,
  severity: null as string | null,
  ...over,
});

/** energy: one building's month, exactly on plan (1000 kWh). `month` is the first day of the month. */
export const energyMonth = (month: string, over: Partial<{ site: string; kwh: number; plan_kwh: number }> = {}) => ({
  month,
  site: 'A楼',
  kwh: 1000,
  plan_kwh: 1000,
  ...over,
});

/** contracts: a 履约完成 contract of the given type, with 某公司 unless said. */
const CONTRACT = { counterparty: '某公司', amount: null as number | null, status: '履约完成' };
export const contract = (type: string, signed_date: string, over: Partial<typeof CONTRACT & { contract_id: string }> = {}) => ({
  contract_id: `K${++contractNumber}`,
  ...CONTRACT,
  type,
  signed_date,
  ...over,
});

/** self_service_daily: a day of a service with 100 uses and no manual-call count. */
export const selfServiceDay = (service: string, day: string, over: Partial<{ volume: number; manual_calls: number | null }> = {}) => ({
  day,
  service,
  volume: 100,
  manual_calls: null as number | null,
  ...over,
});

/** experience_tasks: a task returning 100 samples. */
export const experienceTask = (launched: string, over: Partial<{ task_id: string; title: string; samples: number }> = {}) => ({
  task_id: `UE${++taskNumber}`,
  title: '体验任务',
  launched,
  samples: 100,
  ...over,
});

/** experiencers: an experiencer who joined on the given day and has not left. */
export const experiencer = (joined: string, over: Partial<{ experiencer_id: string; province: string | null; left: string | null }> = {}) => ({
  experiencer_id: `X${++experiencerNumber}`,
  province: null as string | null,
  joined,
  left: null as string | null,
  ...over,
});
