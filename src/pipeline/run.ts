/**
 * The yearly run, in four stages inside ONE transaction — so a run that dies leaves the
 * warehouse exactly as it was:
 *
 *   1. load the files   discover → (extract → validate → load) per file      (load-files.ts)
 *   2. settle the keys  duplicates and references across files, check counts (settle-keys.ts)
 *   3. compute          the completeness calendar and every figure
 *   4. record           the run, its files, rejects and figures, and the audit's additions
 *
 * The warehouse keeps every file it has loaded, across runs and years (holdings.ts): a run reads
 * only the files of its folder it does not hold yet, and computes its figures over everything
 * held. Re-running on the same files reads nothing and gives the same rows and figures. The
 * outputs are written by the caller (report/write-outputs.ts).
 */
import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { availableParallelism } from 'node:os';
import type { Calendar } from '../coverage/calendar.js';
import { auditRun } from '../audit/run-audit.js';
import { EMBEDDED_MEMORY_BUDGET } from '../db/memory-budget.js';
import { migrate } from '../db/migrate.js';
import { lockForRun } from '../db/run-lock.js';
import { inTransaction, type Warehouse } from '../db/warehouse.js';
import { discoverFiles, type Discovery } from '../extract/discover.js';
import { loadCatalog, reportParameters, type FigureDefinition, type ReportParameters } from '../figures/catalog.js';
import { readPublished, type PublishedValues } from '../figures/published.js';
import { paths } from '../paths.js';
import type { SourceDefinition } from '../sources/define.js';
import type { CellContext } from '../transform/cells.js';
import { maskPhoneNumbers, phoneHasher } from '../transform/pii.js';
import { readHoldings } from './holdings.js';
import { loadFiles, type FilesToLoad } from './load-files.js';
import { applyMappings, mappingsParameter, readMappings, type Mappings } from './mappings.js';
import type { ParallelOptions } from './parallel-csv.js';
import { recordRun } from './record.js';
import type { FigureReport, FileReport, RunProgress, RunReport } from './run-report.js';
import { changedSources, settleKeys } from './settle-keys.js';
import { computeFigures, restateFrozenYears, type EarlierYear } from './compute-figures.js';
import { toolVersion } from './version.js';

export interface RunOptions {
  year: number;
  inputDir: string;
  /** Published values to reconcile with; default reference/published/<year>.json when it exists. */
  publishedFile?: string;
  /** Key for masking phone numbers (see transform/pii.ts). */
  piiKey: string;
  /** The sources the run knows (the registry of pipelines/, handed over by the command line or a test). */
  sources: readonly SourceDefinition[];
  progress?: RunProgress;
  /** Worker threads per large CSV file (default: ETL_WORKERS, else up to 2 by the cores); 1 reads in one pass. */
  workers?: number;
  /** CSV files of at least this many bytes are read by several workers (default 32 MiB). */
  splitMinBytes?: number;
  /**
   * Header spellings and file patterns added to the sources (pipeline/mappings.ts); default: the
   * etl-mappings.json at the top of the input folder, if there is one. null: none.
   */
  mappings?: Mappings | null;
}

/** Default for RunOptions.workers: `ETL_WORKERS`, else the cores available, at most 2. */
export function defaultWorkers(env: NodeJS.ProcessEnv = process.env): number {
  const set = Number(env.ETL_WORKERS);
  if (env.ETL_WORKERS !== undefined && env.ETL_WORKERS !== '') {
    if (!Number.isInteger(set) || set < 1 || set > 64) throw new Error(`ETL_WORKERS must be a whole number from 1 to 64, not ${JSON.stringify(env.ETL_WORKERS)}`);
    return set;
  }
  return Math.min(2, availableParallelism());
}

/** CSV files from this size on are read by several workers; below it, starting them does not pay. */
const DEFAULT_SPLIT_MIN_BYTES = 32 * 1024 * 1024;

/** Everything a run settles before its transaction: what to read, with which sources, against which published values. */
interface PreparedRun extends Omit<FilesToLoad, 'runId' | 'held'> {
  year: number;
  inputDir: string;
  catalog: FigureDefinition[];
  params: ReportParameters;
  published: PublishedValues | null;
  publishedFile: string | null;
  ignored: Discovery['ignored'];
}

/** Runs the pipeline holding the warehouse's run lock (db/run-lock.ts), so two runs never interleave. */
export async function runPipeline(wh: Warehouse, options: RunOptions): Promise<RunReport> {
  // A mapping file that cannot be used stops the run before it starts (MappingsError).
  const mappings = options.mappings !== undefined ? options.mappings : readMappings(options.inputDir, options.sources);
  const lock = await lockForRun(wh);
  try {
    return await runLocked(wh, { ...options, mappings });
  } catch (error) {
    // 55P03 lock_not_available: another session's transaction held a table longer than the run waits.
    if ((error as { code?: string }).code === '55P03') throw new LockWaitError(wh, lock.timeoutSeconds, await lock.blockers().catch(() => []), error);
    throw error;
  } finally {
    await lock.release();
  }
}

