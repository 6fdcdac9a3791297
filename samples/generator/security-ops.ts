/**
 * 信息化部/网信安全运营记录_YYYY.xlsx: counts of like security actions per day or week, with
 * 低危 and unrated vulnerability rows that security.vulnerabilities_fixed leaves out, rows of
 * Y-1, and two invalid rows.
 */
import { join } from 'node:path';
import { fileReport } from './manifest.js';
import type { FileReport } from './manifest.js';
import { splitTotal } from './random.js';
import type { Rng } from './random.js';
import type { SecurityRecord } from './records.js';
import { countFor } from './targets.js';
import type { Published } from './targets.js';
import { daysOf, excelDate, formatDateText, isoDay } from './time.js';
import { addHeaderRow, addTitleRow, formatDateCells, newWorkbook, saveWorkbook } from './xlsx.js';

type Severity = '高危' | '中危' | '低危';

export interface SecurityRow {
  id: string;
  day: number;
  type: string;
  count: number;
  severity: Severity | null;
  note: string | null;
}

/** [type, figure, rows per year, severities to draw from] */
const PLAN: [string, string, number, readonly (Severity | null)[]][] = [
  ['攻击拦截', 'security.attacks_blocked', 30, ['高危', '中危', '低危']],
  ['IP封堵', 'security.ips_blocked', 50, [null]],
  ['预警响应', 'security.warnings_handled', 12, [null, '高危', '中危']],
  ['漏洞处置', 'security.vulnerabilities_fixed', 7, ['高危', '中危']],
  ['应急演练', 'security.drills', 12, [null]],
];
const NOTES: Record<string, string[]> = {
  攻击拦截: ['WAF拦截SQL注入', '拦截暴力破解', '拦截Web扫描'],
  IP封堵: ['封堵境外扫描IP', '封堵恶意攻击源'],
  预警响应: ['集团紧急预警单', '省公司通报'],
  漏洞处置: ['中间件漏洞升级', '操作系统补丁', '弱口令整改'],
  应急演练: ['网络攻击应急演练', '数据泄露应急演练', '勒索病毒处置演练'],
};

/** Builds the records so that the security.* targets hold literally. */
export function buildSecurity(rng: Rng, year: number, targets: Published): SecurityRow[] {
  const rows: Omit<SecurityRow, 'id'>[] = [];
  const add = (type: string, day: number, count: number, severity: Severity | null) => {
    rows.push({ type, day, count, severity, note: rng.chance(0.6) ? rng.pick(NOTES[type]) : null });
  };
  for (const [type, id, perYear, severities] of PLAN) {
    const total = countFor(id, targets.figures[id]);
    const parts = total === 0 ? [] : splitTotal(rng, total, Math.min(perYear, total));
    parts.forEach((count, i) => {
      const from = daysOf(year, 1, 1) + Math.floor((i * 365) / parts.length);
      add(type, rng.int(from, from + Math.floor(365 / parts.length) - 1), count, rng.pick(severities));
    });
    add(type, rng.int(daysOf(year - 1, 3, 1), daysOf(year - 1, 12, 20)), rng.int(1, 40), rng.pick(severities));
  }
  // Vulnerabilities the figure does not count: low risk, or never rated.
  for (let i = 0; i < 4; i++) add('漏洞处置', rng.int(daysOf(year, 1, 10), daysOf(year, 12, 10)), rng.int(2, 6), '低危');
  add('漏洞处置', daysOf(year, 8, 17), 3, null);

  rows.sort((a, b) => a.day - b.day || a.type.localeCompare(b.type));
  const seq = new Map<string, number>();
  return rows.map((r) => {
    const y = isoDay(r.day).slice(0, 4);
    seq.set(y, (seq.get(y) ?? 0) + 1);
    return { id: `WX${y}-${String(seq.get(y)).padStart(4, '0')}`, ...r };
  });
}

export function* securityRecords(rows: SecurityRow[]): Generator<SecurityRecord> {
  for (const r of rows) yield { record_date: isoDay(r.day), type: r.type, count: r.count, severity: r.severity };
}

const HEADERS = ['编号', '日期', '类型', '数量', '等级', '说明'];

export async function writeSecurity(rng: Rng, outDir: string, year: number, rows: SecurityRow[]): Promise<FileReport> {
  const file = join('信息化部', `网信安全运营记录_${year}.xlsx`);
  const wb = newWorkbook();
  const ws = wb.addWorksheet('运营记录');
  addTitleRow(ws, `${year}年网信安全运营工作记录`, HEADERS.length);
  ws.addRow([`统计口径：按日汇总；填报单位：信息化部`]);
  addHeaderRow(ws, HEADERS, [12, 12, 10, 8, 8, 24]);
  const bad = [
    { problem: '数量 0 (must be at least 1)', cells: [`WX${year}-9001`, excelDate(daysOf(year, 4, 3)), '攻击拦截', 0, '中危', '误录'] },
    { problem: '类型 病毒查杀 (not a type)', cells: [`WX${year}-9002`, excelDate(daysOf(year, 9, 14)), '病毒查杀', 5, null, '终端杀毒'] },
  ];
  rows.forEach((r, i) => {
    const day = rng.chance(0.85) ? excelDate(r.day) : formatDateText(r.day, rng.pick(['iso', 'dot'] as const));
    formatDateCells(ws.addRow([r.id, day, r.type, rng.chance(0.1) ? `${r.count}` : r.count, r.severity, r.note]));
    if (i === Math.floor(rows.length / 3) || i === Math.floor((rows.length * 2) / 3)) formatDateCells(ws.addRow(bad[i === Math.floor(rows.length / 3) ? 0 : 1].cells));
  });
  await saveWorkbook(wb, join(outDir, file));
  return fileReport({
    file, source: 'security_ops', sheet: ws.name, headerRow: 3, rowsRead: rows.length + bad.length, expectedRejected: bad.length,
    expectedSkipped: { duplicate: 0, blank: 0, summary: 0 },
    notes: ['a note row between the title and the header; 漏洞处置 rows rated 低危 or not rated (not counted)', ...bad.map((b) => `rejected: ${b.problem}`)],
  });
}
