/**
 * 综合部/YYYY年用电台账.xlsx: one row per month per building for Y-1 and Y, each year closed
 * by a 合计 row; the month written `2023-01`, `2023年1月`, `202301` (text or number) or as a
 * date cell; two invalid rows.
 */
import { join } from 'node:path';
import { fileReport } from './manifest.js';
import type { FileReport } from './manifest.js';
import { apportion } from './random.js';
import type { Rng } from './random.js';
import type { EnergyRecord } from './records.js';
import { meets, ratio } from './targets.js';
import type { Published } from './targets.js';
import { daysOf, excelDate } from './time.js';
import { addHeaderRow, addTitleRow, newWorkbook, saveWorkbook } from './xlsx.js';

export interface EnergyRow {
  year: number;
  month: number;
  site: string;
  /** Actual use in tenths of a kWh (a meter reading to one decimal). */
  kwhTenths: number;
  /** The plan, in whole kWh. */
  plan: number;
}

/** [building, typical monthly plan in kWh] */
const SITES: [string, number][] = [['综合楼', 118_000], ['呼叫中心大楼', 262_000], ['数据机房', 384_000]];
const SEASON = [1.08, 1.02, 0.96, 0.92, 0.97, 1.07, 1.16, 1.18, 1.04, 0.94, 0.97, 1.06];

/** Builds the ledger so that sum(kwh) / sum(plan_kwh) over Y reproduces energy.plan_ratio. */
export function buildEnergy(rng: Rng, year: number, targets: Published): EnergyRow[] {
  const fig = targets.figures['energy.plan_ratio'];
  const rows: EnergyRow[] = [];
  for (const y of [year - 1, year]) {
    for (let month = 1; month <= 12; month++) {
      for (const [site, base] of SITES) {
        const plan = Math.round((base * SEASON[month - 1] * (0.97 + 0.06 * rng.next())) / 100) * 100;
        rows.push({ year: y, month, site, plan, kwhTenths: Math.round(plan * 10 * (0.965 + 0.06 * rng.next())) });
      }
    }
  }
  // The year's actual total, in tenths of a kWh, nearest the target; spread the change by plan.
  const current = rows.filter((r) => r.year === year);
  const planTenths = current.reduce((s, r) => s + r.plan * 10, 0);
  const actual = current.reduce((s, r) => s + r.kwhTenths, 0);
  const center = Math.round((planTenths * fig.value) / 100);
  let target = -1;
  for (let step = 0; step < 1_000_000 && target < 0; step++) {
    for (const k of [center + step, center - step]) if (target < 0 && meets(fig, ratio(BigInt(k) * 100n, planTenths))) target = k;
  }
  if (target < 0) throw new Error('energy.plan_ratio: no total reproduces the target');
  const change = apportion(Math.abs(target - actual), current.map((r) => r.plan));
  current.forEach((r, i) => (r.kwhTenths += Math.sign(target - actual) * change[i]));
  return rows;
}

export function* energyRecords(rows: EnergyRow[]): Generator<EnergyRecord> {
  for (const r of rows) yield { month: `${r.year}-${String(r.month).padStart(2, '0')}-01`, kwh: r.kwhTenths / 10, plan_kwh: r.plan };
}

const HEADERS = ['月份', '楼宇', '实际用电(kWh)', '计划用电(kWh)', '完成率'];

export async function writeEnergy(rng: Rng, outDir: string, year: number, rows: EnergyRow[]): Promise<FileReport> {
  const file = join('综合部', `${year}年用电台账.xlsx`);
  const wb = newWorkbook();
  const ws = wb.addWorksheet('用电台账');
  addTitleRow(ws, `${year - 1}—${year}年各楼宇用电情况统计`, HEADERS.length);
  addHeaderRow(ws, HEADERS, [12, 14, 16, 16, 10]);
  const monthCell = (y: number, m: number) => {
    switch (rng.weighted([30, 20, 15, 10, 25])) {
      case 0: return `${y}-${String(m).padStart(2, '0')}`;
      case 1: return `${y}年${m}月`;
      case 2: return y * 100 + m;
      case 3: return `${y}${String(m).padStart(2, '0')}`;
      default: return excelDate(daysOf(y, m, 1));
    }
  };
  const bad = [
    { problem: '计划用电 0 (must be greater than 0)', cells: [`${year}-06`, '临时机房', 3120.5, 0, null] },
    { problem: `月份 ${year}-13 (no such month)`, cells: [`${year}-13`, SITES[0][0], 98_000.4, 101_000, null] },
  ];
  for (const y of [year - 1, year]) {
    let kwh = 0;
    let plan = 0;
    for (const r of rows.filter((x) => x.year === y)) {
      const row = ws.addRow([monthCell(y, r.month), r.site, r.kwhTenths / 10, rng.chance(0.15) ? r.plan.toLocaleString('en-US') : r.plan, r.kwhTenths / 10 / r.plan]);
      const month = row.getCell(1);
      if (month.value instanceof Date) month.numFmt = 'yyyy"年"m"月"';
      row.getCell(3).numFmt = '#,##0.0';
      row.getCell(5).numFmt = '0.00%';
      kwh += r.kwhTenths;
      plan += r.plan;
      if (y === year && r.month === 6 && r.site === SITES[SITES.length - 1][0]) ws.addRow(bad[0].cells);
    }
    if (y === year) ws.addRow(bad[1].cells);
    ws.addRow(['合计', null, kwh / 10, plan, kwh / 10 / plan]).getCell(5).numFmt = '0.00%';
  }
  await saveWorkbook(wb, join(outDir, file));
  return fileReport({
    file, source: 'energy', sheet: ws.name, headerRow: 2, rowsRead: rows.length + bad.length + 2, expectedRejected: bad.length,
    expectedSkipped: { duplicate: 0, blank: 0, summary: 2 },
    notes: ['a 合计 row closes each year; an extra column 完成率; months in five spellings', ...bad.map((b) => `rejected: ${b.problem}`)],
  });
}
