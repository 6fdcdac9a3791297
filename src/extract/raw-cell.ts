/** What the extractors hand over for one cell, before any parsing (src/transform/cells.ts parses it). */

/** What an extractor hands over for one cell. */
export type RawCell = string | number | boolean | Date | ExcelError | null | undefined;

/** An Excel error value such as `#N/A` or `#DIV/0!` (cached result of a failed formula). */
export interface ExcelError {
  error: string;
}

export function isExcelError(raw: unknown): raw is ExcelError {
  return typeof raw === 'object' && raw !== null && !(raw instanceof Date) && typeof (raw as ExcelError).error === 'string';
}

/** What the streaming reader reports for a formula whose saved result is an error or missing. */
export const FORMULA_WITHOUT_RESULT = '#ERROR!';

/** Line breaks inside the text cells of a row (a CSV record's quoted fields); CRLF counts once. */
export function lineBreaks(cells: readonly RawCell[]): number {
  let count = 0;
  for (const cell of cells) {
    if (typeof cell !== 'string' || (cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0)) continue;
    for (let i = 0; i < cell.length; i++) {
      const ch = cell.charCodeAt(i);
      if (ch === 0x0a) count++;
      else if (ch === 0x0d && cell.charCodeAt(i + 1) !== 0x0a) count++;
    }
  }
  return count;
}
