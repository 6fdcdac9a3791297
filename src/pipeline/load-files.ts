/**
 * The run's first stage: every file of the input folder into the warehouse, one at a time, each
 * under a savepoint so that a file that fails as a whole (FileError) is undone and reported
 * while the run goes on. A large CSV file whose parallel read cannot be exact (SplitError) is
 * undone and read again in one pass. Every file gets its etl.files row (path and SHA-256).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Warehouse } from '../db/warehouse.js';
import type { DiscoveredFile } from '../extract/discover.js';
import { FileError } from '../extract/errors.js';
import { extractorFor } from '../extract/index.js';
import { isCandidateFile, sniffFormat } from '../extract/sniff.js';
import { checkUnchanged } from '../extract/unchanged.js';
import type { SourceDefinition } from '../sources/define.js';
import type { CellContext } from '../transform/cells.js';
import { loadFile } from './load-file.js';
import { mappingsSummary, notAnExport, type Mappings } from './mappings.js';
import { SplitError, type ParallelOptions } from './parallel-csv.js';
import type { FileReport, PartOutcome, RunProgress } from './run-report.js';

/** What loading the files needs: the exports, the run's mapping file, the sources (mappings applied) and how to read. */
export interface FilesToLoad {
  exports: readonly DiscoveredFile[];
  mappings: Mappings | null;
  /** The mapping file as discovered in the input folder (an input of the run, but no export). */
  mappingFile?: DiscoveredFile;
  sources: readonly SourceDefinition[];
  ctx: CellContext;
  parallel?: ParallelOptions;
  progress: RunProgress;
}

/** Loads every export; returns one report per file, the mapping file's first. */
export async function loadFiles(wh: Warehouse, load: FilesToLoad): Promise<FileReport[]> {
  const files: FileReport[] = [];
  if (load.mappings && load.mappingFile) files.push(await mappingFileReport(wh, load.mappings, load.mappingFile));
  let index = 0;
  for (const f of load.exports) files.push(await loadExport(wh, load, f, ++index));
  return files;
}

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

/** The mapping file is an input of the run too (etl.files keeps its SHA-256, so verify sees it change), but no export. */
async function mappingFileReport(wh: Warehouse, mappings: Mappings, file: DiscoveredFile): Promise<FileReport> {
  const fileId = await fileIdFor(wh, file.relPath, mappings.sha256, mappings.size);
  const message = `the mapping file of this run, applied to every export: ${mappingsSummary(mappings)}`;
  return { relPath: file.relPath, fileId, sha256: mappings.sha256, size: mappings.size, parts: [{ source: null, sheet: null, status: 'mappings', message, headerRow: null, extras: [], result: null }] };
}

async function loadExport(wh: Warehouse, load: FilesToLoad, f: DiscoveredFile, index: number): Promise<FileReport> {
  load.progress.fileStart?.(f.relPath, index, load.exports.length, f.size);
  const sha256 = await sha256Of(f.path);
  const fileId = await fileIdFor(wh, f.relPath, sha256, f.size);
  const report: FileReport = { relPath: f.relPath, fileId, sha256, size: f.size, parts: [] };
  report.parts = isCandidateFile(f.relPath)
    ? await loadInSavepoint(wh, load, f, fileId, sha256)
    : [{ source: null, sheet: null, status: 'unmatched', message: notAnExport(f.relPath), headerRow: null, extras: [], result: null }];
  load.progress.fileEnd?.(report);
  return report;
}

/**
 * Loads one export under a savepoint: a FileError rolls it back and fails the file as a whole; a
 * SplitError rolls it back and reads it again in one pass (see parallel-csv.ts).
 */
async function loadInSavepoint(wh: Warehouse, load: FilesToLoad, f: DiscoveredFile, fileId: number, sha256: string): Promise<PartOutcome[]> {
  await wh.exec('savepoint load_file');
  let parallel = load.parallel;
  for (;;) {
    try {
      const parts = await readExport(wh, load, f, fileId, parallel);
      await checkUnchanged(f.path, f.relPath, sha256);
      await wh.exec('release savepoint load_file');
      return parts;
    } catch (error) {
      if (!(error instanceof SplitError && parallel) && !(error instanceof FileError)) throw error;
      await wh.exec('rollback to savepoint load_file');
      if (error instanceof FileError) return [{ source: null, sheet: null, status: 'failed', message: error.reason, headerRow: null, extras: [], result: null }];
      load.progress.note?.(f.relPath, error.why);
      parallel = undefined;
    }
  }
}

async function readExport(wh: Warehouse, load: FilesToLoad, f: DiscoveredFile, fileId: number, parallel: ParallelOptions | undefined): Promise<PartOutcome[]> {
  const format = await sniffFormat(f.path, f.relPath);
  return loadFile({
    copy: (table, columns, chunks) => wh.copyFrom(table, columns, chunks),
    file: { path: f.path, relPath: f.relPath, fileId },
    format,
    extractor: extractorFor(format),
    sources: load.sources,
    ctx: load.ctx,
    hooks: { onPartStart: (source, sheet) => load.progress.partStart?.(f.relPath, source.id, sheet), onRows: (n, bytes) => load.progress.rows?.(f.relPath, n, bytes) },
    parallel,
  });
}
