/**
 * Streams the rows of one worksheet part: every `<row>` as a RawRow, its cells by column.
 * Rows and cells without an `r=` attribute (as some writers leave them) follow the one before.
 */
import type { FileHandle } from 'node:fs/promises';
import { FORMULA_WITHOUT_RESULT, type RawCell } from '../raw-cell.js';
import type { RawRow } from '../extractor.js';
import { excelToDate, unescapeXlsx } from './cell-value.js';
import type { WorkbookParts } from './workbook-parts.js';
import { xmlParser } from './xml-stream.js';
import type { ZipPart } from './zip-directory.js';
import { damaged, readPart } from './zip-part.js';

/** Column XFD, 0-based: the last column of a worksheet. */
const MAX_COLUMN = 16_383;
const MAX_ROW = 1_048_576;

/** `B12` → 1 (column B, 0-based); -1 when the reference holds no column. */
function columnOf(ref: string): number {
  let column = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) column = column * 26 + (c - 64);
    else if (c >= 97 && c <= 122) column = column * 26 + (c - 96);
    else break;
  }
  return i === 0 ? -1 : column - 1;
}

// `2023-03-04T08:30:00` (t="d"): the wall clock shown, with no time zone.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?/;

// A time alone (`10:10:10`): Excel's day 0, 1899-12-30, at that time.
const TIME_ONLY = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/;

function isoDate(text: string): RawCell {
  const time = TIME_ONLY.exec(text.trim());
  if (time) return new Date(Date.UTC(1899, 11, 30, Number(time[1]), Number(time[2]), Number(time[3] ?? 0), time[4] ? Math.round(Number(`0.${time[4]}`) * 1000) : 0));
  const m = ISO.exec(text.trim());
  if (!m) return text;
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), ms));
}

interface CellState {
  column: number;
  type: string;
  style: number;
  value: string;
  hasValue: boolean;
  inline: string;
}

export async function* sheetRows(
  handle: FileHandle,
  relPath: string,
  name: string,
  part: ZipPart,
  workbook: WorkbookParts,
  onBytes?: (n: number) => void,
): AsyncGenerator<RawRow> {
  const done: RawRow[] = [];
  let row: RawRow | null = null;
  let lastRow = 0;
  let nextColumn = 0;
  let cell: CellState | null = null;
  let inValue = false;
  let inInlineText = false;
  let phonetic = 0;

  const value = (c: CellState): RawCell => {
    switch (c.type) {
      case 's': {
        // `<c t="s"/>` or an empty `<v/>` is an empty cell, not the first shared string.
        if (!c.hasValue || c.value.trim() === '') return null;
        const s = workbook.sharedStrings[Number(c.value)];
        return s === undefined ? null : s;
      }
      case 'inlineStr':
        return unescapeXlsx(c.inline);
      case 'str':
        return c.hasValue ? unescapeXlsx(c.value) : null;
      case 'b':
        return c.hasValue ? c.value === '1' || c.value.toLowerCase() === 'true' : null;
      case 'e':
        return { error: c.value || FORMULA_WITHOUT_RESULT };
      case 'd':
        return c.hasValue && c.value !== '' ? isoDate(c.value) : null;
      default: {
        if (!c.hasValue || c.value.trim() === '') return null;
        const n = Number(c.value);
        if (Number.isNaN(n)) return { error: FORMULA_WITHOUT_RESULT };
        return workbook.dateStyles[c.style] ? excelToDate(n, workbook.date1904) : n;
      }
    }
  };

  const parser = xmlParser(relPath, name, {
    open(tag, a) {
      if (tag === 'row') {
        lastRow = a.r ? Number(a.r) : lastRow + 1;
        if (!Number.isInteger(lastRow) || lastRow < 1 || lastRow > MAX_ROW) {
          throw damaged(relPath, `its sheet ${name} has a row numbered ${a.r ?? lastRow}, outside the 1 to 1,048,576 a worksheet has`);
        }
        row = { row: lastRow, cells: [] };
        nextColumn = 0;
      } else if (tag === 'c' && row) {
        const column = a.r ? columnOf(a.r) : -1;
        if (column > MAX_COLUMN || nextColumn > MAX_COLUMN) throw damaged(relPath, `its sheet ${name} has a cell beyond column XFD, the last a worksheet has`);
        cell = { column: column >= 0 ? column : nextColumn, type: a.t ?? 'n', style: a.s ? Number(a.s) : 0, value: '', hasValue: false, inline: '' };
        nextColumn = cell.column + 1;
        // A cell element with no value (a styled empty cell) still widens the row, as Excel shows it.
        while (row.cells.length < nextColumn) row.cells.push(null);
      } else if (cell) {
        if (tag === 'v') inValue = true;
        else if (tag === 'rPh') phonetic++;
        else if (tag === 't' && phonetic === 0) inInlineText = true;
      }
    },
    close(tag) {
      if (tag === 'v' && cell) {
        inValue = false;
        cell.hasValue = true;
      } else if (tag === 't') inInlineText = false;
      else if (tag === 'rPh') phonetic--;
      else if (tag === 'c' && cell && row) {
        const v = value(cell);
        if (v !== null) row.cells[cell.column] = v;
        cell = null;
      } else if (tag === 'row' && row) {
        done.push(row);
        row = null;
      }
    },
    text(t) {
      if (!cell) return;
      if (inValue) cell.value += t;
      else if (inInlineText) cell.inline += t;
    },
  });
  for await (const chunk of readPart(handle, relPath, name, part, onBytes)) {
    parser.write(chunk);
    // Hand over the rows this piece completed; the array is reused, not grown.
    for (let i = 0; i < done.length; i++) yield done[i];
    done.length = 0;
  }
  parser.end();
  yield* done;
}
