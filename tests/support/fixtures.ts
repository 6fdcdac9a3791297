/** Writes small export files for tests: CSV in a chosen encoding, workbooks via exceljs. */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function tempDir(prefix = 'etl-in-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeCsv(
  dir: string,
  relPath: string,
  rows: (string | number | null)[][],
  options: { encoding?: 'utf-8' | 'utf-8-bom' | 'gb18030'; delimiter?: ',' | '\t' } = {},
): string {
  const delimiter = options.delimiter ?? ',';
  const quote = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\t\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const text = `${rows.map((r) => r.map(quote).join(delimiter)).join('\r\n')}\r\n`;
  const encoding = options.encoding ?? 'utf-8';
  const bytes =
    encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.concat([encoding === 'utf-8-bom' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
  const path = join(dir, relPath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}

export type SheetSpec = { name: string; rows: unknown[][]; merges?: string[] };

export async function writeXlsx(dir: string, relPath: string, sheets: SheetSpec[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
    for (const m of s.merges ?? []) ws.mergeCells(m);
  }
  const path = join(dir, relPath);
  mkdirSync(dirname(path), { recursive: true });
  await wb.xlsx.writeFile(path);
  return path;
}

/**
 * Survey rows that only make satisfaction_samples cover every month of 2023 but `except`
 * (a continuous source needs rows in each month a figure reads): one failed, unaudited
 * 公众综合 sample in 广东 a month, which no survey figure counts.
 */
export function coveringSamples(except: number[] = [5]): string[][] {
  return Array.from({ length: 12 }, (_, i) => i + 1)
    .filter((m) => !except.includes(m))
    .map((m) => [`F${m}`, '公众综合', '广东', '', `2023-${String(m).padStart(2, '0')}-15`, '失败', '', '否', '']);
}
