import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FileError } from '../src/extract/errors.js';
import type { RawRow } from '../src/extract/extractor.js';
import { XlsxExtractor } from '../src/extract/xlsx/xlsx-extractor.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etl-'));
const workbookPath = path.join(dir, '工单审核_2023-12.xlsx');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function writeWorkbook(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('工单审核');
  ws.getCell('A1').value = '2023年工单审核明细';
  ws.mergeCells('A1:H1');
  ws.getCell('A2').value = '导出时间：2024-01-05 10:00';
  ws.getRow(3).values = ['审核编号', '审核日期', '审核时间', '数量', '公式', '备注', '链接', '结果'];
  const data = ws.getRow(4);
  data.values = [
    'A001',
    new Date(Date.UTC(2023, 2, 4)),
    new Date(Date.UTC(2023, 11, 31, 23, 59, 59)),
    42,
    { formula: 'D4*2', result: 84 },
    { richText: [{ text: '富' }, { font: { bold: true }, text: '文本' }] },
    { text: '工单链接', hyperlink: 'https://example.com/t/1' },
    { error: '#N/A' },
  ];
  data.getCell(2).numFmt = 'yyyy-mm-dd';
  data.getCell(3).numFmt = 'yyyy-mm-dd hh:mm:ss';
  ws.getRow(5).values = ['A002', null, null, 0, { formula: 'D5*2', result: 0 }, { formula: 'B4+1', result: new Date(Date.UTC(2023, 2, 5)) }, null, { formula: 'NA()', result: { error: '#N/A' } }];
  ws.getCell('F5').numFmt = 'yyyy-mm-dd';
  ws.getCell('A6').value = 'A003';
  ws.getCell('B6').value = '企业有责';
  ws.mergeCells('B6:C7');
  ws.getCell('A7').value = 'A004';
  ws.getCell('A8').value = '合计';
  ws.getCell('D8').value = { formula: 'SUM(D4:D7)', result: 42 };
  ws.getCell('E8').value = true;
  const second = wb.addWorksheet('签到');
  second.getRow(1).values = ['培训编号', '工号'];
  second.getRow(2).values = ['P01', 'E01'];
  await wb.xlsx.writeFile(file);
}

async function readWorkbook(file: string): Promise<{ name: string | null; rows: RawRow[] }[]> {
  const sheets: { name: string | null; rows: RawRow[] }[] = [];
  for await (const sheet of new XlsxExtractor().sheets(file, path.basename(file))) {
    const rows: RawRow[] = [];
    for await (const row of sheet.rows) rows.push(row);
    sheets.push({ name: sheet.name, rows });
  }
  return sheets;
}

