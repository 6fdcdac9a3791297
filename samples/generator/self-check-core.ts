/**
 * The 24 core figures computed literally per the figure definitions (sql/figures) from hr_roster, training,
 * hotline_tickets and satisfaction_samples rows.
 */
import type { CoreFigureId } from './figure-ids.js';
import type { AttendanceRecord, RosterRecord, SampleRecord, SessionRecord, TicketRecord } from './records.js';
import { meanDifference, percent, ratio, shareChange } from './targets.js';
import type { Ratio } from './targets.js';

export interface CoreInputs {
  roster: Iterable<RosterRecord>;
  sessions: Iterable<SessionRecord>;
  attendance: Iterable<AttendanceRecord>;
  tickets: Iterable<TicketRecord>;
  samples: Iterable<SampleRecord>;
}

const ANTIFRAUD_CHANNELS = new Set(['一证通查', '12381', '不良信息举报']);
const pad = (n: number) => String(n).padStart(2, '0');

/** The core figures for report year `year`; `month` is M of the complaints figures (7 for 2023). */
export function coreFigures(inputs: CoreInputs, year: number, month = 7): Record<CoreFigureId, Ratio | null> {
  const yStart = `${year}-01-01`;
  const yEnd = `${year}-12-31`;
  const inYear = (d: string) => d >= yStart && d <= yEnd;
  const tsIn = (ts: string, from: string, to: string) => ts >= `${from} 00:00:00` && ts < `${to} 00:00:00`;
  const monthStart = (y: number, m: number) => (m < 1 ? `${y - 1}-${pad(m + 12)}-01` : m > 12 ? `${y + 1}-${pad(m - 12)}-01` : `${y}-${pad(m)}-01`);
  const [mFrom, mTo, pFrom] = [monthStart(year, month), monthStart(year, month + 1), monthStart(year, month - 1)];

  // hr_roster
  const roster = [...inputs.roster];
  const formal = roster.filter((e) => e.employment_type === '正式' && e.hire_date <= yEnd);
  const atYearEnd = formal.filter((e) => e.leave_date === null || e.leave_date > yEnd);
  const during = formal.filter((e) => e.leave_date === null || e.leave_date >= yStart);
  const count = <T>(rows: T[], p: (r: T) => boolean) => rows.filter(p).length;

  // training
  const sessions = new Map<string, SessionRecord>();
  for (const s of inputs.sessions) sessions.set(s.session_id, s);
  const octoberPrefix = `${year}-10-`;
  let attendances = 0;
  const trained = new Set<string>();
  const managers = new Set<string>();
  for (const a of inputs.attendance) {
    const s = sessions.get(a.session_id);
    if (!a.signed_in || !s || !inYear(s.start_date)) continue;
    attendances++;
    trained.add(a.employee_id);
    if (s.category === '专业管理类' && s.start_date.startsWith(octoberPrefix)) managers.add(a.employee_id);
  }

  // hotline_tickets
  const t = { closed: 0, onTime: 0, fcr: 0, handle: 0, closedPrev: 0, handlePrev: 0, appeal: 0, overdue: 0, antifraud: 0 };
  const m = { net: 0, netPrev: 0, all: 0, allPrev: 0, app: 0, appPrev: 0 };
  const [nextYear, prevYear] = [`${year + 1}-01-01`, `${year - 1}-01-01`];
  for (const r of inputs.tickets) {
    if (r.hotline === '10005') {
      if (r.closed_at !== null && tsIn(r.closed_at, yStart, nextYear)) {
        t.closed++;
        if (r.closed_at <= r.deadline) t.onTime++;
        if (r.first_contact_resolved) t.fcr++;
        t.handle += r.handle_seconds;
      } else if (r.closed_at !== null && tsIn(r.closed_at, prevYear, yStart)) {
        t.closedPrev++;
        t.handlePrev += r.handle_seconds;
      }
      if (tsIn(r.created_at, yStart, nextYear)) {
        if (r.appeal_warning) t.appeal++;
        if (r.overdue_warning) t.overdue++;
      }
    }
    if (ANTIFRAUD_CHANNELS.has(r.channel) && tsIn(r.created_at, yStart, `${year}-11-01`)) t.antifraud++;
    const inM = tsIn(r.created_at, mFrom, mTo);
    const inPrev = tsIn(r.created_at, pFrom, mFrom);
    if (!inM && !inPrev) continue;
    const net = r.channel === '互联网' && r.category === '投诉' ? 1 : 0;
    const app = r.category === '申诉' ? 1 : 0;
    if (inM) Object.assign(m, { net: m.net + net, all: m.all + 1, app: m.app + app });
    else Object.assign(m, { netPrev: m.netPrev + net, allPrev: m.allPrev + 1, appPrev: m.appPrev + app });
  }

  // satisfaction_samples
  let success = 0;
  let audited = 0;
  let passed = 0;
  const provinces = new Set<string>();
  const touchpoints = new Set<string>();
  for (const s of inputs.samples) {
    if (!inYear(s.survey_date)) continue;
    if (s.status === '成功') success++;
    if (s.audited) {
      audited++;
      if (s.audit_passed) passed++;
    }
    if (s.survey === '即时测评') {
      provinces.add(s.province);
      if (s.touchpoint !== null) touchpoints.add(s.touchpoint);
    }
  }

  return {
    'hr.headcount': ratio(atYearEnd.length),
    'hr.contract_rate': percent(count(during, (e) => e.contract_signed), during.length),
    'hr.promotion_rate': percent(count(atYearEnd, (e) => e.promoted), atYearEnd.length),
    'hr.salary_paid_rate': percent(count(during, (e) => e.salary_paid), during.length),
    'hr.health_check_rate': percent(count(atYearEnd, (e) => e.health_check), atYearEnd.length),
    'hr.charity_rate': percent(count(atYearEnd, (e) => e.charity_day), atYearEnd.length),
    'hr.core_talents': ratio(count(atYearEnd, (e) => e.talent_tier === '核心')),
    'hr.backbone_talents': ratio(count(atYearEnd, (e) => e.talent_tier === '骨干')),
    'training.sessions': ratio([...sessions.values()].filter((s) => inYear(s.start_date)).length),
    'training.attendances': ratio(attendances),
    'training.coverage': percent(count(atYearEnd, (e) => trained.has(e.employee_id)), atYearEnd.length),
    'training.management_attendees': ratio(managers.size),
    'hotline.on_time_rate': percent(t.onTime, t.closed),
    'hotline.first_contact_rate': percent(t.fcr, t.closed),
    'hotline.appeal_warnings': ratio(t.appeal),
    'hotline.overdue_warnings': ratio(t.overdue),
    'hotline.handle_time_cut': meanDifference(t.handlePrev, t.closedPrev, t.handle, t.closed),
    'complaints.internet_growth': m.netPrev === 0 ? null : ratio(BigInt(m.net - m.netPrev) * 100n, m.netPrev),
    'complaints.appeal_rate_change': shareChange(m.appPrev, m.allPrev, m.app, m.all),
    'antifraud.tickets': ratio(t.antifraud),
    'survey.success_samples': ratio(success),
    'survey.accuracy': percent(passed, audited),
    'survey.instant_provinces': ratio(provinces.size),
    'survey.instant_touchpoints': ratio(touchpoints.size),
  };
}

