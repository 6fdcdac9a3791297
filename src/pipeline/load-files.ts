/**
 * The run's first stage: the files of the input folder that the warehouse does not hold yet go
 * into it, one at a time, each under a savepoint so that a file that fails as a whole (FileError)
 * is undone and reported while the run goes on. A large CSV file whose parallel read cannot be
 * exact (SplitError) is undone and read again in one pass. Every file gets its etl.files row
 * (path and SHA-256); every file with rows loaded is held (etl.holdings, holdings.ts).
 *
 * Content decides, not names: a file whose SHA-256 the warehouse holds under the same source
 * definition (definition-hash.ts) is not read again; a file at the place of a held one with new
 * content replaces that version's rows; a held file whose definition changed is read again, from
 * this folder or from where it was read. Files held from other folders stay as they are.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Warehouse } from '../db/warehouse.js';
import type { DiscoveredFile } from '../extract/discover.js';
import { FileError } from '../extract/errors.js';
import { extractorFor } from '../extract/index.js';
import { isCandidateFile, sniffFormat } from '../extract/sniff.js';
import { checkUnchanged } from '../extract/unchanged.js';
import type { SourceDefinition } from '../sources/define.js';
import type { CellContext } from '../transform/cells.js';
import { definitionHash } from './definition-hash.js';
import { filesThatGaveWay, heldReport, hold, loadedSources, release, type HeldFile } from './holdings.js';
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
  /** The run reading them. */
  runId: number;
  /** The input folder as stored: absolute, its phone numbers masked; a file's place is this and its path. */
  location: string;
  /** What the warehouse held when the run started. */
  held: readonly HeldFile[];
}

/** Loads every export not held yet; returns one report per file — the mapping file's first, then the folder's, then those held from elsewhere. */
export async function loadFiles(wh: Warehouse, load: FilesToLoad): Promise<FileReport[]> {
  const files: FileReport[] = [];
  if (load.mappings && load.mappingFile) files.push(await mappingFileReport(wh, load.mappings, load.mappingFile));
  const held = new Holdings(load.held);
  for (const [i, f] of load.exports.entries()) {
    load.progress.fileStart?.(f.relPath, i + 1, load.exports.length, f.size);
    const report = await loadOrKeep(wh, load, held, f);
    load.progress.fileEnd?.(report);
    files.push(report);
  }
  for (const h of held.untouched()) {
    held.take(h);
    files.push(current(load, h) ? heldReport(h, { inFolder: false }) : await readAgain(wh, load, h, 'the definition of its source or the reading code changed since'));
  }
  await restoreGivenWay(wh, load, held.releasedSources(), files);
  return files;
}

/**
 * A held file whose rows gave way to rows of a file now replaced or forgotten (a duplicate key
 * kept there), or lacked a reference into a source that changed, is read again: what the
 * warehouse holds stays what a build from its files at once would give.
 */
export async function restoreGivenWay(wh: Warehouse, load: FilesToLoad, released: ReadonlySet<string>, files: FileReport[]): Promise<void> {
  const changed = new Set([...released, ...files.filter((f) => !f.heldFrom).flatMap((f) => loadedSources(f.parts))]);
  const kept = files.filter((f) => f.heldFrom && f.fileId !== null);
  for (const fileId of await filesThatGaveWay(wh, kept.map((f) => f.fileId!), { released, changed }, load.sources)) {
    const i = files.findIndex((f) => f.fileId === fileId && f.heldFrom);
    const h = load.held.find((x) => x.fileId === fileId);
    if (i < 0 || !h) continue;
    files[i] = await readAgain(wh, load, h, 'rows of it that were rejected or skipped for another file may load now (a duplicate key, a missing reference)');
  }
}

/** An export to read: the file, the SHA-256 of its content and its place (the input folder as stored and its path). */
interface ExportToRead {
  file: DiscoveredFile;
  sha256: string;
  location: string;
}

/** An export once it has its etl.files row. */
interface FiledExport extends ExportToRead {
  fileId: number;
}

/** The files held when the run started, by content and by place; those this run has dealt with. */
class Holdings {
  private readonly done = new Set<number>();
  private readonly released = new Set<string>();
  constructor(readonly files: readonly HeldFile[]) {}
  byContent(sha256: string): HeldFile | undefined {
    return this.files.find((h) => h.sha256 === sha256 && !this.done.has(h.fileId));
  }
  atLocation(location: string): HeldFile | undefined {
    return this.files.find((h) => h.location === location && !this.done.has(h.fileId));
  }
  take(file: HeldFile): void {
    this.done.add(file.fileId);
  }
  untouched(): HeldFile[] {
    return this.files.filter((h) => !this.done.has(h.fileId));
  }
  /** Takes the held files out (rows and holding); describes the first. */
  async release(wh: Warehouse, files: (HeldFile | undefined)[], why: (h: HeldFile) => string): Promise<FileReport['replaced']> {
    let replaced: FileReport['replaced'];
    for (const h of new Set(files.filter((x): x is HeldFile => x !== undefined))) {
      this.take(h);
      for (const source of loadedSources(h.parts)) this.released.add(source);
      const rowsRemoved = await release(wh, h);
      replaced ??= { fileId: h.fileId, sha256: h.sha256, runId: h.readInRun, location: h.location, sources: loadedSources(h.parts), rowsRemoved, why: why(h) };
    }
    return replaced;
  }
  releasedSources(): ReadonlySet<string> {
    return this.released;
  }
}