describe('XlsxExtractor', () => {
  let sheets: { name: string | null; rows: RawRow[] }[];
  const row = (n: number) => sheets[0].rows.find((r) => r.row === n)?.cells;

  beforeAll(async () => {
    await writeWorkbook(workbookPath);
    sheets = await readWorkbook(workbookPath);
  });

  it('reports both sheets by name, in workbook order', () => {
    expect(sheets.map((s) => s.name)).toEqual(['工单审核', '签到']);
    expect(sheets[1].rows).toEqual([
      { row: 1, cells: ['培训编号', '工号'] },
      { row: 2, cells: ['P01', 'E01'] },
    ]);
  });

  it('numbers rows as Excel does and keeps the merged title in A1 only', () => {
    expect(sheets[0].rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(row(1)).toEqual(['2023年工单审核明细', null, null, null, null, null, null, null]);
    expect(row(2)).toEqual(['导出时间：2024-01-05 10:00']);
    expect(row(3)).toEqual(['审核编号', '审核日期', '审核时间', '数量', '公式', '备注', '链接', '结果']);
  });

  it('converts each kind of cell of a data row', () => {
    const cells = row(4)!;
    expect(cells[0]).toBe('A001');
    expect(cells[1]).toEqual(new Date(Date.UTC(2023, 2, 4)));
    const timestamp = cells[2] as Date;
    expect(timestamp).toBeInstanceOf(Date);
    // The wall clock shown in Excel is in the UTC fields, whatever the machine's time zone.
    expect([timestamp.getUTCFullYear(), timestamp.getUTCMonth() + 1, timestamp.getUTCDate()]).toEqual([2023, 12, 31]);
    expect([timestamp.getUTCHours(), timestamp.getUTCMinutes(), timestamp.getUTCSeconds(), timestamp.getUTCMilliseconds()]).toEqual([23, 59, 59, 0]);
    expect(cells.slice(3)).toEqual([42, 84, '富文本', '工单链接', { error: '#N/A' }]);
  });

  it('keeps formula results of 0, dates of date-formatted formulas, and marks failed formulas', () => {
    // The saved error of a failed formula keeps its text (#N/A).
    expect(row(5)).toEqual(['A002', null, null, 0, 0, new Date(Date.UTC(2023, 2, 5)), null, { error: '#N/A' }]);
  });

  it('gives a merged range inside the data its value in the top-left cell only', () => {
    expect(row(6)).toEqual(['A003', '企业有责', null]);
    expect(row(7)).toEqual(['A004', null, null]);
  });

  it('passes the footer row through for the caller to skip', () => {
    expect(row(8)).toEqual(['合计', null, null, 42, true]);
  });

  it('turns a truncated workbook into FileError corrupt', async () => {
    const bytes = fs.readFileSync(workbookPath);
    const truncated = path.join(dir, 'truncated.xlsx');
    fs.writeFileSync(truncated, bytes.subarray(0, bytes.length >> 1));
    const error = await readWorkbook(truncated).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).code).toBe('corrupt');
    expect((error as FileError).file).toBe('truncated.xlsx');
    expect((error as FileError).reason).toContain('save it again');
  });

  it('refuses a zip that holds no worksheet', async () => {
    const emptyZip = path.join(dir, 'empty-zip.xlsx');
    fs.writeFileSync(emptyZip, Buffer.concat([Buffer.from('504b0506', 'hex'), Buffer.alloc(18)]));
    const error = await readWorkbook(emptyZip).then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as FileError).code).toBe('corrupt');
    expect((error as FileError).reason).toContain('holds no worksheet');
  });

  it('turns a missing file into FileError unreadable instead of hanging', async () => {
    const error = await readWorkbook(path.join(dir, 'gone.xlsx')).then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as FileError).code).toBe('unreadable');
  });
});


describe('XlsxExtractor on a large workbook of Chinese text', () => {
  it('decodes characters split between two chunks of the zip stream (exceljs patched, see patches/)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etl-xlsx-cjk-'));
    const file = path.join(dir, '工单审核_2023-01.xlsx');
    const words = ['企业有责', '企业无责', '用户原因', '内蒙古', '黑龙江', '广西壮族自治区', '客户投诉处理记录'];
    const expected: string[] = [];
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const ws = wb.addWorksheet('审核');
    // Several hundred KiB of distinct Chinese strings: the shared strings and the sheet each
    // span many chunks, so some three-byte characters straddle a chunk boundary.
    for (let i = 0; i < 20_000; i++) {
      const text = `${words[i % words.length]}第${i}条，说明：${words[(i * 3) % words.length]}`;
      expected.push(text);
      ws.addRow([i, text]).commit();
    }
    ws.commit();
    await wb.commit();
    const seen: string[] = [];
    for await (const sheet of new XlsxExtractor().sheets(file)) for await (const row of sheet.rows) seen.push(String(row.cells[1]));
    fs.rmSync(dir, { recursive: true, force: true });
    expect(seen.filter((s) => s.includes('\uFFFD'))).toEqual([]);
    expect(seen).toEqual(expected);
  });
});

describe('XlsxExtractor and the order of parts', () => {
  it('reads the parts stored after the worksheets, such as the sheet names', async () => {
    // exceljs writes xl/workbook.xml (the sheet names, the 1904 flag) last, after the sheets;
    // the reader finds every part through the zip directory, in any order.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etl-xlsx-order-'));
    const file = path.join(dir, '工单审核_2023-01.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('审核明细').addRows([['审核编号', '定责'], ['A1', '企业有责'], ['A2', '用户原因']]);
    await wb.xlsx.writeFile(file);
    try {
      const seen: string[] = [];
      for await (const sheet of new XlsxExtractor().sheets(file)) for await (const row of sheet.rows) seen.push(`${sheet.name}:${row.row}:${row.cells.join('|')}`);
      expect(seen).toEqual(['审核明细:1:审核编号|定责', '审核明细:2:A1|企业有责', '审核明细:3:A2|用户原因']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
