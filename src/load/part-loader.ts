/**
 * Loads one part of an input file (a CSV, or one sheet of a workbook, for one source) into
 * its table with COPY, streaming: rows are validated as they are read and sent in chunks, so
 * memory stays flat whatever the file size. Returns the per-part counts and rejected rows.
 */
import type { SourceDefinition } from '../sources/define.js';
import type { RawRow } from '../extract/extractor.js';
import type { CellValue } from '../transform/cells.js';
import { loadedColumns, type RowOutcome, type RowProblem } from '../sources/row-validator.js';
import { copyLine } from './copy-text.js';

/** Rows per COPY chunk: big enough to amortise the call, small enough to stream. */
const CHUNK_ROWS = 2_000;

export interface RejectedRow {
  row: number;
  problems: RowProblem[];
}

export interface PartCounts {
  read: number;
  loaded: number;
  rejected: number;
  skipped: number;
  /** Skipped rows by reason. */
  skippedBy: Map<string, number>;
}

export interface PartResult extends PartCounts {
  rejects: RejectedRow[];
}

export interface PartProgress {
  (rowsRead: number): void;
}

export const PROVENANCE_COLUMNS = ['_file_id', '_row'] as const;

/**
 * Where a part's rows go: COPY into `table` (Warehouse.copyFrom in the main thread; from a
 * worker thread, a message channel to it). Resolves to the number of rows stored.
 */
export type CopySink = (table: string, columns: readonly string[], chunks: AsyncIterable<string>) => Promise<number>;

export async function loadPart(
  copy: CopySink,
  source: SourceDefinition,
  fileId: number,
  rows: AsyncIterable<RawRow>,
  validate: (cells: RawRow['cells']) => RowOutcome,
  progress?: PartProgress,
): Promise<PartResult> {
  const result: PartResult = { read: 0, loaded: 0, rejected: 0, skipped: 0, skippedBy: new Map(), rejects: [] };
  const columns = [...loadedColumns(source).map((c) => c.name), ...PROVENANCE_COLUMNS];

  async function* chunks(): AsyncGenerator<string> {
    let chunk = '';
    let inChunk = 0;
    for await (const raw of rows) {
      result.read++;
      const outcome = validate(raw.cells);
      if (outcome.kind === 'load') {
        const values: CellValue[] = outcome.values;
        values.push(fileId, raw.row);
        chunk += copyLine(values);
        result.loaded++;
        if (++inChunk >= CHUNK_ROWS) {
          yield chunk;
          chunk = '';
          inChunk = 0;
          progress?.(result.read);
        }
      } else if (outcome.kind === 'reject') {
        result.rejected++;
        result.rejects.push({ row: raw.row, problems: outcome.problems });
      } else {
        result.skipped++;
        result.skippedBy.set(outcome.reason, (result.skippedBy.get(outcome.reason) ?? 0) + 1);
      }
    }
    if (chunk) yield chunk;
    progress?.(result.read);
  }

  const copied = await copy(source.id, columns, chunks());
  if (copied !== result.loaded) {
    throw new Error(`${source.id}: COPY stored ${copied} rows but ${result.loaded} were sent`);
  }
  return result;
}
