/**
 * Loads one large CSV file with several worker threads at once (2 cores: about twice as fast):
 * the file is cut into byte ranges (extract/csv/split.ts), each worker reads, validates and
 * encodes its range (csv-range-worker.ts), and this thread sends their COPY text into ONE
 * COPY, as it comes, on the run's only connection; row order in a table does not matter, and
 * every row keeps its file and line. The counts and the rejects are put together in file order.
 *
 * The cuts are checked afterwards: each range must end exactly where the next one starts
 * (outside any quoted field, on the line the next one starts on). If one does not, or a range
 * meets a damaged record, SplitError asks the caller to undo the file and read it in one pass,
 * which gives the exact same rows or the exact error message.
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { portableSource, type PortableSource, type SourceDefinition } from '../sources/define.js';
import type { CsvLayout, CsvRange } from '../extract/csv/csv-extractor.js';
import type { CopySink, PartResult } from '../load/part-loader.js';
import { PROVENANCE_COLUMNS } from '../load/part-loader.js';
import { projectRoot } from '../paths.js';
import type { HeaderMatch } from '../sources/headers.js';
import { loadedColumns } from '../sources/row-validator.js';

export interface ParallelOptions {
  /** Worker threads per large CSV file; 1 or less reads every file in this thread. */
  workers: number;
  /** Files smaller than this are read in one pass (a worker costs ~50 ms to start). */
  minBytes: number;
  /** The phone-masking key (workers build their own hasher from it). */
  piiKey: string;
}

/** Chunks a worker may send ahead of the database. */
const CREDIT = 4;

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
  fileId: number;
  credit: number;
}

/** Messages from a worker to this thread; this thread answers each chunk with an acknowledgement. */
export type ToMain =
  | { type: 'chunk'; data: string }
  | { type: 'progress'; read: number; bytes: number }
  | { type: 'done'; result: PartResult; endLine: number }
  | { type: 'file-error'; reason: string }
  | { type: 'crash'; message: string };

/** The file could not be loaded range by range: undo what was loaded and read it in one pass. */
export class SplitError extends Error {
  constructor(readonly relPath: string, readonly why: string) {
    super(`${relPath}: ${why}`);
    this.name = 'SplitError';
  }
}

function workerScript(): URL {
  if (import.meta.url.endsWith('.js')) return new URL('./csv-range-worker.js', import.meta.url);
  // Run from the TypeScript sources (the tests): a worker thread needs the built JavaScript.
  return pathToFileURL(join(projectRoot(), 'dist', 'src', 'pipeline', 'csv-range-worker.js'));
}

export async function loadCsvInParallel(
  copy: CopySink,
  source: SourceDefinition,
  file: { path: string; relPath: string; fileId: number },
  layout: CsvLayout,
  match: HeaderMatch,
  ranges: readonly CsvRange[],
  options: ParallelOptions,
  onRows?: (rowsRead: number, bytesRead: number) => void,
): Promise<PartResult> {
  const n = ranges.length;
  const outcomes: (ToMain | undefined)[] = new Array(n);
  const read = new Array<number>(n).fill(0);
  const bytes = new Array<number>(n).fill(0);
  const queue: { index: number; data: string }[] = [];
  let finished = 0;
  let failed = false;
  /** Set when this thread ends the workers: a worker still reading is then stopped, not crashed. */
  let stopping = false;
  let notify: (() => void) | null = null;
  const wake = () => {
    notify?.();
    notify = null;
  };
  const end = (index: number, outcome: ToMain) => {
    if (outcomes[index]) return;
    outcomes[index] = outcome;
    finished++;
    if (outcome.type !== 'done') failed = true;
    wake();
  };

  const workers: Worker[] = [];
  const portable = portableSource(source);
  const start = (range: CsvRange, index: number): Worker => {
    const job: RangeJob = {
      path: file.path,
      relPath: file.relPath,
      layout,
      range: { start: range.start, end: range.end, firstLine: range.firstLine },
      headerRow: match.headerRow,
      source: portable,
      mapping: match.mapping.map((c) => c?.name ?? null),
      headers: match.headers,
      piiKey: options.piiKey,
      fileId: file.fileId,
      credit: CREDIT,
    };
    const worker = new Worker(workerScript(), { workerData: job });
    worker.on('message', (message: ToMain) => {
      if (message.type === 'chunk') {
        queue.push({ index, data: message.data });
        wake();
      } else if (message.type === 'progress') {
        read[index] = message.read;
        bytes[index] = message.bytes;
        onRows?.(read.reduce((a, b) => a + b, 0), bytes.reduce((a, b) => a + b, 0));
      } else end(index, message);
    });
    worker.on('error', (error) => end(index, { type: 'crash', message: error.stack ?? error.message }));
    worker.on('exit', (code) => {
      if (!stopping) end(index, { type: 'crash', message: `the worker thread stopped (exit code ${code}) before it was done` });
    });
    return worker;
  };

  async function* merged(): AsyncGenerator<string> {
    for (;;) {
      if (failed) return;
      const next = queue.shift();
      if (next) {
        yield next.data;
        workers[next.index].postMessage(0);
      } else if (finished === n) return;
      else await new Promise<void>((resolve) => (notify = resolve));
    }
  }

  const columns = [...loadedColumns(source).map((c) => c.name), ...PROVENANCE_COLUMNS];
  let stored: number;
  try {
    ranges.forEach((range, index) => workers.push(start(range, index)));
    stored = await copy(source.id, columns, merged());
  } finally {
    stopping = true;
    await Promise.all(workers.map((w) => w.terminate()));
  }

  // A worker that died (out of memory, say) costs the file its parallel read, not the run.
  const crash = outcomes.find((o) => o?.type === 'crash');
  if (crash?.type === 'crash') throw new SplitError(file.relPath, `read again in one pass: a worker thread failed (${crash.message.split('\n')[0]})`);
  if (outcomes.some((o) => o?.type === 'file-error')) throw new SplitError(file.relPath, 'read again in one pass: a part read by a worker thread ended inside a quoted field or met a damaged record');
  const done = outcomes.map((o) => {
    if (o?.type !== 'done') throw new Error(`internal: a worker of ${file.relPath} did not finish`);
    return o;
  });
  for (let i = 0; i + 1 < n; i++) {
    if (done[i].endLine !== ranges[i + 1].firstLine) {
      throw new SplitError(file.relPath, `read again in one pass: a quoted field spans line ${ranges[i + 1].firstLine}, where a worker thread began`);
    }
  }

  const result: PartResult = { read: 0, loaded: 0, rejected: 0, skipped: 0, skippedBy: new Map(), rejects: [] };
  for (const { result: r } of done) {
    result.read += r.read;
    result.loaded += r.loaded;
    result.rejected += r.rejected;
    result.skipped += r.skipped;
    for (const [reason, count] of r.skippedBy) result.skippedBy.set(reason, (result.skippedBy.get(reason) ?? 0) + count);
    // One by one: spreading hundreds of thousands of rejects as arguments overflows the stack.
    for (const reject of r.rejects) result.rejects.push(reject);
  }
  if (stored !== result.loaded) throw new Error(`${source.id}: COPY stored ${stored} rows but ${result.loaded} were sent`);
  return result;
}