/** A run that waited its limit for a table that another session's open transaction holds. */
export class LockWaitError extends Error {
  constructor(wh: Warehouse, seconds: number, blockers: string[], cause: unknown) {
    super(
      `the run waited ${seconds} s for a table of the ${wh.description} that another session holds, and stopped: ` +
        `${blockers.length > 0 ? blockers.join('; ') : 'the session has ended since'}. Nothing was changed (the run was rolled back). ` +
        'Ask them to end that transaction (COMMIT or ROLLBACK, or close the client), then run again; ETL_LOCK_TIMEOUT sets how many seconds a run waits',
      { cause },
    );
  }
}

async function runLocked(wh: Warehouse, options: RunOptions & { mappings: Mappings | null }): Promise<RunReport> {
  const run = await prepareRun(wh, options);
  return inTransaction(wh, async () => {
    const runId = await startRun(wh, run);
    const files = await loadFiles(wh, { ...run, runId, held: await readHoldings(wh) });
    await settleKeys(wh, files, { sources: run.sources, hashPhone: run.ctx.hashPhone, progress: run.progress, runId });
    const { calendar, figures } = await computeFigures(wh, { ...run, files, runId });
    // A change to the rows may change a figure of a year already frozen: that is a restatement of it.
    const earlier = changedSources(files).size > 0 ? await restateFrozenYears(wh, { ...run, files, runId }) : [];
    return recordReport(wh, run, { runId, files, calendar, figures, earlier });
  });
}

/** Applies the migrations and finds the files; settles the sources (with etl-mappings.json), the key, the catalogue and the published values. */
async function prepareRun(wh: Warehouse, options: RunOptions & { mappings: Mappings | null }): Promise<PreparedRun> {
  const { mappings } = options;
  // The definitions given extended by etl-mappings.json; those given stay as they are.
  const sources = applyMappings(options.sources, mappings);
  const ctx: CellContext = { hashPhone: phoneHasher(options.piiKey) };
  const workers = options.workers ?? defaultWorkers();
  const parallel: ParallelOptions | undefined =
    workers > 1
      ? {
          workers,
          minBytes: options.splitMinBytes ?? DEFAULT_SPLIT_MIN_BYTES,
          piiKey: options.piiKey,
          memoryBudget: wh.kind === 'pglite' ? EMBEDDED_MEMORY_BUDGET : undefined,
        }
      : undefined;
  const publishedFile = options.publishedFile ?? (existsSync(paths.published(options.year)) ? paths.published(options.year) : null);
  const prepared = {
    year: options.year,
    // Shown and stored like the file names below it: its mobile numbers masked.
    inputDir: maskPhoneNumbers(options.inputDir, ctx.hashPhone),
    location: maskPhoneNumbers(resolve(options.inputDir).split(sep).join('/'), ctx.hashPhone),
    sources,
    ctx,
    parallel,
    progress: options.progress ?? {},
    mappings,
    catalog: loadCatalog(options.year),
    publishedFile,
    published: publishedFile ? readPublished(publishedFile) : null,
    params: reportParameters(options.year),
  };
  await migrate(wh);
  // File and folder names are shown and stored with their mobile numbers masked, like every value.
  const discovered = await discoverFiles(options.inputDir, { maskName: (name) => maskPhoneNumbers(name, ctx.hashPhone) });
  const mappingFile = mappings ? discovered.files.find((f) => f.path === mappings.path) : undefined;
  return { ...prepared, mappingFile, exports: discovered.files.filter((f) => f !== mappingFile), ignored: discovered.ignored };
}

/** The run's etl.runs row. */
async function startRun(wh: Warehouse, run: PreparedRun): Promise<number> {
  const version = toolVersion();
  const { rows } = await wh.query<{ run_id: number }>(
    'insert into etl.runs (year, input_dir, tool_version, git_commit, parameters) values ($1, $2, $3, $4, $5) returning run_id',
    [run.year, run.inputDir, version.version, version.commit, JSON.stringify({ ...run.params, published: run.publishedFile, mappings: mappingsParameter(run.mappings) })],
  );
  return Number(rows[0].run_id);
}

/** The run's report, recorded in the etl tables, with the audit's additions (restatements, contributing rows). */
async function recordReport(
  wh: Warehouse,
  run: PreparedRun,
  outcome: { runId: number; files: FileReport[]; calendar: Calendar; figures: FigureReport[]; earlier: EarlierYear[] },
): Promise<RunReport> {
  const { files, figures } = outcome;
  const failed = files.some((f) => f.parts.some((p) => p.status === 'failed')) || figures.some((f) => f.status === 'not_computable');
  const report: RunReport = {
    runId: outcome.runId,
    year: run.year,
    inputDir: run.inputDir,
    status: failed ? 'completed_with_errors' : 'succeeded',
    files,
    ignored: run.ignored,
    figures,
    published: run.published,
    publishedFile: run.publishedFile,
    calendar: outcome.calendar,
    mappings: run.mappings,
  };
  run.progress.stage?.('recording the run');
  await recordRun(wh, report);
  report.audit = { ...(await auditRun(wh, report, run.ctx.hashPhone)), earlier: outcome.earlier };
  return report;
}

export type { SourceDefinition };
export type { FigureReport, FileReport, PartOutcome, RunProgress, RunReport } from './run-report.js';
