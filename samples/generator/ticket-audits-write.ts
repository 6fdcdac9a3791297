/**
 * 质量管理部/工单审核/工单审核_YYYY-MM.xlsx: twelve monthly workbooks, each with a title block
 * above the header and a 合计 footer. From July the system exports 审核时间 as text with a time
 * of day and Y/N flags; January also carries the late entries of December Y-1. Each file has
 * one invalid row.
 */
import { join } from 'node:path';
import { PROVINCES, provinceLongName } from './fake.js';
import { fileReport } from './manifest.js';
import type { FileReport } from './manifest.js';
import type { Rng } from './random.js';
import { VERDICTS } from './ticket-audits.js';
import type { AuditTable } from './ticket-audits.js';
import { excelDate, isoDay } from './time.js';
import { closeStreamedSheet, openStreamedSheet } from './xlsx-stream.js';

const HEADERS = ['审核编号', '工单编号', '省份', '审核日期', '定责结果', '代客工单', '疑似代客', '审核人'];
/** The second half of the year's exports, after a system upgrade. */
const HEADERS_LATER = ['审核流水号', '工单编号', '省份', '审核时间', '定责结果', '是否代客工单', '是否疑似代客', '审核人'];
const AUDITORS = ['质检一组', '质检二组', '质检三组', '外包质检', '省公司互查'];

/** One invalid row per month: [problem, change to a copy of a valid row]. */
const BAD: [string, (cells: unknown[], y: number, m: number) => void][] = [
  ['省份 总部 (not a province)', (c) => void (c[2] = '总部')],
  ['审核日期 day 32 (no such day)', (c, y, m) => void (c[3] = `${y}-${String(m).padStart(2, '0')}-32`)],
  ['定责结果 待定 (not a verdict)', (c) => void (c[4] = '待定')],
  ['代客工单 empty (required)', (c) => void (c[5] = null)],
];

export async function writeAudits(rng: Rng, outDir: string, year: number, tb: AuditTable): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  let k = 0;
  for (let m = 1; m <= 12; m++) {
    const mm = String(m).padStart(2, '0');
    const file = join('质量管理部', '工单审核', `工单审核_${year}-${mm}.xlsx`);
    const path = join(outDir, file);
    const later = m >= 7;
    const title = `${year}年${m}月工单审核明细（新风行动）`;
    const exported = `导出时间：${m === 12 ? year + 1 : year}-${m === 12 ? '01' : String(m + 1).padStart(2, '0')}-02 08:30　导出人：质量管理部`;
    const s = openStreamedSheet(path, '审核明细', '质量管理部');
    const ws = s.sheet;
    const titleRow = ws.addRow([title]);
    titleRow.font = { bold: true, size: 14 };
    ws.mergeCells(1, 1, 1, HEADERS.length);
    titleRow.commit();
    ws.addRow([exported]).commit();
    const header = ws.addRow(later ? HEADERS_LATER : HEADERS);
    header.font = { bold: true };
    header.commit();

    const [yes, no] = later ? ['Y', 'N'] : ['是', '否'];
    const badAt = k + 7 + rng.int(0, 50);
    let rows = 0;
    let seq = 0;
    let planted = false;
    const monthPrefix = `${year}-${mm}`;
    for (; k < tb.n && (isoDay(tb.day[k]) < monthPrefix || isoDay(tb.day[k]).startsWith(monthPrefix)); k++) {
      const day = tb.day[k];
      const ticketDay = isoDay(day - tb.ticketAge[k]).replaceAll('-', '');
      const province = PROVINCES[tb.province[k]];
      const cells: unknown[] = [
        `SH${year}${mm}${String(++seq).padStart(6, '0')}`,
        `W${ticketDay}${String(rng.int(1, 999_999)).padStart(6, '0')}`,
        rng.chance(0.15) ? provinceLongName(province) : province,
        later ? `${isoDay(day)} ${String(rng.int(8, 20)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}` : excelDate(day),
        VERDICTS[tb.verdict[k]],
        tb.proxy[k] ? yes : no,
        tb.suspect[k] === 2 ? null : tb.suspect[k] ? yes : no,
        AUDITORS[rng.weighted([30, 30, 25, 10, 5])],
      ];
      const row = ws.addRow(cells);
      if (!later) row.getCell(4).numFmt = 'yyyy-mm-dd';
      row.commit();
      rows++;
      if (k === badAt) {
        const copy = [...cells];
        copy[0] = `SH${year}${mm}9${String(seq).padStart(5, '0')}`;
        BAD[(m - 1) % BAD.length][1](copy, year, m);
        const bad = ws.addRow(copy);
        if (copy[3] instanceof Date) bad.getCell(4).numFmt = 'yyyy-mm-dd';
        bad.commit();
        planted = true;
      }
    }
    if (!planted) throw new Error(`工单审核_${year}-${mm}: too few audits for the planted row`);
    ws.addRow(['合计', rows]).commit();
    await closeStreamedSheet(s, path);
    const problem = BAD[(m - 1) % BAD.length][0];
    reports.push(fileReport({
      file, source: 'ticket_audits', sheet: '审核明细', headerRow: 3, rowsRead: rows + 2, expectedRejected: 1,
      expectedSkipped: { duplicate: 0, blank: 0, summary: 1 },
      notes: [
        `title and export line above the header${later ? '; 审核时间 with a time of day, Y/N flags, aliased headers' : ''}${m === 1 ? `; late entries dated ${year - 1}-12` : ''}; a 合计 footer; an extra column 审核人`,
        `rejected: ${problem}`,
      ],
    }));
  }
  if (k !== tb.n) throw new Error('audit: rows left after December');
  return reports;
}
