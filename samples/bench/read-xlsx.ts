/** The baseline of bench (b): a bare exceljs streaming read of every workbook in a folder, no validation, no database. */
import ExcelJS from 'exceljs';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
let cells = 0;
for (const name of readdirSync(dir).filter((f) => f.endsWith('.xlsx')).sort()) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(join(dir, name), { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  for await (const sheet of reader) {
    for await (const row of sheet) cells += (row.values as unknown[]).length;
  }
}
process.stdout.write(`${cells}\n`);
