import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileError } from '../src/extract/errors.js';
import { isCandidateFile, sniffFormat } from '../src/extract/sniff.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etl-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const OLE_MAGIC = Buffer.from('d0cf11e0a1b11ae1', 'hex');
let workbook: Buffer;

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  for (let i = 1; i <= 200; i++) ws.addRow([`E${i}`, '客服一部', '女', '正式', new Date(Date.UTC(2020, 0, i))]);
  workbook = Buffer.from(await wb.xlsx.writeBuffer());
});

function write(name: string, content: Buffer | string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function sniffError(name: string, content: Buffer | string): Promise<FileError> {
  const result = await sniffFormat(write(name, content), `dept/${name}`).then(
    (format) => new Error(`sniffed as ${format}`),
    (error: unknown) => error,
  );
  if (!(result instanceof FileError)) throw result;
  expect(result.file).toBe(`dept/${name}`);
  expect(result.message.startsWith(`dept/${name}: `)).toBe(true);
  return result;
}

describe('sniffFormat', () => {
  it('recognises workbooks and text files', async () => {
    expect(await sniffFormat(write('roster.xlsx', workbook), 'roster.xlsx')).toBe('xlsx');
    expect(await sniffFormat(write('macro.xlsm', workbook), 'macro.xlsm')).toBe('xlsx');
    expect(await sniffFormat(write('renamed.xls', workbook), 'renamed.xls')).toBe('xlsx');
    expect(await sniffFormat(write('t.csv', 'a,b\n1,2\n'), 't.csv')).toBe('csv');
    expect(await sniffFormat(write('t.txt', iconv.encode('a\tb\n', 'gb18030')), 't.txt')).toBe('csv');
    expect(await sniffFormat(write('utf16.csv', iconv.encode('a,b\n', 'utf-16le', { addBOM: true })), 'utf16.csv')).toBe('csv');
  });

  it('explains a legacy .xls (OLE file) and how to convert it', async () => {
    const error = await sniffError('花名册.xls', Buffer.concat([OLE_MAGIC, Buffer.alloc(4096)]));
    expect(error.code).toBe('legacy-format');
    expect(error.reason).toBe('is a legacy Excel 97–2003 .xls file: open it in Excel or WPS and save it as .xlsx (Excel Workbook)');
  });

  it('explains a password-protected workbook', async () => {
    const directory = Buffer.concat([Buffer.alloc(2000), Buffer.from('EncryptedPackage', 'utf16le'), Buffer.alloc(100)]);
    const error = await sniffError('培训台账.xlsx', Buffer.concat([OLE_MAGIC, directory]));
    expect(error.code).toBe('encrypted');
    expect(error.reason).toContain('is password-protected');
    expect(error.reason).toContain('remove the password');
  });

  it('explains other spreadsheet formats', async () => {
    const et = await sniffError('台账.et', Buffer.concat([OLE_MAGIC, Buffer.alloc(512)]));
    expect(et.code).toBe('legacy-format');
    expect(et.reason).toContain('WPS');
    const numbers = await sniffError('台账.numbers', workbook);
    expect(numbers.code).toBe('legacy-format');
    expect(numbers.reason).toContain('export it to Excel (.xlsx)');
    expect((await sniffError('台账.ods', workbook)).reason).toContain('save it as .xlsx');
  });

  it('refuses an empty file', async () => {
    const error = await sniffError('empty.csv', '');
    expect(error.code).toBe('empty');
    expect(error.reason).toContain('copy it again');
  });

  it('refuses binary content named .csv', async () => {
    const garbage = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256));
    const error = await sniffError('工单明细.csv', garbage);
    expect(error.code).toBe('not-text');
    expect(error.reason).toContain('export it again as CSV');
  });

  it('refuses a truncated .xlsx and one that is not a zip', async () => {
    const truncated = await sniffError('工单审核_2023-01.xlsx', workbook.subarray(0, workbook.length >> 1));
    expect(truncated.code).toBe('corrupt');
    expect(truncated.reason).toBe('is not a valid .xlsx workbook (damaged or only partly copied): save it again from Excel');
    expect((await sniffError('text.xlsx', 'a,b\n1,2\n')).code).toBe('corrupt');
  });

  it('explains a web page saved under an .xls name', async () => {
    const error = await sniffError('export.xls', '<html><table><tr><td>1</td></tr></table></html>');
    expect(error.code).toBe('legacy-format');
    expect(error.reason).toContain('save it as .xlsx');
  });
});

describe('isCandidateFile', () => {
  it('accepts spreadsheet and text extensions in any case, and nothing else', () => {
    expect(['a.csv', 'b.TSV', 'c.txt', 'd.XLSX', 'e.xlsm', 'f.xls', 'g.et', 'h.numbers', 'i.ods', 'j.xlsb'].every(isCandidateFile)).toBe(true);
    expect(['a.docx', 'b.pdf', 'c', 'csv', 'd.csv.bak'].some(isCandidateFile)).toBe(false);
  });
});