/** The held file is current: same content and same definitions of its sources (and reading code). */
function current(load: FilesToLoad, h: HeldFile): boolean {
  return h.definitionSha256 === definitionHash(loadedSources(h.parts), load.sources);
}

/** One export of the folder: unchanged (kept), or read — new, replacing a held version, or again under a changed definition. */
async function loadOrKeep(wh: Warehouse, load: FilesToLoad, held: Holdings, f: DiscoveredFile): Promise<FileReport> {
  const sha256 = await sha256Of(f.path);
  const location = `${load.location}/${f.relPath}`;
  const same = held.byContent(sha256);
  const newVersion = () => 'a new version of the file at the same place';
  let report: FileReport;
  if (same && current(load, same)) {
    held.take(same);
    // A file held at this place with other content gave way to a content the warehouse already holds.
    const replaced = await held.release(wh, [held.atLocation(location)], newVersion);
    const where = same.location === location ? '' : ` (same content as ${same.location})`;
    report = heldReport(same, { inFolder: true, note: `unchanged, loaded in run ${same.readInRun}${where}` });
    if (replaced) report.replaced = replaced;
  } else {
    // What this file takes the place of: the held file at its place, and its own content held under an old definition.
    const replaced = await held.release(wh, [held.atLocation(location), same], (h) => (h === same ? 'the definition of its source or the reading code changed since' : newVersion()));
    report = await loadExport(wh, load, { file: f, sha256, location });
    if (replaced) report.replaced = replaced;
  }
  return report;
}

/**
 * Reads a held file again from where it was read, when the file there still has the SHA-256 held;
 * otherwise keeps it as it is, with a note saying why it could not be read again.
 */
async function readAgain(wh: Warehouse, load: FilesToLoad, h: HeldFile, why: string): Promise<FileReport> {
  const readable = await sha256Of(h.location).then((sha) => sha === h.sha256, () => false);
  if (!readable) {
    const note = `held as loaded in run ${h.readInRun}; it should be read again (${why}), but ${h.location} is missing or changed: put the file back there and run again, or remove it with etl forget`;
    return heldReport(h, { inFolder: false, note });
  }
  const rowsRemoved = await release(wh, h);
  const size = (await stat(h.location)).size;
  load.progress.note?.(h.relPath, `read again: ${why}`);
  const report = await loadExport(wh, load, { file: { path: h.location, relPath: h.relPath, size }, sha256: h.sha256, location: h.location });
  report.replaced = { fileId: h.fileId, sha256: h.sha256, runId: h.readInRun, location: h.location, sources: loadedSources(h.parts), rowsRemoved, why };
  return report;
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

/** Reads one export into the warehouse; held from now on when it loaded rows. */
async function loadExport(wh: Warehouse, load: FilesToLoad, exp: ExportToRead): Promise<FileReport> {
  const { file: f, sha256, location } = exp;
  const fileId = await fileIdFor(wh, f.relPath, sha256, f.size);
  const report: FileReport = { relPath: f.relPath, fileId, sha256, size: f.size, parts: [] };
  report.parts = isCandidateFile(f.relPath)
    ? await loadInSavepoint(wh, load, { ...exp, fileId })
    : [{ source: null, sheet: null, status: 'unmatched', message: notAnExport(f.relPath), headerRow: null, extras: [], result: null }];
  const sources = loadedSources(report.parts);
  if (sources.length > 0) {
    report.location = location;
    const snapshot = load.sources.some((s) => sources.includes(s.id) && s.coverage.kind === 'snapshot');
    await hold(wh, { fileId, location, definitionSha256: definitionHash(sources, load.sources), report, snapshot }, load.runId);
  }
  return report;
}

/**
 * Loads one export under a savepoint: a FileError rolls it back and fails the file as a whole; a
 * SplitError rolls it back and reads it again in one pass (see parallel-csv.ts).
 */
async function loadInSavepoint(wh: Warehouse, load: FilesToLoad, exp: FiledExport): Promise<PartOutcome[]> {
  const { file: f, sha256 } = exp;
  await wh.exec('savepoint load_file');
  let parallel = load.parallel;
  for (;;) {
    try {
      const parts = await readExport(wh, load, exp, parallel);
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

/** Reads the export's parts into their tables (in parallel ranges when `parallel` says so). */
async function readExport(wh: Warehouse, load: FilesToLoad, { file: f, fileId }: FiledExport, parallel: ParallelOptions | undefined): Promise<PartOutcome[]> {
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
