/**
 * Turns what exceljs's streaming reader holds for a cell into a RawCell.
 */
import ExcelJS from 'exceljs';
import type { Cell } from 'exceljs';
import { FORMULA_WITHOUT_RESULT as FORMULA_ERROR, type RawCell } from '../../transform/cells.js';

/**
 * Stands for the cached result of a formula that failed: the streaming reader parses that
 * result as a number, so `#N/A` or `#DIV/0!` arrive as NaN and their text is lost.
 */
export { FORMULA_WITHOUT_RESULT as FORMULA_ERROR } from '../../transform/cells.js';

/** Converts a cell value as exceljs gives it (string, number, Date, rich text …) to a RawCell. */
export function toRawCell(value: unknown): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value !== 'object') return String(value);
  const v = value as Record<string, unknown>;
  if ('formula' in v || 'sharedFormula' in v || 'result' in v) return formulaResult(v.result);
  if (typeof v.error === 'string') return { error: v.error };
  if (Array.isArray(v.richText)) return richTextOf(v.richText);
  if ('text' in v) return toRawCell(v.text); // hyperlink: its text, which may itself be rich text
  return null;
}

/**
 * Reads one cell of a streamed row. Formula cells give their cached result; a numeric result
 * under a date format becomes a Date, as exceljs does for plain date cells but not for formulas.
 */
export function readCell(cell: Cell, date1904: boolean): RawCell {
  if (cell.type === ExcelJS.ValueType.Formula) {
    // cell.value drops a result of 0 or '' (exceljs copies only truthy fields); cell.result keeps it.
    const result = cell.result as unknown;
    if (typeof result === 'number' && !Number.isNaN(result) && isDateFormat(cell.numFmt)) return excelToDate(result, date1904);
    return formulaResult(result);
  }
  return toRawCell(cell.value);
}

function formulaResult(result: unknown): RawCell {
  if (typeof result === 'number' && Number.isNaN(result)) return { error: FORMULA_ERROR };
  return toRawCell(result);
}

function richTextOf(runs: unknown[]): string {
  let text = '';
  for (const run of runs) {
    const t = (run as { text?: unknown } | null)?.text;
    if (typeof t === 'string') text += t;
  }
  return text;
}

/** True when a number format shows a date or time (same test as exceljs uses for plain cells). */
export function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const bare = numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(bare);
}

// The result is a Date whose UTC fields are the wall clock shown in Excel (serial 25569 = 1970-01-01).
function excelToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}
