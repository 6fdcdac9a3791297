/**
 * What a folder of exports covers, before anything is loaded (`etl status --input DIR`): each
 * file is read and validated exactly as a run would read it, but its rows go nowhere; only
 * the rows per month of each source's period column are kept. Duplicates across files are not
 * removed here (a run does that), so a month's count can be a little higher than a run's.
 */
import { randomBytes } from 'node:crypto';
import type { SourceDefinition } from '../sources/define.js';
import { failedFiles, partCoverage, statementOf, type LoadedPart, type MonthsByFile } from '../coverage/coverage-facts.js';
import type { FailedFile, PartCoverage } from '../coverage/coverage.js';
import { discoverFiles } from '../extract/discover.js';
import { FileError } from '../extract/errors.js';
import { extractorFor } from '../extract/index.js';
import { isCandidateFile, sniffFormat } from '../extract/sniff.js';
import type { CopySink } from '../load/part-loader.js';
import { maskPhoneNumbers, phoneHasher } from '../transform/pii.js';
import { loadFile, type PartOutcome } from './load-file.js';
import { applyMappings, readMappings, type Mappings } from './mappings.js';
import type { RunProgress } from './run-report.js';

export interface FolderScan {
  parts: PartCoverage[];
  /** Files that failed as a whole, or a source a file name promised but did not deliver. */
  failed: FailedFile[];
  unmatched: string[];
}

/** Counts the rows of each COPY line by month of the period column, instead of storing them. */
function countingSink(sources: readonly SourceDefinition[], fileId: number, months: MonthsByFile): CopySink {
  return async (table, columns, chunks) => {
    const source = sources.find((s) => s.id === table)!;
    const period = source.coverage.kind === 'snapshot' ? undefined : source.coverage.period;
    const at = period ? columns.indexOf(period) : -1;
    const byMonth = new Map<string, number>();
    let rows = 0;
    for await (const chunk of chunks) {
      for (const line of chunk.split('\n')) {
        if (!line) continue;
        rows++;
        if (at < 0) continue;
        // COPY text: fields are tab-separated and a date or timestamp field holds no tab.
        const value = line.split('\t', at + 1)[at];
        if (value !== '\\N') byMonth.set(value.slice(0, 7), (byMonth.get(value.slice(0, 7)) ?? 0) + 1);
      }
    }
    if (!months.has(table)) months.set(table, new Map());
    months.get(table)!.set(fileId, byMonth);
    return rows;
  };
}

export async function scanFolder(
  inputDir: string,
  options: { sources: readonly SourceDefinition[]; progress?: RunProgress; mappings?: Mappings | null },
): Promise<FolderScan> {
  // Read as a run reads it: with the folder's etl-mappings.json (a bad one stops the scan, MappingsError).
  const mappings = options.mappings !== undefined ? options.mappings : readMappings(inputDir, options.sources);
  const sources = applyMappings(options.sources, mappings);
  const progress = options.progress ?? {};
  // Nothing is stored, so any key masks the phone numbers of the title rows.
  const ctx = { hashPhone: phoneHasher(randomBytes(32).toString('hex')) };
  const discovered = await discoverFiles(inputDir, { maskName: (name) => maskPhoneNumbers(name, ctx.hashPhone) });
  const months: MonthsByFile = new Map();
  const loaded: LoadedPart[] = [];
  const scan: FolderScan = { parts: [], failed: [], unmatched: [] };
  let fileId = 0;
  // The mapping file is no export: it is applied, not scanned.
  const exports = discovered.files.filter((f) => f.path !== mappings?.path);
  for (const f of exports) {
    fileId++;
    progress.fileStart?.(f.relPath, fileId, exports.length, f.size);
    let parts: PartOutcome[] = [];
    if (!isCandidateFile(f.relPath)) {
      scan.unmatched.push(f.relPath);
      continue;
    }
    try {
      const format = await sniffFormat(f.path, f.relPath);
      parts = await loadFile({
        copy: countingSink(sources, fileId, months),
        file: { path: f.path, relPath: f.relPath, fileId },
        format,
        extractor: extractorFor(format),
        sources,
        ctx,
        hooks: { onPartStart: (source, sheet) => progress.partStart?.(f.relPath, source.id, sheet), onRows: (n, bytes) => progress.rows?.(f.relPath, n, bytes) },
      });
    } catch (error) {
      if (!(error instanceof FileError)) throw error;
      parts = [{ source: null, sheet: null, status: 'failed', message: error.reason, headerRow: null, extras: [], result: null }];
    }
    progress.fileEnd?.({ relPath: f.relPath, fileId, sha256: null, size: f.size, parts });
    for (const p of parts) {
      if (p.status === 'failed') scan.failed.push(...failedFiles([{ relPath: f.relPath, source: p.source, message: p.message ?? '' }], sources));
      else if (p.status === 'unmatched') scan.unmatched.push(f.relPath);
      else if (p.source && p.result) {
        loaded.push({ fileId, file: f.relPath, sheet: p.sheet, source: p.source, rows: p.result.loaded, rejected: p.result.rejected, statement: statementOf(f.relPath, p.titleRows ?? []) });
      }
    }
  }
  scan.parts = partCoverage(loaded, months);
  return scan;
}
