/**
 * 人力资源部/YYYY年员工花名册.xlsx: everyone employed at any time in the year, with the traps
 * the hr figures must get right (leavers, a leave date on Y-12-31, a hire in Y+1, non-formal staff).
 */
import { join } from 'node:path';
import { personName } from './fake.js';
import { fileReport } from './manifest.js';
import type { FileReport } from './manifest.js';
import type { Rng } from './random.js';
import { countFor, numeratorFor } from './targets.js';
import type { Published } from './targets.js';
import type { RosterRecord } from './records.js';
import { daysOf, excelDate, formatDateText, isoDay } from './time.js';
import { addHeaderRow, addTitleRow, newWorkbook, saveWorkbook } from './xlsx.js';

export type EmploymentType = '正式' | '外包' | '实习' | '劳务派遣';
export type TalentTier = '核心' | '骨干' | '无';

export interface Employee {
  id: string;
  name: string;
  department: string;
  gender: '男' | '女';
  type: EmploymentType;
  hire: number; // day number
  leave: number | null;
  contract: boolean;
  promoted: boolean;
  tier: TalentTier;
  health: boolean;
  salary: boolean;
  charity: boolean;
}

export const DEPARTMENTS = ['综合部', '人力资源部', '财务部', '客户服务一部', '客户服务二部', '质量管理部', '运营支撑部', '技术保障部'];
const HEADERS = ['工号', '姓名', '部门', '性别', '用工类型', '入职日期', '离职日期', '劳动合同签订', '本年晋升', '人才类别', '年度体检', '薪酬足额发放', '一日捐'];

/** Marks exactly `k` of `people` with `set`, the others with `unset` (seeded shuffle). */
function assignExactly(rng: Rng, people: Employee[], k: number, set: (e: Employee, yes: boolean) => void): void {
  rng.shuffle([...people]).forEach((e, i) => set(e, i < k));
}

/** Builds the roster so that the hr.* targets hold literally. */
export function buildRoster(rng: Rng, year: number, targets: Published): Employee[] {
  const t = targets.figures;
  const headcount = countFor('hr.headcount', t['hr.headcount']);
  const dayIn = (y: number, fromMonth = 1, toMonth = 12) => rng.int(daysOf(y, fromMonth, 1), daysOf(y, toMonth + 1, 1) - 1);
  const used = new Set<string>();
  const person = (type: EmploymentType, prefix: string, hire: number, leave: number | null): Employee => {
    let id: string;
    do id = `${prefix}${rng.int(1000, 9999)}`;
    while (used.has(id));
    used.add(id);
    const random = () => rng.chance(0.85);
    return {
      id, name: personName(rng), department: rng.pick(DEPARTMENTS), gender: rng.chance(0.62) ? '女' : '男', type, hire, leave,
      contract: type === '正式' || (type === '劳务派遣' && random()), promoted: rng.chance(0.1), tier: '无',
      health: random(), salary: true, charity: random(),
    };
  };

  // Formal at year end: a few hired during Y (up to October), one with a leave date in Y+1.
  const yearEnd: Employee[] = [];
  for (let i = 0; i < headcount; i++) {
    const hire = i % 15 === 3 ? dayIn(year, 1, 10) : dayIn(rng.int(year - 18, year - 1));
    yearEnd.push(person('正式', 'KF', hire, i === 7 ? daysOf(year + 1, 1, 31) : null));
  }
  yearEnd.forEach((e, i) => {
    if (i < DEPARTMENTS.length) e.department = DEPARTMENTS[i]; // every department has formal staff
  });
  // Formal staff who left during Y (one on Y-12-31: not formal at year end), and in Y-1.
  const leftInYear = Array.from({ length: Math.max(3, Math.round(headcount * 0.07)) }, (_, i) =>
    person('正式', 'KF', dayIn(rng.int(year - 10, year - 1)), i === 0 ? daysOf(year, 12, 31) : i === 1 ? daysOf(year, 1, 3) : dayIn(year, 2, 11)),
  );
  const leftBefore = [
    person('正式', 'KF', dayIn(year - 6), daysOf(year - 1, 12, 31)),
    person('正式', 'KF', dayIn(year - 4), dayIn(year - 1, 3, 9)),
  ];
  const futureHire = person('正式', 'KF', daysOf(year + 1, 1, 2), null);
  const nonFormal: Employee[] = [];
  for (const [type, prefix, share] of [['外包', 'WB', 0.16], ['实习', 'SX', 0.08], ['劳务派遣', 'PQ', 0.1]] as const) {
    for (let i = 0, n = Math.max(2, Math.round(headcount * share)); i < n; i++) {
      // The first of each kind left during the year.
      const hire = i === 0 ? dayIn(year - 1) : type === '实习' ? dayIn(year, 3, 9) : dayIn(rng.int(year - 5, year), 1, 11);
      nonFormal.push(person(type, prefix, hire, i === 0 ? dayIn(year, 2, 11) : null));
    }
  }

  // The figures' numerators, by construction.
  const during = [...yearEnd, ...leftInYear];
  assignExactly(rng, during, numeratorFor('hr.contract_rate', t['hr.contract_rate'], during.length), (e, y) => (e.contract = y));
  assignExactly(rng, during, numeratorFor('hr.salary_paid_rate', t['hr.salary_paid_rate'], during.length), (e, y) => (e.salary = y));
  assignExactly(rng, yearEnd, numeratorFor('hr.promotion_rate', t['hr.promotion_rate'], headcount), (e, y) => (e.promoted = y));
  assignExactly(rng, yearEnd, numeratorFor('hr.health_check_rate', t['hr.health_check_rate'], headcount), (e, y) => (e.health = y));
  assignExactly(rng, yearEnd, numeratorFor('hr.charity_rate', t['hr.charity_rate'], headcount), (e, y) => (e.charity = y));
  const core = countFor('hr.core_talents', t['hr.core_talents']);
  const backbone = countFor('hr.backbone_talents', t['hr.backbone_talents']);
  if (core + backbone > headcount) throw new Error('more talents than formal staff at year end');
  rng.shuffle([...yearEnd]).forEach((e, i) => (e.tier = i < core ? '核心' : i < core + backbone ? '骨干' : '无'));
  // Traps: the Y-12-31 leaver looks like a core talent without health check; a contractor is 骨干;
  // a Y-1 leaver and the Y+1 hire have no contract yet.
  Object.assign(leftInYear[0], { tier: '核心', health: false, charity: false, promoted: true });
  nonFormal[0].tier = '骨干';
  leftBefore[0].contract = false;
  futureHire.contract = false;

  const all = [...yearEnd, ...leftInYear, ...leftBefore, futureHire, ...nonFormal];
  const dept = (e: Employee) => DEPARTMENTS.indexOf(e.department);
  return all.sort((a, b) => dept(a) - dept(b) || a.hire - b.hire || a.id.localeCompare(b.id));
}

