/**
 * 工会/YYYY年志愿服务记录.xlsx: one row per volunteer per activity, with activities of Y-1, one
 * row pasted twice (an exact duplicate) and two invalid rows.
 */
import { join } from 'node:path';
import type { Employee } from './hr-roster.js';
import { fileReport } from './manifest.js';
import type { FileReport } from './manifest.js';
import { splitTotal } from './random.js';
import type { Rng } from './random.js';
import type { VolunteerRecord } from './records.js';
import { countFor, unitsFor } from './targets.js';
import type { Published } from './targets.js';
import { daysOf, excelDate, formatDateText, isoDay } from './time.js';
import { addHeaderRow, addTitleRow, formatDateCells, newWorkbook, saveWorkbook } from './xlsx.js';

export interface VolunteerRow {
  activityId: string;
  day: number;
  title: string;
  employeeId: string;
  name: string;
  /** Hours in halves: 3 = 1.5 h. */
  halves: number;
}

const TITLES = ['社区反诈宣传志愿服务', '敬老院关爱老人活动', '“银发课堂”智能手机教学', '无偿献血志愿服务', '城市文明交通劝导', '助残帮扶进社区',
  '植树造林志愿活动', '学雷锋便民服务日', '留守儿童关爱行动', '防汛抢险后勤保障'];

/** Builds the rows so that the volunteer.* targets hold literally (hours in half-hours). */
export function buildVolunteers(rng: Rng, year: number, targets: Published, roster: Employee[]): VolunteerRow[] {
  const t = targets.figures;
  const activities = countFor('volunteer.activities', t['volunteer.activities']);
  const personTimes = countFor('volunteer.person_times', t['volunteer.person_times']);
  const halves = unitsFor('volunteer.hours', t['volunteer.hours'], 2);
  if (activities > personTimes || (activities === 0 && personTimes > 0)) throw new Error('volunteer: more activities than person-times');
  if (halves < personTimes) throw new Error('volunteer: fewer half-hours than person-times');

  const rows: VolunteerRow[] = [];
  const plan = (y: number, count: number, sizes: number[]) => {
    const days = Array.from({ length: count }, () => rng.int(daysOf(y, 1, 8), daysOf(y, 12, 20))).sort((a, b) => a - b);
    days.forEach((day, a) => {
      const present = roster.filter((e) => e.hire <= day && (e.leave === null || e.leave >= day));
      const title = TITLES[(a + y) % TITLES.length];
      const base = rng.pick([2, 3, 4, 4, 6]);
      for (const e of rng.shuffle([...present]).slice(0, sizes[a])) {
        rows.push({ activityId: `ZY${y}-${String(a + 1).padStart(2, '0')}`, day, title, employeeId: e.id, name: e.name, halves: base });
      }
    });
  };
  plan(year - 1, 5, [4, 3, 5, 2, 4]);
  const first = rows.length;
  plan(year, activities, splitTotal(rng, personTimes, activities));
  const current = rows.slice(first);
  if (current.length !== personTimes) throw new Error('volunteer: not enough staff for the activities');
  // Hours: move the year's total to the target half an hour at a time (never below half an hour).
  let diff = halves - current.reduce((s, r) => s + r.halves, 0);
  for (let guard = 0; diff !== 0; guard++) {
    if (guard > 1_000_000) throw new Error('volunteer: cannot reach the hours target');
    const r = rng.pick(current);
    const step = Math.sign(diff);
    if (r.halves + step < 1 || r.halves + step > 16) continue;
    r.halves += step;
    diff -= step;
  }
  return rows;
}

export function* volunteerRecords(rows: VolunteerRow[]): Generator<VolunteerRecord> {
  for (const r of rows) yield { activity_id: r.activityId, service_date: isoDay(r.day), hours: r.halves / 2 };
}

const HEADERS = ['活动编号', '服务日期', '活动名称', '工号', '姓名', '服务时长(小时)'];

export async function writeVolunteers(rng: Rng, outDir: string, year: number, rows: VolunteerRow[]): Promise<FileReport> {
  const file = join('工会', `${year}年志愿服务记录.xlsx`);
  const wb = newWorkbook();
  const ws = wb.addWorksheet('志愿服务');
  addTitleRow(ws, `${year}年青年志愿服务活动登记表`, HEADERS.length);
  addHeaderRow(ws, HEADERS, [12, 12, 30, 10, 10, 14]);
  const pasted = Math.floor(rows.length * 0.7); // a row pasted twice by mistake
  const bad = [
    { at: Math.floor(rows.length * 0.4), problem: '服务时长 0 (must be > 0)', change: (c: unknown[]) => void ((c[3] = 'KF0000'), (c[5] = 0)) },
    { at: Math.floor(rows.length * 0.85), problem: `服务日期 ${year}/11/31 (no such day)`, change: (c: unknown[]) => void ((c[1] = `${year}/11/31`), (c[3] = 'KF0001')) },
  ];
  rows.forEach((r, i) => {
    const hours = r.halves / 2;
    const cells = [r.activityId, rng.chance(0.8) ? excelDate(r.day) : formatDateText(r.day, rng.pick(['slash', 'cn'] as const)), r.title, r.employeeId, r.name,
      rng.chance(0.15) ? String(hours) : hours];
    formatDateCells(ws.addRow(cells));
    if (i === pasted) formatDateCells(ws.addRow(cells));
    for (const b of bad) {
      if (b.at !== i) continue;
      const copy = [...cells];
      b.change(copy);
      formatDateCells(ws.addRow(copy));
    }
  });
  await saveWorkbook(wb, join(outDir, file));
  return fileReport({
    file, source: 'volunteer_service', sheet: ws.name, headerRow: 2, rowsRead: rows.length + 1 + bad.length, expectedRejected: bad.length,
    expectedSkipped: { duplicate: 1, blank: 0, summary: 0 },
    notes: [`${rows[pasted].activityId} / ${rows[pasted].employeeId} pasted twice: the second copy is skipped as a duplicate`, ...bad.map((b) => `rejected: ${b.problem}`)],
  });
}
