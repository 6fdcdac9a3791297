/**
 * The yearly run: discover → (extract → validate → load) per file → de-duplicate → check
 * the counts → compute figures → record everything, all in ONE transaction, so a run that
 * dies leaves the warehouse exactly as it was. Each run rebuilds the source tables from the
 * input folder: re-running on the same files gives the same rows and figures.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { migrate } from '../db/migrate.js';
import { lockForRun } from '../db/run-lock.js';
import { inTransaction, quoteIdent, type Warehouse } from '../db/warehouse.js';
import { discoverFiles } from '../extract/discover.js';
import { FileError } from '../extract/errors.js';
import { extractorFor } from '../extract/index.js';
import { isCandidateFile, sniffFormat } from '../extract/sniff.js';
import { checkUnchanged } from '../extract/unchanged.js';
import { loadCatalog, reportParameters, type FigureDefinition } from '../figures/catalog.js';
import { computeFigure, judge, type JudgedFigure } from '../figures/compute.js';
import { readPublished, type PublishedValues } from '../figures/published.js';
import type { CopySink } from '../load/part-loader.js';
import { removeBrokenReferences, removeDuplicates, type Demotion, type ReferenceNote } from '../load/dedupe.js';
import { paths } from '../paths.js';
import type { SourceDefinition } from '../sources/define.js';
import type { CellContext } from '../transform/cells.js';
import { maskPhoneNumbers, phoneHasher } from '../transform/pii.js';
import { loadFile, type PartOutcome } from './load-file.js';
import { SplitError, type ParallelOptions } from './parallel-csv.js';
import { applyMappings, mappingsParameter, mappingsSummary, notAnExport, readMappings, type Mappings } from './mappings.js';
import { recordRun } from './record.js';
import { toolVersion } from './version.js';
import { auditRun } from '../audit/run-audit.js';
import type { FigureReport, FileReport, RunProgress, RunReport } from './run-report.js';
import { buildCalendar, type Calendar } from '../coverage/calendar.js';
import { failedFiles, monthsByFile, partCoverage, statementOf, type LoadedPart } from '../coverage/coverage-facts.js';

export interface RunOptions {
  year: number;
  inputDir: string;
  /** Published values to reconcile with; default samples/published/<year>.json when it exists. */
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

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function fileIdFor(wh: Warehouse, relPath: string, sha256: string, size: number): Promise<number> {
  await wh.query('insert into etl.files (path, sha256, size_bytes) values ($1, $2, $3) on conflict (path, sha256) do nothing', [relPath, sha256, size]);
  const { rows } = await wh.query<{ file_id: number }>('select file_id from etl.files where path = $1 and sha256 = $2', [relPath, sha256]);
  return rows[0].file_id;
}

function applyDemotions(files: FileReport[], source: string, demotions: Demotion[]): void {
  for (const d of demotions) {
    const part = files.find((f) => f.fileId === d.fileId)?.parts.find((p) => p.source === source && p.result);
    if (!part?.result) throw new Error(`internal: a ${source} row of file ${d.fileId} has no loaded part`);
    const r = part.result;
    r.loaded--;
    if (d.kind === 'skip') {
      r.skipped++;
      r.skippedBy.set(d.message, (r.skippedBy.get(d.message) ?? 0) + 1);
    } else {
      r.rejected++;
      r.rejects.push({ row: d.row, problems: [{ column: d.column, value: d.value, message: d.message }] });
    }
  }
}

/** Checks, per file and source, read = loaded + rejected + skipped and loaded = rows in the table. */
async function checkBalance(wh: Warehouse, files: FileReport[], sources: readonly SourceDefinition[]): Promise<void> {
  for (const source of sources) {
    const { rows } = await wh.query<{ file_id: number; n: number }>(`select _file_id as file_id, count(*) as n from ${quoteIdent(source.id)} group by _file_id`);
    const inTable = new Map(rows.map((r) => [Number(r.file_id), Number(r.n)]));
    for (const f of files) {
      for (const p of f.parts) {
        if (p.source !== source.id || !p.result) continue;
        const r = p.result;
        if (r.read !== r.loaded + r.rejected + r.skipped) {
          throw new Error(`count check failed for ${f.relPath} (${source.id}): read ${r.read} ≠ loaded ${r.loaded} + rejected ${r.rejected} + skipped ${r.skipped}`);
        }
        const stored = inTable.get(f.fileId!) ?? 0;
        if (stored !== r.loaded) throw new Error(`count check failed for ${f.relPath} (${source.id}): ${r.loaded} rows loaded but ${stored} in ${source.id}`);
        inTable.delete(f.fileId!);
      }
    }
    if (inTable.size > 0) throw new Error(`count check failed: ${source.id} holds rows of files this run did not load`);
  }
}

