/**
 * 综合部/YYYY年安全生产台账.xlsx: hazards, accidents and information-security violations of
 * Y-1, Y and early Y+1; levels written `3级` or `三级`; two invalid rows.
 */
import { join } from 'node:path';
import { fileReport } from './manifest.js';
import type { FileReport } from './manifest.js';
import { splitTotal } from './random.js';
import type { Rng } from './random.js';
import type { SafetyRecord } from './records.js';
import { countFor, unitsFor } from './targets.js';
import type { Published } from './targets.js';
import { daysOf, excelDate, formatDateText, isoDay } from './time.js';
import { addHeaderRow, addTitleRow, formatDateCells, newWorkbook, saveWorkbook } from './xlsx.js';

type Kind = '隐患' | '事故' | '信息安全违规';
type Level = '1级' | '2级' | '3级';

export interface SafetyRow {
  id: string;
  kind: Kind;
  found: number;
  location: string | null;
  level: Level | null;
  description: string;
  rectified: number | null;
  /** In fen (hundredths of a yuan). */
  cost: number | null;
}

const LOCATIONS = ['呼叫中心三楼机房', '综合楼配电室', '一楼消防通道', '地下车库', '职工食堂', '五楼话务大厅', '屋顶冷却塔', 'UPS电池室'];
const HAZARDS = ['消防通道堆放杂物', '配电箱线路老化', '应急照明灯损坏', '灭火器压力不足', '机房空调冷凝水渗漏', '楼梯扶手松动', '插线板串接使用', '监控摄像头故障'];
const CN_LEVEL: Record<Level, string> = { '1级': '一级', '2级': '二级', '3级': '三级' };

/** Builds the register so that the safety.* targets hold literally. */
export function buildSafety(rng: Rng, year: number, targets: Published): SafetyRow[] {
  const t = targets.figures;
  const hazards = countFor('safety.hazards', t['safety.hazards']);
  const level3 = countFor('safety.level3_hazards', t['safety.level3_hazards']);
  const bySeptember = countFor('safety.rectified_by_september', t['safety.rectified_by_september']);
  const cost = unitsFor('safety.rectification_cost', t['safety.rectification_cost'], 100);
  if (level3 > hazards || bySeptember > hazards) throw new Error('safety: more level-3 or rectified hazards than hazards');
  if (hazards === 0 && cost > 0) throw new Error('safety: a rectification cost without hazards');

  const rows: Omit<SafetyRow, 'id'>[] = [];
  const day = (y: number, from: number, to: number) => rng.int(daysOf(y, from, 1), daysOf(y, to + 1, 1) - 1);
  const september30 = daysOf(year, 9, 30);
  const fen = (hazards === 0 ? [] : splitTotal(rng, Math.floor(cost / 100), hazards, 200)).map((yuan, i) => yuan * 100 + (i === 0 ? cost % 100 : 0));
  for (let i = 0; i < hazards; i++) {
    let found: number;
    let rectified: number | null;
    if (i < bySeptember) {
      // the first is closed on September 30 itself
      found = i === 0 ? day(year, 9, 9) - 10 : day(year, 1, 8);
      rectified = i === 0 ? september30 : Math.min(september30, found + rng.int(3, 45));
    } else {
      found = day(year, 6, 11);
      rectified = Math.max(found, september30 + 1) + rng.int(0, 20);
      if (rng.chance(0.3) || rectified > daysOf(year, 12, 31)) rectified = null;
    }
    rows.push({ kind: '隐患', found, location: rng.pick(LOCATIONS), level: i < level3 ? '3级' : '2级', description: HAZARDS[i % HAZARDS.length], rectified, cost: fen[i] });
  }
  const events = (kind: Kind, n: number, y: number, description: string) => {
    const where = kind === '事故' ? LOCATIONS : ['五楼话务大厅', '综合楼办公区', '三楼质检室'];
    for (let i = 0; i < n; i++) rows.push({ kind, found: day(y, 2, 11), location: rng.pick(where), level: null, description, rectified: null, cost: null });
  };
  events('事故', countFor('safety.accidents', t['safety.accidents']), year, '员工下楼梯扭伤脚踝（轻微）');
  events('信息安全违规', countFor('safety.infosec_violations', t['safety.infosec_violations']), year, '员工在办公终端违规安装非授权软件');

  // Y-1 and January Y+1, which the year filter must leave out.
  for (const level of ['2级', '3级', '1级', '3级'] as const) {
    const found = day(year - 1, 2, 10);
    rows.push({ kind: '隐患', found, location: rng.pick(LOCATIONS), level, description: rng.pick(HAZARDS), rectified: found + rng.int(5, 40), cost: rng.int(500, 20000) * 100 });
  }
  events('事故', 1, year - 1, '搬运设备时手部划伤（轻微）');
  events('信息安全违规', 1, year - 1, '弱口令未整改');
  rows.push({ kind: '隐患', found: daysOf(year + 1, 1, 4), location: rng.pick(LOCATIONS), level: '3级', description: '新年假期前检查：应急出口指示灯不亮', rectified: null, cost: null });

  rows.sort((a, b) => a.found - b.found);
  const seq = new Map<string, number>();
  return rows.map((r) => {
    const y = isoDay(r.found).slice(0, 4);
    seq.set(y, (seq.get(y) ?? 0) + 1);
    return { id: `AQ${y}-${String(seq.get(y)).padStart(3, '0')}`, ...r };
  });
}

