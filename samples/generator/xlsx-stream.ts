/**
 * Large workbooks written row by row with exceljs's streaming writer (memory stays flat), with
 * the same pinned "saved at" instant as xlsx.ts so that the bytes are reproducible.
 */
import { readFile, writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { SAVED_DATE, pinZipTimes } from './xlsx.js';

export interface StreamedSheet {
  workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  sheet: ExcelJS.Worksheet;
}

/** Opens a one-sheet workbook at `path` that keeps its text in a shared-string table, as Excel does. */
export function openStreamedSheet(path: string, sheetName: string, creator: string): StreamedSheet {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: true });
  workbook.creator = creator;
  workbook.lastModifiedBy = creator;
  workbook.created = SAVED_DATE;
  workbook.modified = SAVED_DATE;
  return { workbook, sheet: workbook.addWorksheet(sheetName) };
}

/** Commits the sheet and the workbook, then pins the zip entries' times. */
export async function closeStreamedSheet(s: StreamedSheet, path: string): Promise<void> {
  s.sheet.commit();
  await s.workbook.commit();
  const bytes = await readFile(path);
  pinZipTimes(bytes);
  await writeFile(path, bytes);
}
