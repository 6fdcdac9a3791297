/**
 * The extract stage's contract: a file is read as a sequence of sheets (a CSV is one sheet
 * without a name), each a stream of raw rows that carry the row number a person sees.
 */
import type { RawCell } from './raw-cell.js';

export interface RawRow {
  /** 1-based: the Excel row number, or the CSV line where the record starts. */
  row: number;
  /** Cells from column A / the first field on; trailing empty cells may be missing. */
  cells: RawCell[];
}

/** A merged range of a worksheet: rows 1-based as Excel numbers them, columns 0-based (A = 0). */
export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface SheetData {
  /** Worksheet name; null for a CSV file. */
  name: string | null;
  /** The sheet's merged ranges (a workbook's; none for a CSV), known before its rows are read. */
  merges?: MergedRange[];
  /** Rows in file order. Must be consumed (or returned) before the next sheet is read. */
  rows: AsyncIterable<RawRow>;
}

export interface Extractor {
  readonly format: 'csv' | 'xlsx';
  /**
   * Streams the sheets of `path`. Throws FileError when the file cannot be read at all;
   * its `file` is `relPath` (the name shown to the user), by default the file's base name.
   */
  sheets(path: string, relPath?: string, onBytes?: BytesRead): AsyncIterable<SheetData>;
}

/** Told the size of each piece of the file read (for progress: the share of the file done). */
export interface BytesRead {
  (bytes: number): void;
}