/** The parts this run loaded, with what each file states about the period it covers. */
function loadedParts(files: readonly FileReport[]): LoadedPart[] {
  return files.flatMap((f) =>
    f.parts
      .filter((p) => p.status === 'loaded' && p.source && p.result)
      .map((p) => ({ fileId: f.fileId!, file: f.relPath, sheet: p.sheet, source: p.source!, rows: p.result!.loaded, rejected: p.result!.rejected, statement: statementOf(f.relPath, p.titleRows ?? []) })),
  );
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
  const { mappings } = options;
  // The registered definitions extended by etl-mappings.json; those of pipelines/ stay as they are.
  const sources = applyMappings(options.sources, mappings);
  const progress = options.progress ?? {};
  const ctx: CellContext = { hashPhone: phoneHasher(options.piiKey) };
  const workers = options.workers ?? defaultWorkers();
  const parallel: ParallelOptions | undefined =
    workers > 1 ? { workers, minBytes: options.splitMinBytes ?? DEFAULT_SPLIT_MIN_BYTES, piiKey: options.piiKey } : undefined;
  const catalog = loadCatalog();
  const publishedFile = options.publishedFile ?? (existsSync(paths.published(options.year)) ? paths.published(options.year) : null);
  const published = publishedFile ? readPublished(publishedFile) : null;
  const params = reportParameters(options.year);

  await migrate(wh);
  // File and folder names are shown and stored with their mobile numbers masked, like every value.
  const discovered = await discoverFiles(options.inputDir, { maskName: (name) => maskPhoneNumbers(name, ctx.hashPhone) });
  // The mapping file is an input of the run too (etl.files keeps its SHA-256, so verify sees it change), but no export.
  const mappingFile = mappings ? discovered.files.find((f) => f.path === mappings.path) : undefined;
  const exports = discovered.files.filter((f) => f !== mappingFile);

  return inTransaction(wh, async () => {
    const version = toolVersion();
    const { rows } = await wh.query<{ run_id: number }>(
      'insert into etl.runs (year, input_dir, tool_version, git_commit, parameters) values ($1, $2, $3, $4, $5) returning run_id',
      [options.year, options.inputDir, version.version, version.commit, JSON.stringify({ ...params, published: publishedFile, mappings: mappingsParameter(mappings) })],
    );
    const runId = Number(rows[0].run_id);
    await wh.exec(`truncate ${sources.map((s) => quoteIdent(s.id)).join(', ')}`);

    const files: FileReport[] = [];
    if (mappings && mappingFile) {
      const fileId = await fileIdFor(wh, mappingFile.relPath, mappings.sha256, mappings.size);
      const message = `the mapping file of this run, applied to every export: ${mappingsSummary(mappings)}`;
      files.push({ relPath: mappingFile.relPath, fileId, sha256: mappings.sha256, size: mappings.size, parts: [{ source: null, sheet: null, status: 'mappings', message, headerRow: null, extras: [], result: null }] });
    }
    let index = 0;
    for (const f of exports) {
      index++;
      progress.fileStart?.(f.relPath, index, exports.length, f.size);
      const sha256 = await sha256Of(f.path);
      const fileId = await fileIdFor(wh, f.relPath, sha256, f.size);
      const report: FileReport = { relPath: f.relPath, fileId, sha256, size: f.size, parts: [] };
      files.push(report);
      if (!isCandidateFile(f.relPath)) {
        report.parts.push({ source: null, sheet: null, status: 'unmatched', message: notAnExport(f.relPath), headerRow: null, extras: [], result: null });
        progress.fileEnd?.(report);
        continue;
      }
      await wh.exec('savepoint load_file');
      // Large CSV files are read by several workers; when that cannot be done exactly, the
      // file is undone and read again in one pass (see parallel-csv.ts).
      let inParallel: ParallelOptions | undefined = parallel;
      for (;;) {
        try {
          const format = await sniffFormat(f.path, f.relPath);
          const copy: CopySink = (table, columns, chunks) => wh.copyFrom(table, columns, chunks);
          report.parts = await loadFile(
            copy,
            { path: f.path, relPath: f.relPath, fileId },
            format,
            extractorFor(format),
            sources,
            ctx,
            { onPartStart: (source, sheet) => progress.partStart?.(f.relPath, source.id, sheet), onRows: (n, bytes) => progress.rows?.(f.relPath, n, bytes) },
            inParallel,
          );
          await checkUnchanged(f.path, f.relPath, sha256);
          await wh.exec('release savepoint load_file');
        } catch (error) {
          if (error instanceof SplitError && inParallel) {
            await wh.exec('rollback to savepoint load_file');
            progress.note?.(f.relPath, error.why);
            inParallel = undefined;
            continue;
          }
          if (!(error instanceof FileError)) throw error;
          await wh.exec('rollback to savepoint load_file');
          report.parts = [{ source: null, sheet: null, status: 'failed', message: error.reason, headerRow: null, extras: [], result: null }];
        }
        break;
      }
      progress.fileEnd?.(report);
    }

    progress.stage?.('checking duplicate keys and references');
    // Fresh statistics: without them the planner takes a just-loaded table of millions of rows
    // for a small one, and the duplicate checks and figures spill to disk (2-3× slower).
    // More memory per sort or hash for this run's own transaction only.
    await wh.exec(`set local work_mem = '64MB'`);
    for (const source of sources) {
      if (files.some((f) => f.parts.some((p) => p.source === source.id && p.result && p.result.loaded > 0))) await wh.exec(`analyze ${quoteIdent(source.id)}`);
    }
    for (const source of sources) applyDemotions(files, source.id, await removeDuplicates(wh, source, ctx.hashPhone));
    const notes: ReferenceNote[] = [];
    for (const source of sources) applyDemotions(files, source.id, await removeBrokenReferences(wh, source, sources, notes, ctx.hashPhone));
    for (const note of notes) {
      const part = files.find((f) => f.fileId === note.fileId)?.parts.find((p) => p.source === note.source);
      if (part) part.message = part.message ? `${part.message}; ${note.message}` : note.message;
    }
    await checkBalance(wh, files, sources);

    progress.stage?.(`computing ${catalog.length} figures`);
    const figures: FigureReport[] = [];
    const failedParts = failedFiles(
      files.flatMap((f) => f.parts.filter((p) => p.status === 'failed').map((p) => ({ relPath: f.relPath, source: p.source, message: p.message ?? '' }))),
      sources,
    );
    const calendar = buildCalendar(options.year, sources, partCoverage(loadedParts(files), await monthsByFile(wh, sources)), catalog, params, failedParts);
    const gaps = new Map(calendar.gaps.map((g) => [g.figure, g.reason]));
    for (const definition of catalog) {
      // A figure whose periods its exports do not cover is not computed at all: never a value from part of the data.
      const gap = gaps.get(definition.id);
      const computed = gap
        ? { id: definition.id, value: null, numerator: null, denominator: null, reason: gap, parameters: { year: options.year } }
        : await computeFigure(wh, definition, params);
      const judged = judge(definition, computed, published?.figures[definition.id]);
      const inputs = files.flatMap((f) =>
        f.parts
          .filter((p) => p.result && p.source && definition.sources.includes(p.source))
          .map((p) => ({ source: p.source!, file: f.relPath, sha256: f.sha256!, rows_loaded: p.result!.loaded })),
      );
      figures.push({ ...judged, definition, inputs });
    }

    const failed = files.some((f) => f.parts.some((p) => p.status === 'failed')) || figures.some((f) => f.status === 'not_computable');
    const report: RunReport = {
      runId,
      year: options.year,
      inputDir: options.inputDir,
      status: failed ? 'completed_with_errors' : 'succeeded',
      files,
      ignored: discovered.ignored,
      figures,
      published,
      publishedFile,
      calendar,
      mappings,
    };
    progress.stage?.('recording the run');
    await recordRun(wh, report);
    report.audit = await auditRun(wh, report);
    return report;
  });
}

export type { SourceDefinition };
export type { FigureReport, FileReport, PartOutcome, RunProgress, RunReport } from './run-report.js';
