import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvExtractor, detectCsvLayout, detectDelimiter, detectEncoding, readCsvRowBatches } from '../src/extract/csv/csv-extractor.js';
import { FileError } from '../src/extract/errors.js';
import type { RawRow } from '../src/extract/extractor.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etl-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: Buffer | string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function readCsv(file: string): Promise<{ names: (string | null)[]; rows: RawRow[] }> {
  const names: (string | null)[] = [];
  const rows: RawRow[] = [];
  for await (const sheet of new CsvExtractor().sheets(file, path.basename(file))) {
    names.push(sheet.name);
    for await (const row of sheet.rows) rows.push(row);
  }
  return { names, rows };
}

async function readError(file: string): Promise<FileError> {
  try {
    await readCsv(file);
  } catch (error) {
    if (error instanceof FileError) return error;
    throw error;
  }
  throw new Error(`${file} was read without error`);
}

describe('CsvExtractor', () => {
  it('reads GB18030 text with a title row, a quoted comma and newline, and counts lines', async () => {
    const text = [
      '2023年10005热线工单明细',
      '工单编号,省份,备注,处理时长(秒)',
      'T001,广东省,"客户称：网络差, 多次投诉\r\n已回访",120',
      'T002,北京, 42 ,60',
      '',
      '合计,,,180',
      '',
    ].join('\r\n');
    const bytes = iconv.encode(text, 'gb18030');
    expect(detectEncoding(bytes)).toBe('gb18030');
    const { names, rows } = await readCsv(write('工单明细_2023.csv', bytes));
    expect(names).toEqual([null]);
    expect(rows).toEqual([
      { row: 1, cells: ['2023年10005热线工单明细'] },
      { row: 2, cells: ['工单编号', '省份', '备注', '处理时长(秒)'] },
      { row: 3, cells: ['T001', '广东省', '客户称：网络差, 多次投诉\r\n已回访', '120'] },
      { row: 5, cells: ['T002', '北京', ' 42 ', '60'] },
      { row: 6, cells: [''] },
      { row: 7, cells: ['合计', '', '', '180'] },
    ]);
  });

  it('reads tab-separated UTF-8 with a BOM, keeping commas inside fields', async () => {
    const file = write('tabs.csv', '\ufeff工单编号\t金额\t备注\nT1\t1,234\t"a\tb"\nT2\t5\t');
    expect(detectEncoding(fs.readFileSync(file))).toBe('utf-8');
    const { rows } = await readCsv(file);
    expect(rows).toEqual([
      { row: 1, cells: ['工单编号', '金额', '备注'] },
      { row: 2, cells: ['T1', '1,234', 'a\tb'] },
      { row: 3, cells: ['T2', '5', ''] },
    ]);
  });

  it('takes UTF-8 without BOM as UTF-8 even when the 64 KiB sample cuts a character', async () => {
    const head = '工单编号,备注\nT1,';
    const filler = 'a'.repeat(65_535 - Buffer.byteLength(head));
    const bytes = Buffer.from(`${head}${filler}网络差\nT2,好\n`, 'utf8');
    const sample = bytes.subarray(0, 65_536);
    expect(sample[65_535]).toBe(0xe7); // first byte of 网, the other two are cut off
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(sample)).toThrow();
    expect(detectEncoding(sample)).toBe('utf-8');
    const { rows } = await readCsv(write('boundary.csv', bytes));
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(rows[1].cells).toEqual(['T1', `${filler}网络差`]);
    expect(rows[2].cells).toEqual(['T2', '好']);
  });

  it('reads UTF-16 (LE or BE) with a BOM', async () => {
    const bigEndian = iconv.encode('a,b\n1,2\n', 'utf-16be', { addBOM: true });
    expect(detectEncoding(bigEndian)).toBe('utf-16be');
    expect((await readCsv(write('utf16be.csv', bigEndian))).rows.map((r) => r.cells)).toEqual([['a', 'b'], ['1', '2']]);
    const bytes = iconv.encode('样本编号,得分\r\nS1,9.5\r\n', 'utf-16le', { addBOM: true });
    expect(detectEncoding(bytes)).toBe('utf-16le');
    const { rows } = await readCsv(write('utf16.csv', bytes));
    expect(rows).toEqual([
      { row: 1, cells: ['样本编号', '得分'] },
      { row: 2, cells: ['S1', '9.5'] },
    ]);
  });

  it('numbers rows by line across CRLF inside quotes and mixed line endings', async () => {
    const { rows } = await readCsv(write('endings.csv', 'h1,h2\r\n"x\r\ny",2\r\n3,4\n5,6\r7,8'));
    expect(rows.map((r) => [r.row, ...r.cells])).toEqual([
      [1, 'h1', 'h2'],
      [2, 'x\r\ny', '2'],
      [4, '3', '4'],
      [5, '5', '6'],
      [6, '7', '8'],
    ]);
  });

  it('yields ragged rows as they are and keeps stray quotes as text', async () => {
    const { rows } = await readCsv(write('ragged.csv', 'a,b,c\n1,2\n1,2,3,4\n客户称"网络差",x,y\n'));
    expect(rows.map((r) => r.cells)).toEqual([['a', 'b', 'c'], ['1', '2'], ['1', '2', '3', '4'], ['客户称"网络差"', 'x', 'y']]);
  });

  it('fails with corrupt and the line of a quote that is never closed', async () => {
    const error = await readError(write('unclosed.csv', 'a,b\n1,2\n3,"oops\n4,5\n6,7\n'));
    expect(error.code).toBe('corrupt');
    expect(error.file).toBe('unclosed.csv');
    expect(error.reason).toContain('starting on line 3');
  });

  it('names the right line even after csv-parse has read far ahead', async () => {
    const good = '1,2\n'.repeat(5_000);
    const atEnd = await readError(write('unclosed-late.csv', `a,b\n${good}3,"oops\n4,5\n`));
    expect(atEnd.reason).toContain('starting on line 5002');
    // A quote left open early in a big file stops at the record size limit instead of using up memory.
    const early = await readError(write('unclosed-big.csv', `a,b\n${good}3,"oops\n${'x,y\n'.repeat(4_300_000)}`));
    expect(early.code).toBe('corrupt');
    expect(early.reason).toContain('starting on line 5002');
    expect(early.reason).toContain('longer than 16,777,216 characters');
  });

  it('refuses a file that starts as UTF-8 and continues in GBK, naming the line', async () => {
    const asciiLines = Array.from({ length: 8_000 }, (_, i) => `T${i},ok`).join('\n');
    const bytes = Buffer.concat([Buffer.from(`id,note\n${asciiLines}\n`), iconv.encode('T9,网络差\n', 'gbk')]);
    expect(bytes.length).toBeGreaterThan(65_536);
    const error = await readError(write('mixed.csv', bytes));
    expect(error.code).toBe('encoding');
    expect(error.reason).toContain('line 8002');
    expect(error.reason).toContain('CSV UTF-8');
  });

  it('can stop reading early without reading the rest', async () => {
    const file = write('many.csv', `id\n${'x\n'.repeat(200_000)}`);
    for await (const sheet of new CsvExtractor().sheets(file)) {
      for await (const row of sheet.rows) {
        expect(row).toEqual({ row: 1, cells: ['id'] });
        break;
      }
    }
  });
});

