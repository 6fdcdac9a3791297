/**
 * Rows as the engine would load them (warehouse column names; dates `YYYY-MM-DD`, timestamps
 * `YYYY-MM-DD HH:mm:ss`, enums canonical), limited to the columns the figures read.
 */

export interface RosterRecord {
  employee_id: string;
  department: string;
  employment_type: string;
  hire_date: string;
  leave_date: string | null;
  contract_signed: boolean;
  promoted: boolean;
  talent_tier: string;
  health_check: boolean;
  salary_paid: boolean;
  charity_day: boolean;
}
export interface SessionRecord {
  session_id: string;
  category: string;
  start_date: string;
}
export interface AttendanceRecord {
  session_id: string;
  employee_id: string;
  signed_in: boolean;
}
export interface TicketRecord {
  hotline: string;
  created_at: string;
  deadline: string;
  closed_at: string | null;
  channel: string;
  category: string;
  first_contact_resolved: boolean;
  appeal_warning: boolean;
  overdue_warning: boolean;
  handle_seconds: number;
}
export interface SampleRecord {
  survey: string;
  province: string;
  touchpoint: string | null;
  survey_date: string;
  status: string;
  audited: boolean;
  audit_passed: boolean | null;
}
export interface CallRecord {
  hotline: string;
  start_time: string;
  queued: boolean;
  wait_seconds: number | null;
  outcome: string;
}
export interface AuditRecord {
  audit_date: string;
  verdict: string;
  proxy_ticket: boolean;
  proxy_suspect: boolean | null;
}
export interface SelfServiceRecord {
  day: string;
  service: string;
  volume: number;
  manual_calls: number | null;
}
export interface ElearningRecord {
  study_date: string;
  minutes: number;
  credits: number;
}
export interface ActivityRecord {
  activity_date: string;
  type: string;
  province: string | null;
  participants: number | null;
  items: number | null;
}
export interface VolunteerRecord {
  activity_id: string;
  service_date: string;
  hours: number;
}
export interface SafetyRecord {
  kind: string;
  found_date: string;
  level: string | null;
  rectified_date: string | null;
  cost: number | null;
}
export interface SecurityRecord {
  record_date: string;
  type: string;
  count: number;
  severity: string | null;
}
export interface EnergyRecord {
  month: string;
  kwh: number;
  plan_kwh: number;
}
export interface ContractRecord {
  type: string;
  counterparty: string;
  signed_date: string;
  status: string;
}
export interface TaskRecord {
  launched: string;
  samples: number;
}
export interface ExperiencerRecord {
  joined: string;
  left: string | null;
}
