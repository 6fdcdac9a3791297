/**
 * Fills merged cells down in the columns that declare it (`fillMergedDown`): a 部门 merged over
 * a group's rows gives each of those rows its value. Only cells inside a merged range are
 * filled — a plain empty cell stays empty — and the fills are counted for the run's notes.
 */
import type { ColumnDefinition } from '../sources/define.js';
import type { MergedRange, RawRow } from '../extract/extractor.js';
import { isEmptyCell } from '../transform/cells.js';

export interface FillCount {
  /** Cells filled, by the column's header as the file writes it. */
  byHeader: Map<string, number>;
}

export async function* fillMergedDown(
  rows: AsyncIterable<RawRow>,
  merges: readonly MergedRange[],
  mapping: readonly (ColumnDefinition | null)[],
  headers: readonly string[],
  headerRow: number,
  count: FillCount,
): AsyncGenerator<RawRow> {
  const filled = new Set(mapping.flatMap((c, i) => (c?.fillMergedDown ? [i] : [])));
  const ranges = merges.filter((m) => m.top > headerRow && [...filled].some((c) => c >= m.left && c <= m.right));
  if (ranges.length === 0) {
    yield* rows;
    return;
  }
  const values = new Map<MergedRange, unknown>();
  for await (const row of rows) {
    for (const m of ranges) {
      if (row.row < m.top || row.row > m.bottom) continue;
      if (row.row === m.top) values.set(m, row.cells[m.left]);
      const value = values.get(m);
      if (value === undefined || isEmptyCell(value as RawRow['cells'][number])) continue;
      for (let c = m.left; c <= m.right; c++) {
        if (!filled.has(c) || (row.row === m.top && c === m.left) || !isEmptyCell(row.cells[c])) continue;
        while (row.cells.length <= c) row.cells.push(null);
        row.cells[c] = value as RawRow['cells'][number];
        const header = headers[c] ?? '';
        count.byHeader.set(header, (count.byHeader.get(header) ?? 0) + 1);
      }
    }
    yield row;
  }
}
