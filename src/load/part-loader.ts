/**
 * Loads one part of an input file (a CSV, or one sheet of a workbook, for one source) into
 * its table with COPY, streaming: rows are validated as they are read and sent in chunks, so
 * memory stays flat whatever the file size. Returns the per-part counts and rejected rows
 * (kept by part-counts.ts).
 */
import type { SourceDefinition } from '../sources/define.js';
import type { RawRow } from '../extract/extractor.js';
import type { CellValue } from '../transform/cells.js';
import { loadedColumns, type RowOutcome } from '../sources/row-validator.js';
import { copyLine } from './copy-text.js';
import { checkStored, countLoaded, countRejected, countSkipped, emptyPartResult, type PartResult } from './part-counts.js';

export type { PartResult };

const isBatch = (item: RawRow | readonly RawRow[]): item is readonly RawRow[] => Array.isArray(item);

/** Rows per COPY chunk: big enough to amortise the call, small enough to stream. */
const CHUNK_ROWS = 2_000;

export interface PartProgress {
  /** After each chunk is taken, and once at the end (before the sink's last read returns). */
  (rowsRead: number, rowsLoaded: number): void;
}

export const PROVENANCE_COLUMNS = ['_file_id', '_row'] as const;

/**
 * Where a part's rows go: COPY into `table` (Warehouse.copyFrom in the main thread; from a
 * worker thread, a message channel to it). Resolves to the number of rows stored.
 */
export type CopySink = (table: string, columns: readonly string[], chunks: AsyncIterable<string>) => Promise<number>;

/** A part to load: its rows, how each is checked, and where they go. */
export interface PartToLoad {
  copy: CopySink;
  source: SourceDefinition;
  /** The file's etl.files id, stored with every row (`_file_id`). */
  fileId: number;
  /** The rows after the header, one by one or in batches. */
  rows: AsyncIterable<RawRow | readonly RawRow[]>;
  validate: (cells: RawRow['cells']) => RowOutcome;
  progress?: PartProgress;
}

export async function loadPart({ copy, source, fileId, rows, validate, progress }: PartToLoad): Promise<PartResult> {
  const result = emptyPartResult();
  const columns = [...loadedColumns(source).map((c) => c.name), ...PROVENANCE_COLUMNS];
  let chunk = '';
  let inChunk = 0;

  function take(raw: RawRow): void {
    const outcome = validate(raw.cells);
    if (outcome.kind === 'load') {
      const values: CellValue[] = outcome.values;
      values.push(fileId, raw.row);
      chunk += copyLine(values);
      countLoaded(result);
      inChunk++;
    } else if (outcome.kind === 'reject') countRejected(result, raw.row, outcome.problems);
    else countSkipped(result, outcome.reason);
  }

  // Rows come one by one, or in batches (a large CSV file's worker threads: one await per batch).
  async function* chunks(): AsyncGenerator<string> {
    for await (const item of rows) {
      if (isBatch(item)) for (const raw of item) take(raw);
      else take(item);
      if (inChunk >= CHUNK_ROWS) {
        yield chunk;
        chunk = '';
        inChunk = 0;
        progress?.(result.read, result.loaded);
      }
    }
    if (chunk) yield chunk;
    progress?.(result.read, result.loaded);
  }

  checkStored(result, await copy(source.id, columns, chunks()), `${source.id} (COPY)`);
  return result;
}
