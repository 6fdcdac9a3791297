/**
 * Workbook helpers: exceljs writes the current time into docProps/core.xml and into every zip
 * entry's header, so both are pinned here to make the output byte-identical across runs.
 */
import { writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';

/** Fixed "saved at" instant of every generated workbook (2024-01-05 09:30, wall clock). */
const SAVED_AT = { y: 2024, mo: 1, d: 5, h: 9, mi: 30 };
export const SAVED_DATE = new Date(Date.UTC(SAVED_AT.y, SAVED_AT.mo - 1, SAVED_AT.d, SAVED_AT.h, SAVED_AT.mi));

export function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const saved = SAVED_DATE;
  wb.creator = '综合部';
  wb.lastModifiedBy = '综合部';
  wb.created = saved;
  wb.modified = saved;
  wb.lastPrinted = saved;
  return wb;
}

/** Writes the workbook with fixed timestamps in every zip entry. */
export async function saveWorkbook(wb: ExcelJS.Workbook, path: string): Promise<void> {
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  pinZipTimes(buffer);
  await writeFile(path, buffer);
}

/** Overwrites the DOS modification time and date of every entry of a zip archive, in place. */
export function pinZipTimes(zip: Buffer): void {
  const dosTime = (SAVED_AT.h << 11) | (SAVED_AT.mi << 5);
  const dosDate = ((SAVED_AT.y - 1980) << 9) | (SAVED_AT.mo << 5) | SAVED_AT.d;
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip archive');
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt zip central directory');
    zip.writeUInt16LE(dosTime, p + 12);
    zip.writeUInt16LE(dosDate, p + 14);
    const local = zip.readUInt32LE(p + 42);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error('corrupt zip local header');
    zip.writeUInt16LE(dosTime, local + 10);
    zip.writeUInt16LE(dosDate, local + 12);
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
}

/** Adds a title row merged across `columns` cells, in bold. */
export function addTitleRow(ws: ExcelJS.Worksheet, title: string, columns: number): void {
  const row = ws.addRow([title]);
  row.font = { bold: true, size: 14 };
  ws.mergeCells(row.number, 1, row.number, columns);
  row.getCell(1).alignment = { horizontal: 'center' };
}

/** Adds the header row in bold with a light fill, and sets column widths. */
export function addHeaderRow(ws: ExcelJS.Worksheet, headers: readonly string[], widths: readonly number[]): void {
  const row = ws.addRow([...headers]);
  row.font = { bold: true };
  row.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  });
  headers.forEach((_, i) => {
    ws.getColumn(i + 1).width = widths[i] ?? 12;
  });
}

/** Shows every date cell of the row in `numFmt` (exceljs writes a Date as a serial number). */
export function formatDateCells(row: ExcelJS.Row, numFmt = 'yyyy-mm-dd'): void {
  row.eachCell((c) => {
    if (c.value instanceof Date) c.numFmt = numFmt;
  });
}

/** A row that looks empty: one cell holding a space (read, then skipped as an empty row). */
export function addBlankRow(ws: ExcelJS.Worksheet): void {
  ws.addRow([' ']);
}