describe('detectDelimiter', () => {
  it('finds tabs below a title row even when fields hold commas', () => {
    expect(detectDelimiter('2023年工单明细\n\n工单\t金额\t备注\nT1\t1,234\t好,很好\nT2\t5\t\n')).toBe('\t');
  });

  it('finds commas when tabs only occur inside quotes', () => {
    expect(detectDelimiter('a,b,c\n"x\ty",2,3\n')).toBe(',');
  });

  it('finds commas in an Excel CSV whose title rows end in empty fields', () => {
    expect(detectDelimiter('2023年明细,,,\n导出时间：2024-01-05,,,\n编号,名称,金额,备注\n1,a,2,\n')).toBe(',');
  });

  it('defaults to comma for a single column', () => {
    expect(detectDelimiter('工单编号\nT1\n')).toBe(',');
  });
});

describe('readCsvRowBatches', () => {
  it('hands the records over in batches of at most 2,000, the same records and lines as one by one, quoted line breaks across a batch edge', async () => {
    // 4,500 records; record 1,999 (line 2,000 onwards) holds a quoted field over three lines.
    const lines: string[] = ['编号,备注'];
    for (let i = 1; i <= 4500; i++) lines.push(i === 1999 ? `${i},"第一行\n第二行\r\n第三行"` : `${i},x`);
    const file = write('batches.csv', `${lines.join('\r\n')}\r\n`);
    const layout = await detectCsvLayout(file);
    const sizes: number[] = [];
    const batched: RawRow[] = [];
    for await (const batch of readCsvRowBatches({ path: file, relPath: 'batches.csv', layout })) {
      sizes.push(batch.length);
      batched.push(...batch);
    }
    expect(sizes.every((n) => n > 0 && n <= 2000)).toBe(true);
    expect(batched).toHaveLength(4501);
    // The header is line 1, record i on line i + 1 up to the three-line field, two lines later after it.
    expect(batched[1998]).toEqual({ row: 1999, cells: ['1998', 'x'] });
    expect(batched[1999]).toEqual({ row: 2000, cells: ['1999', '第一行\n第二行\r\n第三行'] });
    expect(batched[2000]).toEqual({ row: 2003, cells: ['2000', 'x'] });
    expect(batched[4500]).toEqual({ row: 4503, cells: ['4500', 'x'] });
    const { rows } = await readCsv(file);
    expect(rows).toEqual(batched);
  });

  it('hands over the records read before a damaged one, then fails naming its line', async () => {
    const file = write('batches-broken.csv', `编号,备注\n${Array.from({ length: 3000 }, (_, i) => `${i + 1},x`).join('\n')}\n3001,"never closed\n3002,x\n`);
    const layout = await detectCsvLayout(file);
    const seen: RawRow[] = [];
    let failure: unknown;
    try {
      for await (const batch of readCsvRowBatches({ path: file, relPath: 'batches-broken.csv', layout })) seen.push(...batch);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(FileError);
    expect((failure as FileError).message).toContain('quoted field starting on line 3002');
    expect(seen.length).toBeLessThanOrEqual(3001);
    expect(seen.every((r, i) => r.row === i + 1)).toBe(true);
  });
});

describe('readCsvRowBatches on a range it cannot open', () => {
  it('fails with the file named, as one pass does, not with a bare stream error', async () => {
    const file = write('empty-range.csv', '编号,备注\n1,x\n');
    const layout = await detectCsvLayout(file);
    let failure: unknown;
    try {
      for await (const _ of readCsvRowBatches({ path: file, relPath: 'empty-range.csv', layout, range: { start: 5, end: 5, firstLine: 2 } })) {
        // nothing is read
      }
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(FileError);
    expect((failure as FileError).message).toContain('empty-range.csv');
  });
});
