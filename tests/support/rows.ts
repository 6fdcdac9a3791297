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