/** The roster as the engine would load it. */
export function* rosterRecords(roster: Employee[]): Generator<RosterRecord> {
  for (const e of roster) {
    yield {
      employee_id: e.id, department: e.department, employment_type: e.type, hire_date: isoDay(e.hire),
      leave_date: e.leave === null ? null : isoDay(e.leave), contract_signed: e.contract, promoted: e.promoted,
      talent_tier: e.tier, health_check: e.health, salary_paid: e.salary, charity_day: e.charity,
    };
  }
}

const BOOL_STYLES = [['是', '否'], ['Y', 'N'], ['√', '×']] as const;

/** Writes the roster workbook; returns what the engine should count. */
export async function writeRoster(rng: Rng, outDir: string, year: number, roster: Employee[]): Promise<FileReport> {
  const file = join('人力资源部', `${year}年员工花名册.xlsx`);
  const wb = newWorkbook();
  const ws = wb.addWorksheet(`${year}年花名册`);
  addTitleRow(ws, `星河通信客户服务中心${year}年员工花名册`, HEADERS.length);
  ws.addRow([`导出时间：${year + 1}-01-05 09:30`]);
  addHeaderRow(ws, HEADERS, [10, 10, 14, 6, 10, 13, 13, 12, 10, 10, 10, 12, 8]);
  const dateCell = (days: number | null) => {
    if (days === null) return null;
    return rng.chance(0.12) ? formatDateText(days, rng.pick(['cn', 'slash', 'dot'] as const)) : excelDate(days);
  };
  for (const e of roster) {
    const [yes, no] = BOOL_STYLES[rng.weighted([80, 10, 10])];
    const b = (v: boolean) => (v ? yes : no);
    const tier = e.tier === '无' ? (rng.chance(0.6) ? null : '无') : e.tier;
    const row = ws.addRow([e.id, e.name, e.department, e.gender, e.type, dateCell(e.hire), dateCell(e.leave),
      b(e.contract), b(e.promoted), tier, b(e.health), b(e.salary), b(e.charity)]);
    for (const c of [6, 7]) if (row.getCell(c).value instanceof Date) row.getCell(c).numFmt = 'yyyy-mm-dd';
  }
  ws.addRow(HEADERS.map(() => ' ')); // looks empty: a row of spaces
  ws.addRow(['合计', roster.length, '人']);
  await saveWorkbook(wb, join(outDir, file));
  return fileReport({
    file, source: 'hr_roster', sheet: ws.name, headerRow: 3, rowsRead: roster.length + 2, expectedRejected: 0,
    expectedSkipped: { duplicate: 0, blank: 1, summary: 1 },
    notes: ['a row of spaces (blank) and a 合计 row below the data'],
  });
}
