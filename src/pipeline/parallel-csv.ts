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
import { portableSource, type SourceDefinition } from '../sources/define.js';
import type { CsvLayout, CsvRange } from '../extract/csv/csv-extractor.js';
import { checkStored, mergePartResults, type PartResult } from '../load/part-counts.js';
import { PROVENANCE_COLUMNS, type CopySink } from '../load/part-loader.js';
import type { MemoryBudget } from '../db/memory-budget.js';
import { projectRoot } from '../paths.js';
import type { RangeJob, ToMain } from './csv-range-job.js';
import type { HeaderMatch } from '../sources/headers.js';
import { loadedColumns } from '../sources/row-validator.js';

export interface ParallelOptions {
  /** Worker threads per large CSV file; 1 or less reads every file in this thread. */
  workers: number;
  /** Files smaller than this are read in one pass (a worker costs ~50 ms to start). */
  minBytes: number;
  /** The phone-masking key (workers build their own hasher from it). */
  piiKey: string;
  /** When the workers collect their garbage (an embedded warehouse's run); absent: as V8 decides. */
  memoryBudget?: MemoryBudget;
}

/** Chunks a worker may send ahead of the database. */
const CREDIT = 4;

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

/** One part of a large CSV file, to be read range by range. */
export interface ParallelPart {
  copy: CopySink;
  source: SourceDefinition;
  file: { path: string; relPath: string; fileId: number };
  layout: CsvLayout;
  match: HeaderMatch;
  ranges: readonly CsvRange[];
  /** Rows read so far in the part, and bytes of the file read so far. */
  onRows?: (rowsRead: number, bytesRead: number) => void;
}

/** Reads `part` with one worker thread per range into one COPY; its counts are the ranges' put together in file order. */
export async function loadCsvInParallel(part: ParallelPart, options: ParallelOptions): Promise<PartResult> {
  const pool = new RangeWorkers(part, options);
  let stored: number;
  try {
    pool.start();
    stored = await part.copy(part.source.id, [...loadedColumns(part.source).map((c) => c.name), ...PROVENANCE_COLUMNS], pool.chunks());
  } finally {
    await pool.stop();
  }
  const result = mergePartResults(finishedRanges(part, pool.outcomes).map((done) => done.result));
  checkStored(result, stored, `${part.source.id} (COPY)`);
  return result;
}

/** What each range's worker is given. */
function rangeJobs(part: ParallelPart, options: ParallelOptions): RangeJob[] {
  const source = portableSource(part.source);
  return part.ranges.map((range) => ({
    path: part.file.path,
    relPath: part.file.relPath,
    layout: part.layout,
    range: { start: range.start, end: range.end, firstLine: range.firstLine },
    headerRow: part.match.headerRow,
    source,
    mapping: part.match.mapping.map((c) => c?.name ?? null),
    headers: part.match.headers,
    piiKey: options.piiKey,
    memoryBudget: options.memoryBudget,
    fileId: part.file.fileId,
    credit: CREDIT,
  }));
}

/**
 * The worker threads of one part: starts them, hands their COPY chunks on as they come (each
 * acknowledged, so a worker is at most CREDIT chunks ahead), reports their progress, and keeps
 * how each one ended.
 */
class RangeWorkers {
  /** How each range's worker ended, by range. */
  readonly outcomes: (ToMain | undefined)[];
  private readonly workers: Worker[] = [];
  private readonly read: number[];
  private readonly bytes: number[];
  private readonly queue: { index: number; data: string }[] = [];
  private finished = 0;
  private failed = false;
  /** Set when this thread ends the workers: a worker still reading is then stopped, not crashed. */
  private stopping = false;
  private notify: (() => void) | null = null;

  constructor(
    private readonly part: ParallelPart,
    private readonly options: ParallelOptions,
  ) {
    const n = part.ranges.length;
    this.outcomes = new Array(n);
    this.read = new Array<number>(n).fill(0);
    this.bytes = new Array<number>(n).fill(0);
  }

  start(): void {
    rangeJobs(this.part, this.options).forEach((job, index) => this.workers.push(this.startOne(job, index)));
  }

  private startOne(job: RangeJob, index: number): Worker {
    const worker = new Worker(workerScript(), { workerData: job });
    worker.on('message', (message: ToMain) => {
      if (message.type === 'chunk') {
        this.queue.push({ index, data: message.data });
        this.wake();
      } else if (message.type === 'progress') {
        this.read[index] = message.read;
        this.bytes[index] = message.bytes;
        this.part.onRows?.(sum(this.read), sum(this.bytes));
      } else this.end(index, message);
    });
    worker.on('error', (error) => this.end(index, { type: 'crash', message: error.stack ?? error.message }));
    worker.on('exit', (code) => {
      if (!this.stopping) this.end(index, { type: 'crash', message: `the worker thread stopped (exit code ${code}) before it was done` });
    });
    return worker;
  }

  private wake(): void {
    this.notify?.();
    this.notify = null;
  }

  private end(index: number, outcome: ToMain): void {
    if (this.outcomes[index]) return;
    this.outcomes[index] = outcome;
    this.finished++;
    if (outcome.type !== 'done') this.failed = true;
    this.wake();
  }

  /** The workers' COPY text as it comes, until all are done or one failed. */
  async *chunks(): AsyncGenerator<string> {
    for (;;) {
      if (this.failed) return;
      const next = this.queue.shift();
      if (next) {
        yield next.data;
        this.workers[next.index].postMessage(0);
      } else if (this.finished === this.outcomes.length) return;
      else await new Promise<void>((resolve) => (this.notify = resolve));
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Each range's result, once every worker finished and each range ended where the next began;
 * otherwise SplitError (the file is read again in one pass).
 */
function finishedRanges(part: ParallelPart, outcomes: readonly (ToMain | undefined)[]): Extract<ToMain, { type: 'done' }>[] {
  const { relPath } = part.file;
  // A worker that died (out of memory, say) costs the file its parallel read, not the run.
  const crash = outcomes.find((o) => o?.type === 'crash');
  if (crash?.type === 'crash') throw new SplitError(relPath, `read again in one pass: a worker thread failed (${crash.message.split('\n')[0]})`);
  if (outcomes.some((o) => o?.type === 'file-error')) throw new SplitError(relPath, 'read again in one pass: a part read by a worker thread ended inside a quoted field or met a damaged record');
  const done = outcomes.map((o) => {
    if (o?.type !== 'done') throw new Error(`internal: a worker of ${relPath} did not finish`);
    return o;
  });
  for (let i = 0; i + 1 < done.length; i++) {
    if (done[i].endLine !== part.ranges[i + 1].firstLine) {
      throw new SplitError(relPath, `read again in one pass: a quoted field spans line ${part.ranges[i + 1].firstLine}, where a worker thread began`);
    }
  }
  return done;
}
