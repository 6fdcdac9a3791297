/**
 * 人力资源部/YYYY年培训台账.xlsx: sheet 培训班 (sessions, with sessions of Y-1 and Y+1 to be
 * left out) and sheet 签到 (attendance, with 否 and empty 签到 cells, outsiders and non-formal staff).
 */
import { join } from 'node:path';
import { personName } from './fake.js';
import type { Employee } from './hr-roster.js';
import { fileReport } from './manifest.js';
import type { FileReport } from './manifest.js';
import type { Rng } from './random.js';
import { countFor, numeratorFor } from './targets.js';
import type { Published } from './targets.js';
import type { AttendanceRecord, SessionRecord } from './records.js';
import { daysOf, excelDate, formatDateText, isoDay } from './time.js';
import { addHeaderRow, addTitleRow, newWorkbook, saveWorkbook } from './xlsx.js';

export interface Session {
  id: string;
  title: string;
  category: string;
  start: number;
  end: number | null;
  hours: number;
}
export interface Attendance {
  session: Session;
  employeeId: string;
  name: string;
  signedIn: boolean;
}
export interface Training {
  sessions: Session[];
  attendance: Attendance[];
}

const MANAGEMENT = '专业管理类';
const TITLES: Record<string, string[]> = {
  专业管理类: ['班组长管理能力提升研修班', '中层管理人员专题研修', '项目管理实务培训'],
  业务技术类: ['5G业务知识培训', '宽带故障处理实务', '投诉处理技巧培训', '智能客服系统操作培训'],
  技能提升类: ['客服代表服务技能提升班', '普通话与沟通表达训练', '数据分析技能培训'],
  安全宣传类: ['安全生产专题培训', '网络与信息安全意识培训', '消防安全知识讲座'],
  党性教育类: ['党员党性教育专题培训', '主题教育专题学习班'],
  企业公开课: ['数字化转型公开课', '客户体验管理公开课'],
  专家讲坛: ['专家讲坛：服务质量管理', '专家讲坛：数据分析与洞察'],
  员工讲堂: ['员工讲堂：优秀案例分享', '员工讲堂：工单处理经验谈'],
};
const OTHER_CATEGORIES = Object.keys(TITLES).filter((c) => c !== MANAGEMENT);

/** Builds sessions and sign-ins so that the training.* targets hold literally. */
export function buildTraining(rng: Rng, year: number, targets: Published, roster: Employee[]): Training {
  const t = targets.figures;
  const sessionCount = countFor('training.sessions', t['training.sessions']);
  const managers = countFor('training.management_attendees', t['training.management_attendees']);
  const signIns = countFor('training.attendances', t['training.attendances']);
  const yearEnd = roster.filter((e) => e.type === '正式' && e.hire <= daysOf(year, 12, 31) && (e.leave === null || e.leave > daysOf(year, 12, 31)));
  const covered = numeratorFor('training.coverage', t['training.coverage'], yearEnd.length);
  const mgmtSessions = managers > 0 ? Math.min(2, sessionCount) : 0;
  if (managers > 0 && mgmtSessions === 0) throw new Error('management attendees need at least one session');

  const used = new Map<string, number>();
  const session = (category: string, start: number, days: number): Session => {
    const title = rng.pick(TITLES[category]);
    const n = (used.get(title) ?? 0) + 1;
    used.set(title, n);
    const hours = days > 1 ? days * rng.pick([6, 7, 8]) : rng.pick([1.5, 2, 3, 3.5, 4]);
    return { id: '', title: n > 1 ? `${title}（第${n}期）` : title, category, start, end: days > 1 ? start + days - 1 : rng.chance(0.5) ? start : null, hours };
  };
  const inYear: Session[] = [];
  for (let i = 0; i < mgmtSessions; i++) inYear.push(session(MANAGEMENT, daysOf(year, 10, 10 + 14 * i), 2));
  const others = sessionCount - mgmtSessions;
  for (let i = 0; i < others; i++) {
    const mo = 1 + Math.floor((i * 12) / Math.max(1, others));
    // a 专业管理类 session in September: its attendees are not management attendees
    const category = i === Math.floor((others * 8) / 12) ? MANAGEMENT : mo === 10 ? rng.pick(OTHER_CATEGORIES) : OTHER_CATEGORIES[i % OTHER_CATEGORIES.length];
    inYear.push(session(category, daysOf(year, mo, rng.int(3, 26)), rng.chance(0.25) ? rng.int(2, 3) : 1));
  }
  const excluded = [session('业务技术类', daysOf(year - 1, 11, 15), 1), session('技能提升类', daysOf(year - 1, 12, 28), 6), session('安全宣传类', daysOf(year + 1, 1, 4), 1)];
  const sessions = [...excluded, ...inYear].sort((a, b) => a.start - b.start);
  const seq = new Map<number, number>();
  for (const s of sessions) {
    const y = Number(isoDay(s.start).slice(0, 4));
    seq.set(y, (seq.get(y) ?? 0) + 1);
    s.id = `PX${y}-${String(seq.get(y)).padStart(3, '0')}`;
  }

  // Who may sign in: the roster while employed, plus a few colleagues from headquarters.
  const guests = Array.from({ length: 4 }, (_, i) => ({ id: `ZB${8801 + i * 7}`, name: personName(rng), hire: 0, leave: null as number | null }));
  const people = [...roster, ...guests];
  const present = (p: { hire: number; leave: number | null }, s: Session) => p.hire <= s.start && (p.leave === null || p.leave >= s.start);
  const shuffledYearEnd = rng.shuffle([...yearEnd]);
  const uncovered = new Set(shuffledYearEnd.slice(covered).map((e) => e.id));
  const attendance: Attendance[] = [];
  const pairs = new Set<string>();
  const add = (s: Session, p: { id: string; name: string }, signedIn: boolean) => {
    if (pairs.has(`${s.id}|${p.id}`)) return false;
    pairs.add(`${s.id}|${p.id}`);
    attendance.push({ session: s, employeeId: p.id, name: p.name, signedIn });
    return true;
  };

  // 1. October 专业管理类: exactly `managers` distinct people over the sessions (they overlap).
  const mgmt = inYear.slice(0, mgmtSessions);
  const chosen = shuffledYearEnd.slice(0, covered).filter((e) => mgmt.every((s) => present(e, s))).slice(0, managers);
  if (chosen.length < managers) throw new Error('not enough formal staff for the management sessions');
  const firstPart = Math.ceil(managers * 0.7);
  mgmt.forEach((s, i) => {
    const group = mgmt.length === 1 ? chosen : i === 0 ? chosen.slice(0, firstPart) : chosen.slice(Math.min(firstPart, managers - Math.ceil(managers * 0.6)));
    for (const e of group) add(s, e, true);
  });
  // 2. Coverage: every covered formal employee signs in at least once.
  const regular = inYear.slice(mgmtSessions);
  const covering = new Set(chosen.map((e) => e.id));
  for (const e of shuffledYearEnd.slice(0, covered)) {
    if (covering.has(e.id)) continue;
    const options = regular.filter((s) => present(e, s) && s.start <= daysOf(year, 12, 31));
    if (!add(options.length ? rng.pick(options) : regular[regular.length - 1], e, true)) throw new Error('coverage sign-in clash');
  }
  // 3. The rest of the sign-ins, anywhere but the management sessions.
  let remaining = signIns - attendance.length;
  if (remaining < 0 || regular.length === 0) throw new Error('the attendance target is smaller than coverage needs');
  const weights = regular.map(() => 0.4 + rng.next() * 1.6);
  for (let tries = 0; remaining > 0; tries++) {
    if (tries > 1_000_000) throw new Error('cannot place the training sign-ins');
    const s = regular[rng.weighted(weights)];
    const p = rng.pick(people);
    if (!uncovered.has(p.id) && present(p, s) && add(s, p, true)) remaining--;
  }
  // 4. Registered but absent (否), and sign-ins to sessions outside the year.
  for (let i = 0, n = Math.round(signIns * 0.06); i < n; i++) add(rng.pick(inYear), rng.pick(people), false);
  for (const s of excluded) for (let i = 0; i < 18; i++) add(s, rng.pick(people.filter((p) => present(p, s))), rng.chance(0.9));
  attendance.sort((a, b) => a.session.start - b.session.start || a.session.id.localeCompare(b.session.id));
  return { sessions, attendance };
}

