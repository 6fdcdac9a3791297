/**
 * 财务部/YYYY年合同台账.xlsx: purchase, service, lease and other contracts, and the 责任书 each
 * department head signs, for Y-1 and Y; contracts of Y-1 in breach or terminated; two invalid rows.
 */
import { join } from 'node:path';
import type { Employee } from './hr-roster.js';
import { fileReport } from './manifest.js';
import type { FileReport } from './manifest.js';
import type { Rng } from './random.js';
import type { ContractRecord } from './records.js';
import { numeratorFor } from './targets.js';
import type { Published } from './targets.js';
import { daysOf, excelDate, formatDateText, isoDay } from './time.js';
import { addHeaderRow, addTitleRow, formatDateCells, newWorkbook, saveWorkbook } from './xlsx.js';

type Status = '履约完成' | '履约中' | '违约' | '终止';

export interface Contract {
  id: string;
  type: '采购' | '服务' | '租赁' | '责任书' | '其他';
  counterparty: string;
  day: number;
  /** In yuan; null for a 责任书. */
  amount: number | null;
  status: Status;
}

const SUPPLIERS: Record<string, string[]> = {
  采购: ['北京联华办公用品有限公司', '深圳华讯网络设备有限公司', '上海德力西电气有限公司', '杭州海康威视数字技术股份有限公司', '联想(北京)有限公司'],
  服务: ['中通服咨询设计研究院有限公司', '北京中软国际信息技术有限公司', '上海物业管理有限公司', '广州市保安服务公司'],
  租赁: ['北京金融街资产管理有限公司', '首汽租赁有限责任公司'],
  其他: ['北京市某会计师事务所', '中国人民财产保险股份有限公司'],
};

/** Departments of the staff formal at year end (the 责任书 signatories). */
export function yearEndDepartments(roster: Employee[], year: number): string[] {
  const end = daysOf(year, 12, 31);
  const depts = new Set(roster.filter((e) => e.type === '正式' && e.hire <= end && (e.leave === null || e.leave > end)).map((e) => e.department));
  return [...depts].sort();
}

/** Builds the ledger so that the contracts.* targets hold literally. */
export function buildContracts(rng: Rng, year: number, targets: Published, roster: Employee[]): Contract[] {
  const t = targets.figures;
  const counts = { 采购: 14, 服务: 9, 租赁: 3, 其他: 2 } as const;
  const others = Object.values(counts).reduce((s, n) => s + n, 0);
  const failing = others - numeratorFor('contracts.fulfilment_rate', t['contracts.fulfilment_rate'], others);
  const failingPurchases = counts.采购 - numeratorFor('contracts.procurement_fulfilment_rate', t['contracts.procurement_fulfilment_rate'], counts.采购);
  if (failingPurchases > failing || failing - failingPurchases > others - counts.采购) throw new Error('contracts: the two fulfilment rates contradict each other');
  const departments = yearEndDepartments(roster, year);
  const signers = rng.shuffle([...departments]).slice(0, numeratorFor('contracts.responsibility_rate', t['contracts.responsibility_rate'], departments.length));

  const rows: Omit<Contract, 'id'>[] = [];
  const day = (y: number, from = 1, to = 12) => rng.int(daysOf(y, from, 1), daysOf(y, to + 1, 1) - 1);
  const amount = (type: string) => Math.round((type === '租赁' ? 600_000 : type === '服务' ? 180_000 : 40_000) * (0.3 + 1.7 * rng.next()) * 100) / 100;
  let purchases = 0;
  let otherFailing = failing - failingPurchases;
  for (const [type, n] of Object.entries(counts) as [Contract['type'], number][]) {
    for (let i = 0; i < n; i++) {
      const d = day(year);
      let fails: boolean;
      if (type === '采购') fails = purchases++ < failingPurchases;
      else fails = otherFailing-- > 0;
      const status: Status = fails ? rng.pick(['违约', '终止'] as const) : d < daysOf(year, 7, 1) && rng.chance(0.7) ? '履约完成' : '履约中';
      rows.push({ type, counterparty: rng.pick(SUPPLIERS[type]), day: d, amount: amount(type), status });
    }
  }
  for (const dept of signers) rows.push({ type: '责任书', counterparty: dept, day: day(year, 1, 2), amount: null, status: '履约完成' });
  rows.push({ type: '责任书', counterparty: '工会委员会', day: day(year, 2, 2), amount: null, status: '履约完成' }); // not a department of the roster

  // Y-1: the same pledges, and contracts that went wrong (outside the year's rates).
  for (const dept of departments) rows.push({ type: '责任书', counterparty: dept, day: day(year - 1, 1, 2), amount: null, status: '履约完成' });
  for (const [type, status] of [['采购', '违约'], ['服务', '终止'], ['采购', '履约完成'], ['租赁', '履约中']] as const) {
    rows.push({ type, counterparty: rng.pick(SUPPLIERS[type]), day: day(year - 1, 3, 12), amount: amount(type), status });
  }

  rows.sort((a, b) => a.day - b.day);
  const seq = new Map<string, number>();
  return rows.map((r) => {
    const y = isoDay(r.day).slice(0, 4);
    seq.set(y, (seq.get(y) ?? 0) + 1);
    return { id: `HT-${y}-${String(seq.get(y)).padStart(3, '0')}`, ...r };
  });
}

export function* contractRecords(rows: Contract[]): Generator<ContractRecord> {
  for (const r of rows) yield { type: r.type, counterparty: r.counterparty, signed_date: isoDay(r.day), status: r.status };
}

const HEADERS = ['合同编号', '合同类型', '对方单位', '签订日期', '金额(元)', '履约状态', '经办部门'];

export async function writeContracts(rng: Rng, outDir: string, year: number, rows: Contract[]): Promise<FileReport> {
  const file = join('财务部', `${year}年合同台账.xlsx`);
  const wb = newWorkbook();
  const ws = wb.addWorksheet('合同台账');
  addTitleRow(ws, `${year}年度合同管理台账`, HEADERS.length);
  addHeaderRow(ws, HEADERS, [14, 10, 34, 12, 14, 10, 12]);
  const bad = [
    { problem: '履约状态 已签 (not a status)', cells: [`HT-${year}-901`, '服务', '北京某保洁服务有限公司', excelDate(daysOf(year, 5, 8)), 86_000, '已签', '综合部'] },
    { problem: `签订日期 ${year}-04-31 (no such day)`, cells: [`HT-${year}-902`, '采购', '北京联华办公用品有限公司', `${year}-04-31`, 12_500, '履约完成', '综合部'] },
  ];
  rows.forEach((r, i) => {
    const date = rng.chance(0.85) ? excelDate(r.day) : formatDateText(r.day, rng.pick(['cn', 'slash', 'compact'] as const));
    const row = ws.addRow([r.id, r.type, r.counterparty, date, r.amount, r.status, r.type === '责任书' ? r.counterparty : '综合部']);
    formatDateCells(row);
    row.getCell(5).numFmt = '#,##0.00';
    if (i === 10 || i === rows.length - 3) formatDateCells(ws.addRow(bad[i === 10 ? 0 : 1].cells));
  });
  await saveWorkbook(wb, join(outDir, file));
  return fileReport({
    file, source: 'contracts', sheet: ws.name, headerRow: 2, rowsRead: rows.length + bad.length, expectedRejected: bad.length,
    expectedSkipped: { duplicate: 0, blank: 0, summary: 0 },
    notes: ['责任书 rows name the department that signed; an extra column 经办部门', ...bad.map((b) => `rejected: ${b.problem}`)],
  });
}