export function* safetyRecords(rows: SafetyRow[]): Generator<SafetyRecord> {
  for (const r of rows) {
    yield { kind: r.kind, found_date: isoDay(r.found), level: r.level, rectified_date: r.rectified === null ? null : isoDay(r.rectified), cost: r.cost === null ? null : r.cost / 100 };
  }
}

const HEADERS = ['编号', '类别', '发现日期', '位置', '等级', '描述', '整改完成日期', '整改费用(元)'];

export async function writeSafety(rng: Rng, outDir: string, year: number, rows: SafetyRow[]): Promise<FileReport> {
  const file = join('综合部', `${year}年安全生产台账.xlsx`);
  const wb = newWorkbook();
  const ws = wb.addWorksheet('安全生产台账');
  addTitleRow(ws, `${year}年度安全生产隐患排查及事故台账`, HEADERS.length);
  addHeaderRow(ws, HEADERS, [12, 12, 12, 18, 8, 34, 14, 14]);
  const date = (d: number | null) => (d === null ? null : rng.chance(0.8) ? excelDate(d) : formatDateText(d, rng.pick(['cn', 'slash'] as const)));
  const bad = [
    { problem: '等级 4级 (not a level)', cells: [`AQ${year}-901`, '隐患', excelDate(daysOf(year, 5, 12)), '一楼大厅', '4级', '地面破损', null, null] },
    { problem: `发现日期 ${year}-02-30 (no such day)`, cells: [`AQ${year}-902`, '隐患', `${year}-02-30`, '职工食堂', '3级', '燃气管道接口老化', excelDate(daysOf(year, 3, 10)), 3200] },
  ];
  rows.forEach((r, i) => {
    const level = r.level === null ? null : rng.chance(0.4) ? CN_LEVEL[r.level] : r.level;
    const cost = r.cost === null ? null : rng.chance(0.3) ? (r.cost / 100).toLocaleString('en-US', { minimumFractionDigits: 2 }) : r.cost / 100;
    const row = ws.addRow([r.id, r.kind, date(r.found), r.location, level, r.description, date(r.rectified), cost]);
    formatDateCells(row);
    if (typeof cost === 'number') row.getCell(8).numFmt = '#,##0.00';
    if (i === Math.floor(rows.length / 2)) formatDateCells(ws.addRow(bad[0].cells));
  });
  formatDateCells(ws.addRow(bad[1].cells));
  await saveWorkbook(wb, join(outDir, file));
  return fileReport({
    file, source: 'safety_register', sheet: ws.name, headerRow: 2, rowsRead: rows.length + bad.length, expectedRejected: bad.length,
    expectedSkipped: { duplicate: 0, blank: 0, summary: 0 },
    notes: ['等级 written 3级 or 三级; costs as numbers or as text with thousands separators', ...bad.map((b) => `rejected: ${b.problem}`)],
  });
}
