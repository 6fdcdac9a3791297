/**
 * What the main thread and a worker thread of a parallel CSV load (parallel-csv.ts,
 * csv-range-worker.ts) pass each other. Its own module, imported by both, so that the worker
 * script and the module that starts it do not import each other.
 */
import type { MemoryBudget } from '../db/memory-budget.js';
import type { CsvLayout } from '../extract/csv/csv-extractor.js';
import type { PartResult } from '../load/part-counts.js';
import type { PortableSource } from '../sources/define.js';

/** What a worker is given (workerData). */
export interface RangeJob {
  path: string;
  relPath: string;
  layout: CsvLayout;
  range: { start: number; end: number; firstLine: number };
  /** Rows up to this line are the header and the title rows above it. */
  headerRow: number;
  /** The run's definition of the source (etl-mappings.json applied), as data: the worker makes it again. */
  source: PortableSource;
  /** Per header cell: the column name it holds, or null. */
  mapping: (string | null)[];
  headers: string[];
  piiKey: string;
  /** When this worker collects its garbage (memory-budget.ts); absent: as V8 decides. */
  memoryBudget?: MemoryBudget;
  fileId: number;
  credit: number;
}

/** Messages from a worker to the main thread, which answers each chunk with an acknowledgement. */
export type ToMain =
  | { type: 'chunk'; data: string }
  | { type: 'progress'; read: number; bytes: number }
  | { type: 'done'; result: PartResult; endLine: number }
  | { type: 'file-error'; reason: string }
  | { type: 'crash'; message: string };