export function* sessionRecords(training: Training): Generator<SessionRecord> {
  for (const s of training.sessions) yield { session_id: s.id, category: s.category, start_date: isoDay(s.start) };
}

export function* attendanceRecords(training: Training): Generator<AttendanceRecord> {
  for (const a of training.attendance) yield { session_id: a.session.id, employee_id: a.employeeId, signed_in: a.signedIn };
}

/** Writes the two-sheet workbook; returns one report per sheet. */
export async function writeTraining(rng: Rng, outDir: string, year: number, training: Training): Promise<FileReport[]> {
  const file = join('人力资源部', `${year}年培训台账.xlsx`);
  const wb = newWorkbook();
  const ws = wb.addWorksheet('培训班');
  addTitleRow(ws, `${year}年度培训班台账`, 6);
  addHeaderRow(ws, ['培训编号', '培训名称', '培训类别', '开始日期', '结束日期', '学时'], [12, 30, 12, 12, 12, 8]);
  const date = (d: number | null) => (d === null ? null : rng.chance(0.1) ? formatDateText(d, rng.pick(['slash', 'dot', 'cn'] as const)) : excelDate(d));
  for (const s of training.sessions) {
    const row = ws.addRow([s.id, s.title, s.category, date(s.start), date(s.end), rng.chance(0.15) ? ` ${s.hours} ` : s.hours]);
    for (const c of [4, 5]) if (row.getCell(c).value instanceof Date) row.getCell(c).numFmt = 'yyyy/m/d';
  }
  const wa = wb.addWorksheet('签到');
  addHeaderRow(wa, ['培训编号', '工号', '姓名', '签到'], [12, 10, 10, 8]);
  for (const a of training.attendance) {
    const mark = a.signedIn ? rng.pick(['是', '是', '是', null, '√']) : rng.pick(['否', '否', '×']);
    wa.addRow([a.session.id, a.employeeId, a.name, mark]);
  }
  await saveWorkbook(wb, join(outDir, file));
  const clean = { expectedRejected: 0, expectedSkipped: { duplicate: 0, blank: 0, summary: 0 } };
  return [
    fileReport({ file, source: 'training_sessions', sheet: '培训班', headerRow: 2, rowsRead: training.sessions.length, ...clean, notes: ['title row above the header; sessions starting in Y-1 and Y+1'] }),
    fileReport({ file, source: 'training_attendance', sheet: '签到', headerRow: 1, rowsRead: training.attendance.length, ...clean, notes: ['签到 empty (= 是) on some rows; ids of headquarters guests not on the roster'] }),
  ];
}
